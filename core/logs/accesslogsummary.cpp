#include "logs/accesslogsummary.h"

#include "logs/bucketstart.h"

#include <algorithm>

namespace gs::logs {

qint64 AccessLogSummary::bucketStart(qint64 time) const
{
    return bucketStartOf(time, bucketSeconds);
}

std::optional<std::pair<qint64, qint64>> AccessLogSummary::seriesRange() const
{
    std::optional<qint64> first;
    std::optional<qint64> last;
    if (!buckets.empty()) {
        first = buckets.begin()->first;
        last = buckets.rbegin()->first;
    }
    if (since)
        first = bucketStart(*since);
    if (until)
        last = bucketStart(*until - 1);
    if (!first || !last || *last < *first)
        return std::nullopt;
    return std::make_pair(*first, *last);
}

qint64 AccessLogSummary::seriesLength() const
{
    const auto range = seriesRange();
    return range ? (range->second - range->first) / bucketSeconds + 1 : 0;
}

const AccessLogBucket *AccessLogSummary::bucket(qint64 start) const
{
    const auto it = buckets.find(start);
    return it == buckets.end() ? nullptr : &it->second;
}

std::vector<std::pair<QByteArray, qint64>> AccessLogSummary::top5xxPaths(int n) const
{
    std::vector<std::pair<QByteArray, qint64>> all;
    all.reserve(static_cast<std::size_t>(paths5xx.size()));
    for (auto it = paths5xx.cbegin(); it != paths5xx.cend(); ++it)
        all.emplace_back(it.key(), it.value());
    std::sort(all.begin(), all.end(), [](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (all.size() > static_cast<std::size_t>(n))
        all.resize(static_cast<std::size_t>(n));
    return all;
}

} // namespace gs::logs
