#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gs::config {

enum class ServiceKind { Nginx, PhpFpm };

QString serviceKindName(ServiceKind kind); // "nginx", "php-fpm"

// A server program whose configuration Gatescope edits: how to test its configuration, where its
// master runs, how to reload it and which logs tell whether the reload took.
struct ConfigService
{
    ServiceKind kind = ServiceKind::Nginx;
    QString binary;        // /usr/sbin/nginx, /usr/sbin/php-fpm8.2
    QString config;        // main configuration file (-c / -y)
    QString prefix;        // nginx -p of the running master
    QString errorLogArg;   // nginx -e of the running master
    int masterPid = 0;     // 0 when not running
    QString pidFile;       // from the configuration (nginx `pid`, FPM `pid`); may be empty
    QString systemdUnit;   // "nginx.service" when systemd runs this master; empty otherwise
    QStringList errorLogs; // absolute paths of the logs the health check reads

    bool running() const { return masterPid > 0; }
    QString name() const;
    // The validator as one shell command line (all arguments quoted), stderr folded into stdout.
    QString testCommand() const;
    // The validator as people read it: "/usr/sbin/nginx -p /srv/ -c /srv/nginx.conf -t".
    QString testCommandText() const;
    // nginx only: `nginx -T` with the master's -p/-c/-e; the dump on stdout, errors on stderr.
    QString dumpCommand() const;
    // What the reload does, for people: "systemctl reload nginx.service" or "kill -HUP <pid>".
    QString reloadDescription() const;
    QJsonObject toJson() const;
};

} // namespace gs::config
