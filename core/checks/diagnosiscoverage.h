#pragma once

#include "checks/checkresult.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gs::checks {

struct DiagnosisModel;

// What a diagnosis could see and what it could not, with what to grant so that it can: the
// answer to "can I believe 'no problems'?". Coverage is complete when every check that could
// explain a 502 ran; gaps in other checks are still listed.
struct DiagnosisCoverage
{
    struct Gap
    {
        QString check;  // "nginx.error_log"
        QString title;  // "nginx error log"
        QString reason; // the check's own summary: why it could not run
        QString grant;  // what would let it run ("add gsuser to the group adm ...")
        bool essential = false;
    };

    bool complete = true;
    QList<Gap> missing;
    QString sudoers; // a least-privilege snippet for the privileged commands; empty when root

    QJsonObject toJson() const;
    static DiagnosisCoverage fromJson(const QJsonObject &json);
    // "Not checked: nginx error log (needs sudo), PHP-FPM log (needs sudo)"; empty when nothing
    // is missing.
    QString summary() const;

    static DiagnosisCoverage assess(const QList<CheckResult> &checks, const DiagnosisModel &model);
    // Checks whose gap leaves a 502 possibly unexplained.
    static bool isEssential(const QString &checkId);
};

} // namespace gs::checks
