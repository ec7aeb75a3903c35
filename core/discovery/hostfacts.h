#pragma once

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace gs::discovery {

// A running (or installed) nginx, found from its master's command line or compiled-in defaults.
struct NginxFacts
{
    bool installed = false;
    bool running = false;
    int masterPid = 0;
    QString binary;  // /usr/sbin/nginx
    QString version; // 1.22.1
    QString config;  // the -c file, else the compiled-in --conf-path
    QString prefix;  // the -p prefix, else the compiled-in --prefix
    QString compiledConfPath;
    QString compiledPrefix;
    QString compiledErrorLog;
    qint64 startedEpoch = 0;        // the master's start, 0 when unknown
    qint64 workersStartedEpoch = 0; // the newest worker's start: the last reload, 0 when unknown
};

struct FpmMaster
{
    int pid = 0;
    QString binary;
    QString config; // from "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)"
    QString user;
    qint64 startedEpoch = 0; // 0 when unknown
};

struct FpmFacts
{
    QStringList binaries; // every php-fpm binary found (php-fpm8.2, php-fpm)
    QString version;      // of the first binary
    QList<FpmMaster> masters;
};

// What a server is: OS, init system, nginx, PHP-FPM, and which tools the checks can use.
struct HostFacts
{
    QString os;     // "Debian GNU/Linux 12 (bookworm)"
    QString osId;   // "debian", "rhel", ...
    QString kernel; // "Linux 6.1.0-18-amd64"
    QString hostname;
    QString init; // "systemd", "sysvinit", "openrc", or the name of PID 1
    int cpus = 0;
    QString loginUser;
    int loginUid = -1;
    NginxFacts nginx;
    // Every nginx master found, `nginx` first; more than one is rare outside test machines.
    QList<NginxFacts> nginxMasters;
    FpmFacts fpm;
    QSet<QString> tools; // names found on PATH (ss, netstat, curl, journalctl, systemctl, ...)

    bool hasTool(const QString &name) const { return tools.contains(name); }
    bool hasSystemd() const { return init == QLatin1String("systemd"); }
    // Makes the master running with this configuration file the one diagnosed; when none runs
    // with it, `nginx` becomes that configuration, not running, and this returns false.
    bool selectNginx(const QString &config);
    QJsonObject toJson() const;
};

} // namespace gs::discovery
