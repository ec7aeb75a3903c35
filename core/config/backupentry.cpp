#include "config/backupentry.h"

namespace gs::config {

QJsonObject BackupEntry::toJson() const
{
    return QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("created"), created},
            {QStringLiteral("sha256"), sha256},
            {QStringLiteral("size"), size},
            {QStringLiteral("remote_path"),
             remotePath.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(remotePath)},
            {QStringLiteral("local_path"),
             localPath.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(localPath)}};
}

} // namespace gs::config
