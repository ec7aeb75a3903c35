#pragma once

#include "remote/remotefileinfo.h"
#include "remote/remotehost.h"
#include "util/result.h"

#include <QByteArray>
#include <QString>

namespace gs::remote {

// Whole-file reads and writes on a server, with the metadata that must survive an edit.
// Blocking: call from a worker thread (or the CLI), never from the GUI thread. Commands run
// privileged when the login can (root or sudo), else as the login.
class RemoteFile
{
public:
    struct Content
    {
        RemoteFileInfo info;
        QByteArray data;
    };

    struct WriteOptions
    {
        // When set, the write happens only if the file's current sha256 is this one (Conflict).
        QString expectedSha256;
        // Permission bits for a file that does not exist yet (octal, as chmod takes them).
        QString newFileMode = QStringLiteral("644");
    };

    // The host-wide lock every change Gatescope makes is serialised by (flock(1) on this file).
    static QString lockPath() { return QStringLiteral("/run/lock/gatescope.lock"); }

    // Reads the content of the file `path` resolves to, with its metadata. The content is checked
    // against the sha256 taken on the server (a file changing under the read is read again).
    // NotFound when it does not exist or is not a regular file.
    static Result<Content> read(RemoteHost &host, const QString &path);
    static Result<RemoteFileInfo> stat(RemoteHost &host, const QString &path);

    // Replaces the file atomically: the data goes to a dot-named temp file in the same directory
    // (so no include glob picks it up), gets the original's owner, mode and SELinux label, is
    // fsynced and renamed over the target (the resolved target when `path` is a symlink, which
    // stays a symlink). Under the host lock. A dropped connection leaves the old or the new file.
    static Result<RemoteFileInfo> write(RemoteHost &host,
                                        const QString &path,
                                        const QByteArray &data,
                                        const WriteOptions &options);

    // sha256 of bytes as lowercase hex, the form the server's sha256sum prints.
    static QString sha256(const QByteArray &data);
};

} // namespace gs::remote
