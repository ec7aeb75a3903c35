#pragma once

#include <QJsonObject>
#include <QString>

namespace gs::config {

// One step of the safe-apply protocol as the server reported it. Names: prepare, lock,
// preflight, backup, candidate, validate, restore, reload, health, rollback, rollback.restore,
// rollback.validate, rollback.reload, rollback.health, local-backup, reconnect.
// Status: running, waiting, ok, failed, skipped.
struct ApplyStep
{
    QString name;
    QString status;
    QString detail;
    QString output; // what the step's command printed (validator, reload, health report)

    bool failed() const { return status == QLatin1String("failed"); }
    // {"name","status","detail"} plus "output" when there is some.
    QJsonObject toJson() const;
};

} // namespace gs::config
