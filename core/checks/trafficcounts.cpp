#include "checks/trafficcounts.h"

#include <algorithm>

namespace gs::checks {

namespace {

// Most first; the lower code first on a tie, so the order does not depend on the log's. At most
// kTopStatuses kept.
void keepBusiest(QList<QPair<int, qint64>> &statuses)
{
    std::sort(statuses.begin(), statuses.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    statuses = statuses.mid(0, TrafficCounts::kTopStatuses);
}

} // namespace

double TrafficCounts::percent() const
{
    return requests > 0 ? 100.0 * static_cast<double>(errors) / static_cast<double>(requests) : 0;
}

qint64 TrafficCounts::firstErrorBucket() const
{
    for (const Point &point : series) {
        if (point.errors > 0)
            return point.start;
    }
    return 0;
}

qint64 TrafficCounts::lastErrorBucket() const
{
    for (auto it = series.crbegin(); it != series.crend(); ++it) {
        if (it->errors > 0)
            return it->start;
    }
    return 0;
}

TrafficCounts TrafficCounts::fromSummary(const logs::AccessLogSummary &summary)
{
    TrafficCounts counts;
    counts.requests = summary.requests;
    counts.errors = summary.classes[5];
    counts.bucketSeconds = summary.bucketSeconds;
    summary.forEachSeriesBucket([&counts](const logs::AccessLogBucket &bucket) {
        counts.series.append(Point{bucket.start, bucket.requests, bucket.classes[5]});
    });
    for (const auto &[status, count] : summary.status.sorted()) {
        if (status >= 500 && status <= 599)
            counts.statuses5xx.append({status, count});
    }
    keepBusiest(counts.statuses5xx);
    counts.unparsed = summary.unparsed;
    for (const logs::UnparsedExample &example : summary.unparsedExamples) {
        if (counts.unparsedExamples.size() < kUnparsedExamples)
            counts.unparsedExamples.append(example);
    }
    return counts;
}

void TrafficCounts::merge(const TrafficCounts &other)
{
    requests += other.requests;
    errors += other.errors;
    unparsed += other.unparsed;
    for (const logs::UnparsedExample &example : other.unparsedExamples) {
        if (unparsedExamples.size() < kUnparsedExamples)
            unparsedExamples.append(example);
    }
    // Both series cover the same window in the same buckets; one of them may be empty (a log
    // that could not be placed in time).
    if (series.isEmpty()) {
        series = other.series;
        bucketSeconds = other.bucketSeconds;
    } else if (other.series.size() == series.size()) {
        for (qsizetype i = 0; i < series.size(); ++i) {
            series[i].requests += other.series.at(i).requests;
            series[i].errors += other.series.at(i).errors;
        }
    }
    for (const auto &[status, count] : other.statuses5xx) {
        auto it = std::find_if(statuses5xx.begin(), statuses5xx.end(), [status](const auto &s) {
            return s.first == status;
        });
        if (it == statuses5xx.end())
            statuses5xx.append({status, count});
        else
            it->second += count;
    }
    keepBusiest(statuses5xx);
}

} // namespace gs::checks
