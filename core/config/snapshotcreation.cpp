#include "config/snapshotcreation.h"

#include <QJsonArray>

namespace gs::config {

QJsonObject SnapshotCreation::toJson() const
{
    QJsonArray stepArray;
    for (const ApplyStep &step : steps)
        stepArray.append(step.toJson());
    return QJsonObject{{QStringLiteral("created"), created},
                       {QStringLiteral("message"), message},
                       {QStringLiteral("snapshot"),
                        created ? QJsonValue(entry.toJson()) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("steps"), stepArray}};
}

} // namespace gs::config
