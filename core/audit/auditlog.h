#pragma once

#include "util/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gs::audit {

// One action or change Gatescope made on a server.
struct AuditEntry
{
    QDateTime time; // UTC
    QString server; // inventory name or target as typed
    QString host;   // user@host:port
    QString localUser;
    QString action;  // "service.start", "config.apply", "config.restore", "probe", ...
    QString subject; // what was acted on: the service ("php8.2-fpm"), the file; may be empty
    QString command; // the exact command run (never a secret: those travel on stdin)
    QString outcome; // "ok", "failed", "rolled_back", "refused", ...
    QString detail;

    QJsonObject toJson() const;
    static AuditEntry fromJson(const QJsonObject &json);
};

// The local, append-only record of every change: one JSON object per line in
// DATA_DIR/audit.jsonl (GATESCOPE_DATA_DIR or the user's data folder). Appends are single
// write() calls on an O_APPEND file, so GUI and CLI can write at the same time. Entries are
// never rewritten or removed by Gatescope.
class AuditLog
{
public:
    static QString defaultPath();

    explicit AuditLog(QString path = defaultPath());

    Result<void> append(AuditEntry entry) const;
    // Every entry, oldest first; `server` filters when not empty. Damaged lines are skipped.
    Result<QList<AuditEntry>> read(const QString &server = {}) const;

private:
    QString m_path;
};

} // namespace gs::audit
