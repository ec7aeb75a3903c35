#pragma once

#include "logs/accesslogaggregator.h"
#include "logs/errorlogseries.h"
#include "logs/errorratessnapshot.h"
#include "logs/logfollower.h"
#include "logs/logline.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gs::remote {
class RemoteHost;
}

namespace gs::logs {

struct RemoteAccessLogRequest
{
    QString log;         // the access log to read; empty: the busiest one of the configuration
    QString nginxConfig; // nginx.conf to read with `nginx -T`; empty: the running master's
    QByteArray format;   // log_format for `log` when the configuration has no entry for it
                         // (a format string or "combined"); empty: combined
    qint64 bucketSeconds = 60;
    std::optional<qint64> window; // seconds back from the server's clock; none: the whole log set
    std::optional<qint64> since;  // absolute window (epoch seconds); overrides `window`
    std::optional<qint64> until;
    bool errorLogs = true;                      // the error-log series and timeline events too
    qint64 errorLogTailBytes = 8 * 1024 * 1024; // per error log: its last N bytes
    int transferTimeoutMs = 600000;             // the window transfer (discovery: session default)
};

// The error rates of one server, read over SSH without copying whole logs (architecture.md,
// "Log analytics"): discovery of the access log and its log_format from `nginx -T`, the rotated
// siblings from `ls -1`, the window from the end of the files by buildWindowCommand(), gzip'ed on
// the server and inflated here straight into an AccessLogAggregator (constant memory, no temporary
// file); the error logs' tails into an ErrorLogSeries with timeline events. follow() then adds
// what was written since (LogFollower: offset + inode, survives rotation) for live charts.
//
// Blocking: call load(), follow() and lines() from a worker thread, never the GUI thread; one
// thread at a time (not thread-safe). The RemoteHost must be open or openable; privileged commands
// are used when the login can run them. Fails with the RemoteHost's errors, NotFound when no
// access log is known, PermissionDenied when the log cannot be read.
class RemoteAccessLog
{
public:
    explicit RemoteAccessLog(RemoteAccessLogRequest request);
    ~RemoteAccessLog();
    RemoteAccessLog(const RemoteAccessLog &) = delete;
    RemoteAccessLog &operator=(const RemoteAccessLog &) = delete;

    using Progress = std::function<void(const QString &step)>;
    Result<void> load(remote::RemoteHost &host, const Progress &progress = {});
    // What one follow() round brought.
    struct FollowRound
    {
        qint64 accessBytes = 0; // new access-log bytes
        qint64 errorBytes = 0;  // new error-log bytes
        bool rotated = false;   // the access log was rotated (or truncated) since the last round
        bool any() const { return accessBytes > 0 || errorBytes > 0; }
    };
    // New lines since load() or the last follow().
    Result<FollowRound> follow(remote::RemoteHost &host);
    // The access and error-log lines logged in [since, until), at most maxLines of each.
    Result<QList<LogLine>>
    lines(remote::RemoteHost &host, qint64 since, qint64 until, int maxLines);

    // Everything read so far, as a value.
    ErrorRatesSnapshot snapshot() const;
    const RemoteAccessLogRequest &request() const { return m_request; }

private:
    struct Discovery;
    Result<Discovery> discover(remote::RemoteHost &host, const Progress &progress);
    Result<void> readWindow(remote::RemoteHost &host, const Discovery &discovery);
    void countErrorLine(QByteArrayView line, const QString &id);
    bool privileged(remote::RemoteHost &host) const;

    RemoteAccessLogRequest m_request;
    std::optional<nginx::LogFormat> m_format;
    std::optional<AccessLogAggregator> m_aggregator;
    std::unique_ptr<ErrorLogSeries> m_errors;
    std::optional<LogFollower> m_follower;
    std::vector<LogFollower> m_errorFollowers;
    QStringList m_accessFiles; // the rotated set, oldest first
    qint64 m_loadedAt = 0;     // local epoch seconds of load()
    ErrorRatesSnapshot m_meta; // everything but the summary and the error series
};

} // namespace gs::logs
