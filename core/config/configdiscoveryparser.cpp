#include "config/configdiscoveryparser.h"

#include "util/sections.h"

#include <algorithm>

namespace gs::config {

QString ConfigDiscoveryParser::optionValue(const QStringList &arguments, const QString &option)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &word = arguments.at(i);
        if (word == option && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (word.startsWith(option) && word.size() > option.size())
            return word.mid(option.size());
    }
    return {};
}

QString ConfigDiscoveryParser::systemdUnit(const QByteArray &cgroup)
{
    for (const QByteArray &line : cgroup.split('\n')) {
        const qsizetype colon = line.lastIndexOf(':');
        if (colon < 0)
            continue;
        const QList<QByteArray> parts = line.mid(colon + 1).trimmed().split('/');
        for (auto it = parts.crbegin(); it != parts.crend(); ++it) {
            if (it->endsWith(".service"))
                return QString::fromUtf8(*it);
        }
    }
    return {};
}

QList<ConfigDiscoveryParser::NginxMaster>
ConfigDiscoveryParser::nginxMasters(const QByteArray &output)
{
    QList<NginxMaster> masters;
    const QHash<QString, QByteArray> parts = splitSections(output);
    for (auto it = parts.cbegin(); it != parts.cend(); ++it) {
        if (!it.key().startsWith(QLatin1String("nginx_master ")))
            continue;
        NginxMaster master;
        master.pid = it.key().mid(13).toInt();
        const QList<QByteArray> lines = it.value().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("nginx: master process")) {
                master.arguments = QString::fromUtf8(line.mid(22))
                                           .split(QLatin1Char(' '), Qt::SkipEmptyParts);
            } else if (line.startsWith("exe=")) {
                master.exe = QString::fromUtf8(line.mid(4).trimmed());
            } else if (!line.trimmed().isEmpty()) {
                master.cgroup += line + '\n';
            }
        }
        if (master.pid > 0)
            masters << master;
    }
    std::sort(masters.begin(), masters.end(), [](const NginxMaster &a, const NginxMaster &b) {
        return a.pid < b.pid;
    });
    return masters;
}

QList<ConfigDiscoveryParser::Listed> ConfigDiscoveryParser::listing(const QByteArray &output)
{
    QList<Listed> result;
    int service = -1;
    for (const QByteArray &line : output.split('\n')) {
        if (line.startsWith("@@svc ")) {
            service = line.mid(6).trimmed().toInt();
            continue;
        }
        const QList<remote::RemoteFileInfo> infos = remote::RemoteFileInfo::parse(line);
        if (!infos.isEmpty())
            result.append(Listed{service, infos.first()});
    }
    return result;
}

} // namespace gs::config
