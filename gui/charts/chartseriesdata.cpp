#include "charts/chartseriesdata.h"

#include "logs/accesslogjson.h"
#include "logs/bucketstart.h"
#include "logs/errorlineclassifier.h"

namespace gs::gui {

qint64 ChartSeriesData::niceBucket(qint64 spanSeconds, int maxPoints)
{
    static const qint64 kSteps[]
            = {10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    for (const qint64 step : kSteps) {
        if (spanSeconds / step <= maxPoints)
            return step;
    }
    return 86400 * ((spanSeconds / 86400) / qMax(maxPoints, 1) + 1);
}

ChartSeriesData ChartSeriesData::fromSnapshot(const logs::ErrorRatesSnapshot &snapshot,
                                              qint64 displayBucket,
                                              std::optional<qint64> from,
                                              std::optional<qint64> to)
{
    ChartSeriesData data;
    const logs::AccessLogSummary &summary = snapshot.summary;
    const qint64 dataBucket = qMax<qint64>(summary.bucketSeconds, 1);
    qint64 bucket = dataBucket;
    if (displayBucket > dataBucket)
        bucket = (displayBucket + dataBucket - 1) / dataBucket * dataBucket;
    data.m_bucketSeconds = bucket;

    auto range = summary.seriesRange();
    if (!range && !snapshot.errorBuckets.empty()) {
        range = std::make_pair(snapshot.errorBuckets.begin()->first,
                               snapshot.errorBuckets.rbegin()->first);
    }
    if (!range)
        return data;
    qint64 first = logs::bucketStartOf(from.value_or(range->first), bucket);
    const qint64 last = to ? *to - 1 : range->second + dataBucket - 1;
    if (last < first || (last - first) / bucket > 100000)
        return data;

    for (qint64 start = first; start <= last; start += bucket) {
        ChartPoint point;
        point.start = start;
        data.m_points.append(point);
    }
    const auto indexOf = [&](qint64 time) -> qsizetype {
        if (time < first)
            return -1;
        const qsizetype index = static_cast<qsizetype>((time - first) / bucket);
        return index < data.m_points.size() ? index : -1;
    };
    for (auto it = summary.buckets.lower_bound(first); it != summary.buckets.end(); ++it) {
        const qsizetype index = indexOf(it->first);
        if (index < 0)
            break;
        ChartPoint &point = data.m_points[index];
        const logs::AccessLogBucket &b = it->second;
        point.requests += b.requests;
        for (int c = 2; c <= 5; ++c)
            point.classes[static_cast<std::size_t>(c - 2)]
                    += b.classes[static_cast<std::size_t>(c)];
        point.s502 += b.status.count(502);
        point.s503 += b.status.count(503);
        point.s504 += b.status.count(504);
    }
    for (auto it = snapshot.errorBuckets.lower_bound(first); it != snapshot.errorBuckets.end();
         ++it) {
        const qsizetype index = indexOf(it->first);
        if (index < 0)
            break;
        for (const auto &[id, count] : it->second) {
            if (!logs::ErrorLineClassifier::isEvent(id))
                data.m_points[index].errorEvents += count;
        }
    }
    return data;
}

qint64 ChartSeriesData::maxRequests() const
{
    qint64 max = 0;
    for (const ChartPoint &point : m_points)
        max = qMax(max, point.requests);
    return max;
}

const ChartPoint *ChartSeriesData::pointAt(qint64 time) const
{
    if (m_points.isEmpty() || time < first() || time >= end())
        return nullptr;
    return &m_points.at(static_cast<qsizetype>((time - first()) / m_bucketSeconds));
}

QString ChartSeriesData::toCsv(const QString &name, bool header) const
{
    QString csv;
    if (header) {
        csv += name.isEmpty() ? QString() : QStringLiteral("server,");
        csv += QStringLiteral("start,requests,2xx,3xx,4xx,5xx,502,503,504,error_log_events\n");
    }
    QString prefix;
    if (!name.isEmpty()) {
        QString quoted = name;
        quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        prefix = QLatin1Char('"') + quoted + QStringLiteral("\",");
    }
    for (const ChartPoint &p : m_points) {
        csv += prefix + logs::isoUtc(p.start);
        for (const qint64 value : {p.requests,
                                   p.classes[0],
                                   p.classes[1],
                                   p.classes[2],
                                   p.classes[3],
                                   p.s502,
                                   p.s503,
                                   p.s504,
                                   p.errorEvents}) {
            csv += QLatin1Char(',') + QString::number(value);
        }
        csv += QLatin1Char('\n');
    }
    return csv;
}

} // namespace gs::gui
