#include "config/backupstore.h"

#include "config/applyscript.h"
#include "config/backupid.h"
#include "inventory/inventory.h"
#include "remote/remotefile.h"
#include "util/shellquote.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include <algorithm>

namespace gs::config {

using gs::shellQuote;

QString BackupStore::remoteRootFor(remote::RemoteHost &host)
{
    if (host.canRunPrivileged())
        return defaultRemoteRoot();
    auto home = host.run(QStringLiteral("printf '%s' \"$HOME\""));
    if (!home || !home->succeeded() || !home->stdOut.startsWith('/'))
        return QStringLiteral("/tmp/gatescope-backups");
    return QString::fromUtf8(home->stdOut) + QStringLiteral("/.local/share/gatescope-backups");
}

QString BackupStore::localRoot()
{
    return inventory::Inventory::dataDir() + QStringLiteral("/backups");
}

QString BackupStore::hostKey(const QString &host, int port)
{
    QString key = host + QLatin1Char('_') + QString::number(port);
    for (QChar &c : key) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('.') && c != QLatin1Char('-')
            && c != QLatin1Char('_'))
            c = QLatin1Char('_');
    }
    return key;
}

QString BackupStore::localDir(const QString &hostKey, const QString &realPath)
{
    return QDir::cleanPath(localRoot() + QLatin1Char('/') + hostKey + QLatin1Char('/') + realPath);
}

Result<QString> BackupStore::saveLocal(const QString &hostKey,
                                       const QString &realPath,
                                       const QString &id,
                                       const QByteArray &data)
{
    if (!BackupId::isValid(id))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("Not a backup id: %1").arg(id));
    const QString dir = localDir(hostKey, realPath);
    if (!QDir().mkpath(dir))
        return makeError(ErrorCode::IoError, QStringLiteral("Cannot create %1").arg(dir));
    const QString path = dir + QLatin1Char('/') + id;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit())
        return makeError(ErrorCode::IoError,
                         QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    QStringList ids = QDir(dir).entryList(QDir::Files, QDir::Name | QDir::Reversed);
    ids.erase(std::remove_if(ids.begin(),
                             ids.end(),
                             [](const QString &name) { return !BackupId::isValid(name); }),
              ids.end());
    for (qsizetype i = kKeep; i < ids.size(); ++i)
        QFile::remove(dir + QLatin1Char('/') + ids.at(i));
    return path;
}

QList<BackupEntry> BackupStore::listLocal(const QString &hostKey, const QString &realPath)
{
    QList<BackupEntry> entries;
    const QString dir = localDir(hostKey, realPath);
    for (const QString &name : QDir(dir).entryList(QDir::Files, QDir::Name | QDir::Reversed)) {
        if (!BackupId::isValid(name))
            continue;
        QFile file(dir + QLatin1Char('/') + name);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = file.readAll();
        BackupEntry entry;
        entry.id = name;
        entry.created = BackupId::created(name);
        entry.sha256 = remote::RemoteFile::sha256(data);
        entry.size = data.size();
        entry.localPath = file.fileName();
        entries << entry;
    }
    return entries;
}

Result<QList<BackupEntry>>
BackupStore::list(remote::RemoteHost &host, const QString &path, const QString &remoteRoot)
{
    auto info = remote::RemoteFile::stat(host, path);
    if (!info)
        return info.error();
    const QString realPath = info->realPath.isEmpty() ? path : info->realPath;
    const QString dir = ApplyScript::backupDir(
            remoteRoot.isEmpty() ? remoteRootFor(host) : remoteRoot, realPath);
    remote::CommandRequest request;
    request.privileged = host.canRunPrivileged();
    request.command = QStringLiteral("d=%1; for f in \"$d\"/*; do [ -f \"$f\" ] || continue; "
                                     "h=$(sha256sum < \"$f\") || continue; s=$(stat -c %s -- "
                                     "\"$f\"); printf '@@b\\t%s\\t%s\\t%s\\n' \"${f##*/}\" "
                                     "\"$s\" \"${h%% *}\"; done; true")
                              .arg(shellQuote(dir));
    auto result = host.run(std::move(request));
    if (!result)
        return result.error();
    QList<BackupEntry> entries;
    for (const QByteArray &line : result->stdOut.split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() < 4 || fields.first() != "@@b")
            continue;
        BackupEntry entry;
        entry.id = QString::fromUtf8(fields.at(1));
        if (!BackupId::isValid(entry.id))
            continue;
        entry.created = BackupId::created(entry.id);
        entry.size = fields.at(2).toLongLong();
        entry.sha256 = QString::fromLatin1(fields.at(3).trimmed());
        entry.remotePath = dir + QLatin1Char('/') + entry.id;
        entries << entry;
    }
    const QString key = hostKey(host.options().host, host.options().port);
    for (const BackupEntry &local : listLocal(key, realPath)) {
        auto it = std::find_if(entries.begin(), entries.end(), [&](const BackupEntry &e) {
            return e.id == local.id;
        });
        if (it != entries.end())
            it->localPath = local.localPath;
        else
            entries << local;
    }
    std::sort(entries.begin(), entries.end(), [](const BackupEntry &a, const BackupEntry &b) {
        return a.id > b.id;
    });
    return entries;
}

Result<QByteArray> BackupStore::content(remote::RemoteHost &host,
                                        const QString &realPath,
                                        const QString &id,
                                        const QString &remoteRoot)
{
    if (!BackupId::isValid(id))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("Not a backup id: %1").arg(id));
    auto remote = remote::RemoteFile::read(
            host, ApplyScript::backupDir(remoteRoot, realPath) + QLatin1Char('/') + id);
    if (remote)
        return remote->data;
    QFile file(localDir(hostKey(host.options().host, host.options().port), realPath)
               + QLatin1Char('/') + id);
    if (file.open(QIODevice::ReadOnly))
        return file.readAll();
    if (remote.error().code == ErrorCode::NotFound)
        return makeError(
                ErrorCode::NotFound,
                QStringLiteral("No backup %1 of %2 on the server or here.").arg(id, realPath));
    return remote.error();
}

} // namespace gs::config
