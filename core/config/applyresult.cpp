#include "config/applyresult.h"

#include <QJsonArray>

namespace gs::config {

QString applyOutcomeName(ApplyOutcome outcome)
{
    switch (outcome) {
    case ApplyOutcome::Applied: return QStringLiteral("applied");
    case ApplyOutcome::Unchanged: return QStringLiteral("unchanged");
    case ApplyOutcome::ValidationFailed: return QStringLiteral("validation_failed");
    case ApplyOutcome::Conflict: return QStringLiteral("conflict");
    case ApplyOutcome::RolledBack: return QStringLiteral("rolled_back");
    case ApplyOutcome::RollbackFailed: return QStringLiteral("rollback_failed");
    case ApplyOutcome::Error: break;
    }
    return QStringLiteral("error");
}

QJsonObject ApplyResult::toJson() const
{
    QJsonArray stepArray;
    for (const ApplyStep &step : steps)
        stepArray.append(step.toJson());
    QJsonValue backup = QJsonValue::Null;
    if (!backupId.isEmpty()) {
        QJsonObject object{{QStringLiteral("id"), backupId}, {QStringLiteral("path"), backupPath}};
        if (!localBackupPath.isEmpty())
            object.insert(QStringLiteral("local_path"), localBackupPath);
        backup = object;
    }
    QJsonObject json{{QStringLiteral("path"), path},
                     {QStringLiteral("applied"), applied()},
                     {QStringLiteral("rolled_back"), rolledBack()},
                     {QStringLiteral("outcome"), applyOutcomeName(outcome)},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("backup"), backup},
                     {QStringLiteral("validation"),
                      QJsonObject{{QStringLiteral("command"), validationCommand},
                                  {QStringLiteral("output"), validationOutput}}},
                     {QStringLiteral("steps"), stepArray}};
    if (!stillFailing.isEmpty())
        json.insert(QStringLiteral("still_failing"), QJsonArray::fromStringList(stillFailing));
    if (!restartNeeded.isEmpty())
        json.insert(QStringLiteral("restart_needed"), restartNeeded);
    if (!restartService.isEmpty())
        json.insert(QStringLiteral("restart_service"), restartService);
    return json;
}

ApplyOutcome applyOutcomeFromName(QStringView name)
{
    for (ApplyOutcome outcome : {ApplyOutcome::Applied,
                                 ApplyOutcome::Unchanged,
                                 ApplyOutcome::ValidationFailed,
                                 ApplyOutcome::Conflict,
                                 ApplyOutcome::RolledBack,
                                 ApplyOutcome::RollbackFailed}) {
        if (name == applyOutcomeName(outcome))
            return outcome;
    }
    return ApplyOutcome::Error;
}

} // namespace gs::config
