#include "remote/remotefileinfo.h"

#include "util/shellquote.h"

namespace gs::remote {

QJsonObject RemoteFileInfo::toJson() const
{
    QJsonObject json{{QStringLiteral("path"), path},
                     {QStringLiteral("real_path"), realPath},
                     {QStringLiteral("exists"), exists},
                     {QStringLiteral("symlink"), isSymlink}};
    if (exists) {
        json.insert(QStringLiteral("size"), size);
        json.insert(QStringLiteral("owner"), owner);
        json.insert(QStringLiteral("group"), group);
        json.insert(QStringLiteral("mode"), mode);
        json.insert(QStringLiteral("sha256"), sha256);
        if (!selinuxLabel.isEmpty())
            json.insert(QStringLiteral("selinux_label"), selinuxLabel);
    }
    return json;
}

QString RemoteFileInfo::shellFunction()
{
    // %a is the permission bits in octal; the SELinux label only where SELinux is mounted
    // (elsewhere stat prints "?" and fails).
    return QStringLiteral(
            "gs_meta() { gs_p=$1; gs_r=$(readlink -f -- \"$gs_p\" 2>/dev/null) || gs_r=; "
            "if [ -L \"$gs_p\" ]; then gs_l=1; else gs_l=0; fi; "
            "if [ -n \"$gs_r\" ] && [ -f \"$gs_r\" ]; then "
            "gs_s=$(stat -c '%s\t%U\t%G\t%u\t%g\t%a' -- \"$gs_r\") || return 1; gs_c=-; "
            "if [ -d /sys/fs/selinux ]; then gs_c=$(stat -c %C -- \"$gs_r\" 2>/dev/null) "
            "|| gs_c=-; fi; "
            "gs_h=$(sha256sum < \"$gs_r\") || return 1; gs_h=${gs_h%% *}; "
            "printf '@@file\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' \"$gs_p\" \"$gs_r\" \"$gs_l\" "
            "\"$gs_s\" \"$gs_c\" \"$gs_h\"; "
            "else printf '@@missing\\t%s\\t%s\\t%s\\n' \"$gs_p\" \"$gs_r\" \"$gs_l\"; fi; }; ");
}

QString RemoteFileInfo::script(const QStringList &paths)
{
    QString command = shellFunction();
    for (const QString &path : paths) {
        if (path.contains(QLatin1Char('\t')) || path.contains(QLatin1Char('\n'))
            || path.contains(QChar(0)))
            return {};
        command += QStringLiteral("gs_meta ") + shellQuote(path) + QStringLiteral("; ");
    }
    return command + QStringLiteral("true");
}

QList<RemoteFileInfo> RemoteFileInfo::parse(const QByteArray &output)
{
    QList<RemoteFileInfo> result;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.first() == "@@file" && fields.size() >= 12) {
            RemoteFileInfo info;
            info.path = QString::fromUtf8(fields.at(1));
            info.realPath = QString::fromUtf8(fields.at(2));
            info.isSymlink = fields.at(3) == "1";
            info.exists = true;
            info.size = fields.at(4).toLongLong();
            info.owner = QString::fromUtf8(fields.at(5));
            info.group = QString::fromUtf8(fields.at(6));
            info.uid = fields.at(7).toInt();
            info.gid = fields.at(8).toInt();
            info.mode = QString::fromLatin1(fields.at(9));
            const QByteArray label = fields.at(10);
            if (label != "-" && label != "?")
                info.selinuxLabel = QString::fromUtf8(label);
            info.sha256 = QString::fromLatin1(fields.at(11).trimmed()).toLower();
            result << info;
        } else if (fields.first() == "@@missing" && fields.size() >= 4) {
            RemoteFileInfo info;
            info.path = QString::fromUtf8(fields.at(1));
            info.realPath = QString::fromUtf8(fields.at(2));
            info.isSymlink = fields.at(3).trimmed() == "1";
            result << info;
        }
    }
    return result;
}

} // namespace gs::remote
