#pragma once

#include "logs/accesslogbucket.h"
#include "logs/unparsedexample.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace gs::logs {

// Everything an AccessLogAggregator learned. A plain value: copy it, hand it to another thread.
struct AccessLogSummary
{
    qint64 bucketSeconds = 60;
    std::optional<qint64> since; // window [since, until) in epoch seconds, when one was asked
    std::optional<qint64> until;

    qint64 lines = 0;         // every line read: requests + unparsed + outsideWindow
    qint64 unparsed = 0;      // lines that did not match (or were too long, or had no time)
    qint64 outsideWindow = 0; // parsed lines outside [since, until)
    qint64 requests = 0;      // parsed lines inside the window
    std::array<qint64, 6> classes{};
    StatusCounts status;
    std::vector<KeyedCounts> upstreams;
    std::vector<KeyedCounts> servers;
    QList<QByteArray> upstreamNames; // KeyedCounts::id -> address as logged
    QList<QByteArray> serverNames;   // KeyedCounts::id -> server name or host as logged
    LatencyHistogram requestTime;
    LatencyHistogram upstreamTime;

    // Which optional variables the format logged: absent ones are left out of the output.
    bool hasRequestTime = false;
    bool hasUpstreamTime = false;
    bool hasUpstreams = false;
    bool hasServers = false;

    std::map<qint64, AccessLogBucket> buckets; // only buckets that saw a request, by start
    QHash<QByteArray, qint64> paths5xx;        // request path (no query) -> 5xx responses
    std::vector<UnparsedExample> unparsedExamples;

    // Buckets start at UTC multiples of bucketSeconds.
    qint64 bucketStart(qint64 time) const;
    // First and last bucket start of the series: the window when one was given, else the data.
    // std::nullopt when there is neither.
    std::optional<std::pair<qint64, qint64>> seriesRange() const;
    // Number of buckets in seriesRange(), empty ones included.
    qint64 seriesLength() const;
    // The bucket starting at start, or nullptr when nothing happened in it.
    const AccessLogBucket *bucket(qint64 start) const;
    // Calls f(const AccessLogBucket &) for every bucket of seriesRange() in time order, an empty
    // one (zero counts, the right start) where nothing happened.
    template<typename F>
    void forEachSeriesBucket(F &&f) const
    {
        const auto range = seriesRange();
        if (!range)
            return;
        AccessLogBucket empty;
        for (qint64 start = range->first; start <= range->second; start += bucketSeconds) {
            const AccessLogBucket *found = bucket(start);
            empty.start = start;
            f(found ? *found : empty);
        }
    }
    // The n paths with most 5xx responses, most first (ties by path).
    std::vector<std::pair<QByteArray, qint64>> top5xxPaths(int n) const;
};

} // namespace gs::logs
