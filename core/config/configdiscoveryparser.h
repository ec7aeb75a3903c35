#pragma once

#include "remote/remotefileinfo.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::config {

// Pure readers of what ConfigFiles' discovery commands print. No I/O.
class ConfigDiscoveryParser
{
public:
    // The value of a one-letter option ("-c FILE", "-cFILE") in a NUL-split command line.
    static QString optionValue(const QStringList &arguments, const QString &option);
    // "0::/system.slice/nginx.service" → "nginx.service"; empty when no .service unit owns it.
    static QString systemdUnit(const QByteArray &cgroup);

    // Every running nginx master: "@@nginx_master PID" sections holding its (rewritten, space
    // separated) command line, "exe=PATH" and its /proc cgroup lines.
    struct NginxMaster
    {
        int pid = 0;
        QStringList arguments; // after "nginx: master process "
        QString exe;
        QByteArray cgroup;
    };
    static QList<NginxMaster> nginxMasters(const QByteArray &output);

    // The metadata listing: "@@svc N" lines switch the service, gs_meta lines follow.
    struct Listed
    {
        int serviceIndex = -1;
        remote::RemoteFileInfo info;
    };
    static QList<Listed> listing(const QByteArray &output);
};

} // namespace gs::config
