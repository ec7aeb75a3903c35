#pragma once

#include "checks/rawobservations.h"
#include "discovery/hostfacts.h"
#include "phpfpm/fpmlogentry.h"
#include "phpfpm/fpmstatus.h"
#include "phpfpm/fpmtestoutputparser.h"
#include "phpfpm/poolconfig.h"

#include <QDateTime>
#include <QList>
#include <QMap>

#include <optional>

namespace gs::checks {

// One PHP-FPM installation as the diagnosis saw it: the configuration of a running master (or
// the installed binary's default one), `php-fpm -t`, and its log inside the window.
struct FpmInstance
{
    struct LogLine
    {
        phpfpm::FpmLogEntry entry;
        QDateTime utc;
    };

    QString config; // main configuration file
    QString binary;
    int masterPid = 0; // 0: installed, not running
    QString masterUser;
    // An installed FPM's default configuration while other FPMs run: read only when nginx
    // passes to no running pool, to tell "that FPM is down" from "nginx points nowhere".
    bool dormant = false;

    bool configRead = false;
    QString configError;    // why it could not be read
    QStringList files;      // every file read (main file first)
    QStringList unreadable; // included files that could not be read, with why
    phpfpm::PoolConfig conf;

    bool testRan = false;
    QString testOutput;
    phpfpm::FpmTestOutputParser::Result test;

    QString errorLog; // resolved as FPM does; empty when it logs to syslog
    bool logRead = false;
    QString logError;
    QList<LogLine> log; // inside the window, oldest first
};

// A pool's status page and how it was fetched.
struct FpmPoolStatus
{
    QString pool;
    QString via; // "cgi-fcgi", "http://127.0.0.1:8080/fpm-status"
    bool ok = false;
    bool timedOut = false; // no answer in time: every worker busy, the request queued
    QString error;
    phpfpm::FpmStatus status;
    QString raw;
};

// Everything about PHP-FPM the checks read, parsed once. Pure.
struct FpmModel
{
    QList<FpmInstance> instances;
    QMap<QString, FpmPoolStatus> status; // by pool name

    struct PoolRef
    {
        const FpmInstance *instance = nullptr;
        const phpfpm::PoolConfig::Pool *pool = nullptr;
    };

    // The installations to look at: every running master, else each installed binary with its
    // default configuration; with masters running, the other binaries' defaults come as
    // dormant. Only config, binary, masterPid, masterUser and dormant are set.
    static QList<FpmInstance> discover(const discovery::HostFacts &facts);
    // /usr/sbin/php-fpm8.2 -> /etc/php/8.2/fpm/php-fpm.conf; php-fpm -> /etc/php-fpm.conf.
    static QString defaultConfigFor(const QString &binary);
    // The binary that goes with a configuration file (by the PHP version in its path).
    static QString binaryFor(const QString &config, const QStringList &binaries);
    // error_log of [global] resolved as FPM does (relative to /var); empty for syslog.
    static QString resolveErrorLog(const phpfpm::PoolConfig &conf);

    // A pool's listen as nginx would write the peer: "unix:/run/php/x.sock", "127.0.0.1:9000".
    static QString peerOf(const QString &listen);
    // Whether nginx dialling `peer` reaches a pool listening on `listen`.
    static bool listenMatches(const QString &listen, const QString &peer);
    // "host:port" / "[v6]:port" / "port" -> host (empty for a bare port) and port.
    static bool splitHostPort(const QString &text, QString *host, int *port);

    // The pool (of any instance whose configuration was read) listening where `peer` points.
    std::optional<PoolRef> poolForPeer(const QString &peer) const;
    bool anyConfigRead() const;
    // Every pool's listen, over all instances whose configuration was read.
    QStringList listens() const;
    // Included files of any instance that could not be read, with why.
    QStringList unreadable() const;

    // What the probes gave, each read once (DiagnosisModel::absorb calls these round by round).
    // The installations of `facts` with their configurations (dormant ones only when read).
    void
    readConfigs(const RawObservations &raw, const discovery::HostFacts &facts, bool withDormant);
    void readTests(const RawObservations &raw); // php-fpm -t
    void readLogs(const RawObservations &raw, const QDateTime &windowStartUtc);
    void readStatus(const RawObservations &raw); // the pools' status pages

    static FpmModel build(const RawObservations &raw,
                          const discovery::HostFacts &facts,
                          const QDateTime &windowStartUtc);
};

} // namespace gs::checks
