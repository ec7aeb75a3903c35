#pragma once

#include "nginx/configdirective.h"
#include "sys/parsediagnostic.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::nginx {

// Facts the diagnosis needs, derived from a parsed (include-expanded) nginx configuration:
// who the workers run as, servers and their listens, every *_pass target, upstream groups,
// effective timeouts and buffer sizes per location (http -> server -> location inheritance, nginx
// defaults when unset), log files and log formats. Every fact keeps the file:line it came from.
class ConfigModel
{
public:
    struct Source
    {
        QString file;
        int line = 0;
        bool isValid() const { return line > 0; }
    };

    // A setting in force at some level: its value and where it was set (invalid source = default).
    struct Setting
    {
        QString value; // as written: "60s", "16k", "8 16k", "off"
        Source source;
        bool isDefault() const { return !source.isValid(); }
        std::optional<qint64> milliseconds() const; // for *_timeout
        std::optional<qint64> bytes() const;        // for *_size
    };

    struct Listen
    {
        QString raw;      // "[::]:443 ssl http2"
        QString address;  // "127.0.0.1", "::", "*" (all IPv4); empty for unix
        int port = 0;     // 0 for unix
        QString unixPath; // for "unix:/path"
        bool ssl = false;
        bool http2 = false;
        bool quic = false;
        bool defaultServer = false;
        bool implicit = false; // no listen written: nginx uses *:80 (as root)
        Source source;
    };

    // proxy_pass / fastcgi_pass / uwsgi_pass / grpc_pass / scgi_pass / memcached_pass.
    struct PassTarget
    {
        QString directive; // "proxy_pass"
        QString raw;       // the argument as written
        QString scheme;    // http, https, fastcgi, uwsgi, suwsgi, grpc, grpcs, scgi, memcached
        QString host;      // address or upstream group name; empty for unix
        int port = 0;      // as written; 0 when none (see effectivePort)
        QString unixPath;
        QString uri;          // "/app/" in "http://host/app/"
        QString upstreamName; // set when host names an upstream{} block
        bool hasVariables = false;
        Source source;

        bool isUnix() const { return !unixPath.isEmpty(); }
        // The port nginx dials when none is written (80/443 by scheme); 0 for groups and unix.
        int effectivePort() const;
        // "127.0.0.1:3000", "unix:/run/php/php8.2-fpm.sock", "app_backend"
        QString peer() const;
    };

    struct Location
    {
        QString modifier;   // "", "=", "~", "~*", "^~"; "@" for named locations
        QString path;       // "/api/", "\.php$", "fallback" (without '@')
        QString parentPath; // enclosing location's path for nested ones
        Source source;
        QString root; // effective root (inherited)
        QString alias;
        std::optional<PassTarget> pass;
        QMap<QString, Setting> settings; // effective values of settingNames()
        QString setting(const QString &name) const { return settings.value(name).value; }
    };

    struct LogFile
    {
        QString path;       // resolved against the prefix when relative; "stderr", "syslog:..."
        QString rawPath;    // as written
        QString level;      // error_log: "error" when not written; access_log: empty
        QString formatName; // access_log: "combined" when not written; error_log: empty
        bool off = false;   // access_log off
        QString context;    // "main", "http", "server", "location"
        QString serverName; // first server_name of the enclosing server, if any
        Source source;
    };

    struct LogFormat
    {
        QString name;
        QString format; // the pieces concatenated, as nginx does
        QString escape; // "default", "json", "none"
        bool builtin = false;
        Source source;
    };

    struct Server
    {
        QStringList names;
        QList<Listen> listens;
        QString root;
        Source source;
        QList<Location> locations; // nested locations flattened, in order
        QMap<QString, Setting> settings;
        QList<LogFile> errorLogs;
        QList<LogFile> accessLogs;
        bool isDefaultFor(int port) const;
    };

    struct UpstreamServer
    {
        QString address; // as written: "127.0.0.1:3000", "unix:/run/app.sock", "backend:8080"
        QString host;
        int port = 0; // 0 when not written (nginx uses 80) or unix
        QString unixPath;
        int weight = 1;
        int maxFails = 1;
        qint64 failTimeoutMs = 10000;
        int maxConns = 0;
        bool backup = false;
        bool down = false;
        QStringList params; // everything after the address, verbatim
        Source source;
        int effectivePort() const { return unixPath.isEmpty() && port == 0 ? 80 : port; }
    };

    struct Upstream
    {
        QString name;
        QList<UpstreamServer> servers;
        int keepalive = 0; // idle connections cached per worker; 0 = no keepalive directive
        QString balancer;  // "round_robin" (default), "least_conn", "ip_hash", "hash", "random"
        Source source;
    };

    // Where relative log paths point: nginx's prefix (`-p`, or the compiled-in one, e.g.
    // "/usr/share/nginx/" on Debian, "/etc/nginx/" on some builds).
    struct Options
    {
        QString prefix;
    };

    static ConfigModel build(const QList<ConfigDirective> &root, const Options &options = {});

    // The settings tracked per location, with their nginx defaults (x86_64: 4k pages).
    static const QMap<QString, QString> &settingDefaults();

    QString user = QStringLiteral("nobody"); // worker user; nginx's default when not written
    QString group;
    Source userSource;
    QString workerProcesses = QStringLiteral("1");
    int workerConnections = 512;
    Source workerConnectionsSource;
    int workerRlimitNofile = 0; // 0 = not set
    QString pidPath;
    QList<Server> servers;
    QList<Upstream> upstreams;
    QList<LogFile> errorLogs;            // every error_log, all levels
    QList<LogFile> accessLogs;           // every access_log, all levels
    QMap<QString, LogFormat> logFormats; // includes the built-in "combined"
    QMap<QString, Setting> httpSettings; // effective at http level
    sys::ParseDiagnostics diagnostics;

    const Upstream *upstream(QStringView name) const;
    // Every location with a pass target, with its server.
    QList<QPair<const Server *, const Location *>> passLocations() const;

    QJsonObject toJson() const;
};

} // namespace gs::nginx
