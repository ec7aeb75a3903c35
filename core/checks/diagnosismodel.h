#pragma once

#include "checks/fpmmodel.h"
#include "checks/hostmodel.h"
#include "checks/networkmodel.h"
#include "checks/probecatalog.h"
#include "checks/rawobservations.h"
#include "checks/servicemodel.h"
#include "checks/trafficmodel.h"
#include "discovery/hostfacts.h"
#include "nginx/configmodel.h"
#include "nginx/errorlogentry.h"
#include "nginx/testoutputparser.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <optional>

namespace gs::checks {

// A unix socket as the server shows it, with the directories above it.
struct UnixSocketProbe
{
    QString path;
    bool exists = false;
    bool isSocket = false;
    QString owner;
    QString group;
    int mode = 0; // octal digits read as an int: 660 -> 0660
    struct Dir
    {
        QString path;
        QString owner;
        QString group;
        int mode = 0;
    };
    QList<Dir> parents;
};

// A TCP upstream as probed from the server: connect, and for HTTP one request.
struct TcpProbe
{
    QString peer; // host:port
    enum class Outcome {
        Open,
        Refused,
        Timeout,
        Unreachable,
        Failed,
        Unknown
    } outcome
            = Outcome::Unknown;
    QString detail;
    int httpStatus = -1; // -1: no HTTP probe; 0: no answer
    double seconds = 0;
};

// One pass target of the configuration and the probes made for it.
struct UpstreamTarget
{
    nginx::ConfigModel::PassTarget pass;
    QString serverName;
    QString location;
    QStringList peers;            // the addresses actually dialled (a group's servers)
    qint64 readTimeoutMs = 60000; // proxy_read_timeout / fastcgi_read_timeout in force
    QString readTimeoutDirective;
    QString sslVerify;     // proxy_ssl_verify in force ("off", "on")
    QString sslServerName; // proxy_ssl_server_name in force
};

// A site served by this nginx and what it answered when fetched from the server.
struct SiteProbe
{
    QString url;
    QString serverName;
    nginx::ConfigModel::Source source;
    int httpStatus = -1;
    QString detail;

    // Fetched, and it answered 5xx or nothing.
    bool failing() const { return httpStatus == 0 || httpStatus >= 500; }
    // "shop.example (http://127.0.0.1:80/)", or the URL alone for a nameless server.
    QString displayName() const
    {
        return serverName.isEmpty() ? url : serverName + QStringLiteral(" (") + url + u')';
    }
};

// An error log entry with where it came from and its time in UTC.
struct LoggedError
{
    QString source;
    nginx::ErrorLogEntry entry;
    QDateTime utc;
};

// Everything the checks read, parsed from RawObservations. Pure: built without I/O. A live
// diagnosis builds one model round by round (absorb), each output read once; a replay builds it
// whole (build).
struct DiagnosisModel
{
    RawObservations raw;
    discovery::HostFacts facts;
    QDateTime nowUtc;
    QDateTime windowStartUtc;

    // nginx
    // From `nginx -T`, else from reading the files (nginxFromFiles); absent when neither worked.
    std::optional<nginx::ConfigModel> nginx;
    bool nginxFromFiles = false;
    nginx::TestOutputParser::Result nginxTest;
    bool nginxTestRan = false;
    QString nginxTestOutput; // what `nginx -t` printed (stderr), trimmed
    // `nginx -t` failed on files the login may not open (its pid file, keys): not a finding.
    bool nginxTestDenied = false;
    QList<UpstreamTarget> upstreams;
    QList<LoggedError> errors; // inside the window, oldest first
    QStringList errorLogsRead;
    QStringList errorLogsMissing;               // configured but unreadable, with why
    QHash<QString, TcpProbe> tcpProbes;         // by peer
    QHash<QString, UnixSocketProbe> unixProbes; // by path
    QList<SiteProbe> sites;
    QStringList workerGroups; // nginx worker user's groups (first entry: the user)

    FpmModel fpm;          // PHP-FPM configurations, php-fpm -t, FPM logs, status pages
    HostModel host;        // memory, load, disks, ports, sockets, OOM kills, open-file limits
    NetworkModel network;  // firewall, SELinux, name lookups, TLS handshakes
    ServiceModel services; // the units and init scripts behind the upstreams
    TrafficModel traffic;  // the requests the access logs hold for the window

    static DiagnosisModel build(const RawObservations &raw);
    // Reads the outputs of one round's probes (ProbeCatalog's `absorb`, in catalog order);
    // with `only`, just those of them (a round read in parts, as its outputs come in).
    void absorb(const RawObservations &observed,
                Round round,
                const std::optional<QSet<ProbeId>> &only = std::nullopt);

    // How each probe's output enters the model: ProbeCatalog's entries point here.
    void readFacts(const RawObservations &observed, Round round);
    void readNginxDump(const RawObservations &observed, Round round);
    // The files when `nginx -T` gave nothing, then the upstreams of whichever was read.
    void readNginxFiles(const RawObservations &observed, Round round);
    void readFpmConfigs(const RawObservations &observed, Round round);
    void readErrorLogs(const RawObservations &observed, Round round);
    void readUnixSockets(const RawObservations &observed, Round round);
    void readTcpUpstreams(const RawObservations &observed, Round round);
    void readWorkerGroups(const RawObservations &observed, Round round);
    void readSites(const RawObservations &observed, Round round);

    // The error log files to read, from the configuration (or the compiled-in default).
    QStringList errorLogPaths() const;
    // The configuration location that dials `peer` ("127.0.0.1:3000", "unix:/x.sock", a group).
    const UpstreamTarget *targetForPeer(const QString &peer) const;
    // Why a probe gave nothing to read: the gatherer's reason, or `unplanned` when it did not run.
    QString whyNotRead(ProbeId id,
                       const QString &subject = QString(),
                       const QString &unplanned = QStringLiteral("not run")) const;
};

} // namespace gs::checks
