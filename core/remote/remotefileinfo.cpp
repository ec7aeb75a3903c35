#include "remote/remotefileinfo.h"

#include "remote/scriptfile.h"

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

QString RemoteFileInfo::script(const QStringList &paths)
{
    // A tab or newline would split parse()'s lines and fields.
    for (const QString &path : paths) {
        if (path.contains(QLatin1Char('\t')) || path.contains(QLatin1Char('\n'))
            || path.contains(QChar(0)))
            return {};
    }
    return ScriptFile::command(u"file-stat.sh", paths, u"file-meta.sh");
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
