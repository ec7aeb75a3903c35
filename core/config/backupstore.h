#pragma once

#include "config/backupentry.h"
#include "remote/remotehost.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace gs::config {

// The backups safe apply keeps of each file: on the server under
// <root>/files/<real path>/<id> (outside every include glob, never named *.conf), and a local copy
// under the data directory (GATESCOPE_DATA_DIR or the per-user data dir)/backups/<host>/<real
// path>/<id>. Both keep the newest kKeep per file. Remote calls block: worker threads only.
class BackupStore
{
public:
    static constexpr int kKeep = 20;
    static QString defaultRemoteRoot() { return QStringLiteral("/var/backups/gatescope"); }
    // Where backups go on this host: defaultRemoteRoot() when commands run privileged, else
    // ~/.local/share/gatescope-backups of the login (a login without sudo edits its own files).
    static QString remoteRootFor(remote::RemoteHost &host);

    static QString localRoot();
    static QString hostKey(const QString &host, int port); // "web1.example.com_22"
    static QString localDir(const QString &hostKey, const QString &realPath);
    // Writes the local copy (atomically) and prunes to kKeep; returns its path.
    static Result<QString> saveLocal(const QString &hostKey,
                                     const QString &realPath,
                                     const QString &id,
                                     const QByteArray &data);
    static QList<BackupEntry> listLocal(const QString &hostKey, const QString &realPath);

    // Every backup of the file `path` resolves to, newest first, remote and local merged by id.
    // An empty remoteRoot means remoteRootFor(host).
    static Result<QList<BackupEntry>>
    list(remote::RemoteHost &host, const QString &path, const QString &remoteRoot = {});
    // A backup's content: from the server, else from the local copy (sha256-checked).
    static Result<QByteArray> content(remote::RemoteHost &host,
                                      const QString &realPath,
                                      const QString &id,
                                      const QString &remoteRoot = {});
};

} // namespace gs::config
