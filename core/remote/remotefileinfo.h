#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::remote {

// What a remote file is, as `readlink -f`, `stat` and `sha256sum` saw it on the server.
// `path` is the name asked for; `realPath` is where its bytes live (symlinks resolved), which is
// what gets backed up, replaced and hashed. A symlink is never replaced: writes go through it.
struct RemoteFileInfo
{
    QString path;
    QString realPath;
    bool exists = false;
    bool isSymlink = false; // `path` itself is a symlink
    qint64 size = 0;
    QString owner;
    QString group;
    int uid = -1;
    int gid = -1;
    QString mode;         // octal permission bits as stat %a prints them: "644", "2750"
    QString selinuxLabel; // empty where SELinux is off
    QString sha256;       // lowercase hex of the content

    QJsonObject toJson() const;

    // A POSIX sh command that prints one line per path (see parse()): core/scripts/file-stat.sh
    // with the paths as its arguments, on the library file-meta.sh, whose `gs_meta PATH` prints
    // "@@file\tPATH\tREAL\tLINK\tSIZE\tOWNER\tGROUP\tUID\tGID\tMODE\tLABEL\tSHA" or
    // "@@missing\tPATH\tREAL\tLINK" (other scripts that report files, such as safe apply, put the
    // same library in front of them). Runs unprivileged or through sudo, reads only. Paths
    // holding a tab or newline are refused (empty result).
    static QString script(const QStringList &paths);
    // Pure: the "@@file"/"@@missing" lines of script()'s output, in order; other lines ignored.
    static QList<RemoteFileInfo> parse(const QByteArray &output);
};

} // namespace gs::remote
