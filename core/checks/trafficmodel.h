#pragma once

#include "checks/rawobservations.h"
#include "checks/trafficcounts.h"
#include "nginx/configmodel.h"
#include "nginx/logformat.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gs::checks {

// The requests nginx logged in the diagnosis window, per access log and in total, from the
// AccessLog probes: read with the log_format each access_log names (logs::AccessLogAggregator,
// the Error rates page's reader). Pure; the error-rate check judges what is read here.
struct TrafficModel
{
    // At most this many access logs are read (the first in configuration order), like kMaxSites.
    static constexpr int kMaxLogs = 8;

    // One access log the configuration writes, and what was read of it.
    struct Log
    {
        QString path;
        QString formatName; // "combined", "main", ...
        QByteArray format;  // the log_format string
        bool read = false;  // its lines are in counts
        QString whyNot;     // why not, when !read ("Permission denied", "not run", ...)
        TrafficCounts counts;
        // The bytes read began inside the window (a busy log's tail): counts cover only from
        // coveredFrom (epoch seconds) on.
        bool truncated = false;
        qint64 coveredFrom = 0;
    };

    bool configured = false; // the nginx configuration was read, so the logs are known
    QList<Log> logs;         // every access log the configuration names, read or not
    int logsNotRead = 0;     // beyond kMaxLogs: configured but not read
    TrafficCounts total;     // every log read, together
    qint64 windowStart = 0;  // epoch seconds
    qint64 windowEnd = 0;
    double criticalPercent = kDefaultErrorRateThresholdPercent; // the user's threshold

    // The logs to read for this configuration (nginx's PREFIX/logs/access.log when it names
    // none): `off`, syslog:, pipes, stderr and paths with variables are left out.
    static QList<Log> configuredLogs(const nginx::ConfigModel &nginx, const QString &prefix);
    // Why requests logged in this format cannot be counted (no time, no $status); empty when
    // they can.
    static QString formatProblem(const nginx::LogFormat &format);
    // Buckets of a minute; wider for long windows, so a series has at most about 120 points.
    static qint64 bucketSecondsFor(qint64 windowSeconds);

    void readAccessLogs(const RawObservations &raw,
                        const std::optional<nginx::ConfigModel> &nginx,
                        const QString &prefix);
    // One log's lines in [windowStart, windowEnd), as the format reads them; `stderrText` is the
    // probe's "gs-tail: PATH size=N offset=M" header, when it has one.
    static Log readLog(Log log,
                       const QByteArray &lines,
                       const QByteArray &stderrText,
                       qint64 windowStart,
                       qint64 windowEnd);
};

} // namespace gs::checks
