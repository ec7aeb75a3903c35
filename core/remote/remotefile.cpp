#include "remote/remotefile.h"

#include "remote/remotefileinfo.h"
#include "remote/scriptfile.h"

#include <QCryptographicHash>

namespace gs::remote {

namespace {

bool usablePath(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) && !path.contains(QLatin1Char('\n'))
           && !path.contains(QLatin1Char('\t')) && !path.contains(QChar(0));
}

CommandRequest request(RemoteHost &host, const QString &command, const QString &label)
{
    CommandRequest req;
    req.command = command;
    req.privileged = host.canRunPrivileged();
    req.label = label;
    return req;
}

Error commandError(const CommandResult &result, const QString &what)
{
    QString text = QString::fromUtf8(result.stdErr).trimmed();
    if (text.isEmpty())
        text = QString::fromUtf8(result.stdOut).trimmed().right(400);
    return makeError(
            ErrorCode::CommandFailed,
            QStringLiteral("%1 failed (exit %2): %3").arg(what).arg(result.exitStatus).arg(text));
}

} // namespace

QString RemoteFile::sha256(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

Result<RemoteFileInfo> RemoteFile::stat(RemoteHost &host, const QString &path)
{
    if (!usablePath(path))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("Not an absolute path: %1").arg(path));
    auto result = host.run(
            request(host, RemoteFileInfo::script({path}), QStringLiteral("stat ") + path));
    if (!result)
        return result.error();
    const QList<RemoteFileInfo> infos = RemoteFileInfo::parse(result->stdOut);
    if (infos.isEmpty())
        return commandError(*result, QStringLiteral("Reading %1").arg(path));
    return infos.first();
}

Result<RemoteFile::Content> RemoteFile::read(RemoteHost &host, const QString &path)
{
    if (!usablePath(path))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("Not an absolute path: %1").arg(path));
    const QString command = ScriptFile::command(u"remote-file-read.sh", {path}, u"file-meta.sh");
    // The content may change between the hash and the cat: a mismatch is read again.
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto result = host.run(request(host, command, QStringLiteral("read ") + path));
        if (!result)
            return result.error();
        const QByteArray &out = result->stdOut;
        const qsizetype newline = out.indexOf('\n');
        const QList<RemoteFileInfo> infos = RemoteFileInfo::parse(out.left(newline + 1));
        if (infos.isEmpty())
            return commandError(*result, QStringLiteral("Reading %1").arg(path));
        if (!infos.first().exists)
            return makeError(
                    ErrorCode::NotFound,
                    QStringLiteral("%1 does not exist or is not a regular file.").arg(path));
        if (!result->succeeded())
            return commandError(*result, QStringLiteral("Reading %1").arg(path));
        if (result->stdOutTruncated)
            return makeError(ErrorCode::IoError, QStringLiteral("%1 is too large.").arg(path));
        Content content{infos.first(), out.mid(newline + 1)};
        if (sha256(content.data) == content.info.sha256)
            return content;
    }
    return makeError(ErrorCode::IoError,
                     QStringLiteral("%1 kept changing while it was read.").arg(path));
}

Result<RemoteFileInfo> RemoteFile::write(RemoteHost &host,
                                         const QString &path,
                                         const QByteArray &data,
                                         const WriteOptions &options)
{
    if (!usablePath(path))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("Not an absolute path: %1").arg(path));
    const QString command
            = ScriptFile::text(u"file-meta.sh") + ScriptFile::assignment(u"gs_lock", lockPath())
              + ScriptFile::assignment(u"gs_lock_wait", QStringLiteral("300"))
              + ScriptFile::assignment(u"p", path)
              + ScriptFile::assignment(u"expect", options.expectedSha256)
              + ScriptFile::assignment(u"want", sha256(data))
              + ScriptFile::assignment(u"mode", options.newFileMode)
              + ScriptFile::text(u"lock-journal.sh") + ScriptFile::text(u"remote-file-write.sh");
    CommandRequest req = request(host, command, QStringLiteral("write ") + path);
    req.stdinData = data;
    auto result = host.run(std::move(req));
    if (!result)
        return result.error();
    const QByteArray out = result->stdOut;
    if (result->exitStatus == 6) {
        return makeError(ErrorCode::Conflict,
                         QStringLiteral("%1 changed on the server since it was read.").arg(path),
                         QStringLiteral("Read it again and redo the edit."));
    }
    const QList<RemoteFileInfo> infos = RemoteFileInfo::parse(out);
    if (!result->succeeded() || infos.isEmpty()) {
        const qsizetype at = out.indexOf("@@error ");
        if (at >= 0) {
            const QByteArray line = out.mid(at + 8).split('\n').first();
            return makeError(ErrorCode::IoError,
                             QStringLiteral("Writing %1: %2").arg(path, QString::fromUtf8(line)));
        }
        return commandError(*result, QStringLiteral("Writing %1").arg(path));
    }
    return infos.first();
}

} // namespace gs::remote
