#pragma once

#include "config/applystep.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace gs::config {

// What the apply script's health step saw, check by check: "GET http://127.0.0.1/: 502 (before:
// 502)". The script fails a change only when a check that passed before fails after it, so a
// site that was down and stays down passes as "not made worse". Whether the site answers now is
// a separate question, asked here, so that such an apply is never reported as healthy. Pure.
class HealthVerdict
{
public:
    struct Check
    {
        QString label;  // "GET http://127.0.0.1:80/ (shop.example)", "FPM ping ... (pool www)"
        QString now;    // "200", "502", "000", "pong", "fail", "skip"
        QString before; // the same before the change ("new" for a check that had no baseline)
    };

    static QList<Check> parse(const QString &healthOutput);
    // As the script's gs_failing: no answer (000, empty), a 5xx, or a failed ping.
    static bool failing(const QString &code);
    // The checks of the apply's health step (not the rollback's) that fail now, in words:
    // "GET http://127.0.0.1:80/ answers 502 (502 before the change)".
    static QStringList stillFailing(const QList<ApplyStep> &steps);
};

} // namespace gs::config
