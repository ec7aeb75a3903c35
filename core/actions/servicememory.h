#pragma once

#include "discovery/hostfacts.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gs::actions {

// How a server's nginx and PHP-FPM masters were last seen running, kept locally so that a
// stopped daemon on a host without systemd or init scripts can be started the way it ran
// (binary, arguments). DATA_DIR/services.json, keyed by user@host:port.
class ServiceMemory
{
public:
    struct Daemon
    {
        QString binary;
        QStringList args; // nginx: as on its command line; FPM: -y CONFIG
        QString config;
    };

    static QString defaultPath();

    // Records the masters these facts show running.
    static void remember(const QString &hostKey,
                         const discovery::HostFacts &facts,
                         const QString &path = defaultPath());
    static std::optional<Daemon> nginx(const QString &hostKey, const QString &path = defaultPath());
    static QList<Daemon> fpm(const QString &hostKey, const QString &path = defaultPath());

    // The argv of a running nginx master, from its rewritten title
    // "nginx: master process /usr/sbin/nginx -p /x -c /x/nginx.conf".
    static QStringList nginxArgsFromTitle(const QString &title);
};

} // namespace gs::actions
