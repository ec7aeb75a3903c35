#include "audit/auditlog.h"

#include "inventory/inventory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

namespace gs::audit {

QJsonObject AuditEntry::toJson() const
{
    return QJsonObject{{QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("server"), server},
                       {QStringLiteral("host"), host},
                       {QStringLiteral("local_user"), localUser},
                       {QStringLiteral("action"), action},
                       {QStringLiteral("subject"), subject},
                       {QStringLiteral("command"), command},
                       {QStringLiteral("outcome"), outcome},
                       {QStringLiteral("detail"), detail}};
}

AuditEntry AuditEntry::fromJson(const QJsonObject &json)
{
    AuditEntry entry;
    entry.time = QDateTime::fromString(json.value(QStringLiteral("time")).toString(),
                                       Qt::ISODateWithMs);
    entry.server = json.value(QStringLiteral("server")).toString();
    entry.host = json.value(QStringLiteral("host")).toString();
    entry.localUser = json.value(QStringLiteral("local_user")).toString();
    entry.action = json.value(QStringLiteral("action")).toString();
    entry.subject = json.value(QStringLiteral("subject")).toString();
    entry.command = json.value(QStringLiteral("command")).toString();
    entry.outcome = json.value(QStringLiteral("outcome")).toString();
    entry.detail = json.value(QStringLiteral("detail")).toString();
    return entry;
}

QString AuditLog::defaultPath()
{
    return inventory::Inventory::dataDir() + QStringLiteral("/audit.jsonl");
}

AuditLog::AuditLog(QString path)
    : m_path(std::move(path))
{}

Result<void> AuditLog::append(AuditEntry entry) const
{
    if (!entry.time.isValid())
        entry.time = QDateTime::currentDateTimeUtc();
    if (entry.localUser.isEmpty())
        entry.localUser = qEnvironmentVariable("USER");
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("Could not write the audit log %1: %2")
                                 .arg(m_path, file.errorString()));
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // One write of one line: concurrent writers interleave whole lines, never parts of them.
    const QByteArray line = QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
    if (file.write(line) != line.size() || !file.flush()) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("Could not write the audit log %1: %2")
                                 .arg(m_path, file.errorString()));
    }
    return {};
}

Result<QList<AuditEntry>> AuditLog::read(const QString &server) const
{
    QList<AuditEntry> entries;
    QFile file(m_path);
    if (!file.exists())
        return entries;
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("Could not read the audit log %1: %2")
                                 .arg(m_path, file.errorString()));
    }
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (!document.isObject())
            continue;
        AuditEntry entry = AuditEntry::fromJson(document.object());
        if (server.isEmpty() || entry.server == server)
            entries << entry;
    }
    return entries;
}

} // namespace gs::audit
