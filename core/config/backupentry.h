#pragma once

#include <QJsonObject>
#include <QString>

namespace gs::config {

// One backup of a configuration file: on the server, on this machine, or both.
struct BackupEntry
{
    QString id;      // "20261121T132503Z-3f2a9c01b7de": UTC time of the backup + sha256 prefix
    QString created; // ISO 8601 UTC, from the id
    QString sha256;
    qint64 size = -1;
    QString remotePath; // empty when only the local copy is left
    QString localPath;  // empty when there is no local copy

    // spec/cli.md: {"id","created","sha256","size","remote_path","local_path"}
    QJsonObject toJson() const;
};

} // namespace gs::config
