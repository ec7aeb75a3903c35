#pragma once

#include "nginx/configparser.h"

#include <QList>
#include <QString>

namespace gs::config {

// What the health check after a reload looks at, derived (purely) from the configuration:
// HTTP probes of the nginx servers the edited file defines and FPM pings of the pools it defines.
// Each item says whether it is judged after the change, after a rollback, or both: a server the
// change removes is not expected to answer afterwards, one it adds was not there before.
struct HealthPlan
{
    struct Probe
    {
        QString url;        // "http://127.0.0.1:8080/"
        QString hostHeader; // first server_name; empty for none
        bool afterApply = true;
        bool afterRollback = true;
    };

    struct Ping
    {
        QString connect;  // cgi-fcgi -connect: "/run/php/x.sock" or "127.0.0.1:9000"
        QString pingPath; // "/ping"
        QString pool;
        bool afterApply = true;
        bool afterRollback = true;
    };

    QList<Probe> probes;
    QList<Ping> pings;

    static constexpr int kMaxProbes = 8;

    // An nginx file: servers defined in `path` before (oldText) and after (newText) the change;
    // every server of the configuration when the file defines none (an upstream or params file).
    static HealthPlan forNginx(const nginx::ConfigParser::Dump &dump,
                               const QString &path,
                               const QString &oldText,
                               const QString &newText,
                               const QString &prefix);
    // The whole configuration (a whole-tree restore): every server, judged both ways.
    static HealthPlan forAllServers(const nginx::ConfigParser::Dump &dump, const QString &prefix);
    // A PHP-FPM file: the pools it defines (pings where ping.path is set) and the nginx servers
    // that pass to those pools (every FastCGI server when the file defines no pool).
    static HealthPlan forFpm(const QList<nginx::ConfigParser::Dump> &nginxDumps,
                             const QString &path,
                             const QString &oldText,
                             const QString &newText);
};

} // namespace gs::config
