#include "logs/accesslogjson.h"

#include <QDateTime>
#include <QJsonArray>

namespace gs::logs {

namespace {

QJsonObject statusJson(const StatusCounts &counts)
{
    QJsonObject object;
    for (const auto &[status, count] : counts.sorted())
        object.insert(QStringLiteral("%1").arg(status, 3, 10, QLatin1Char('0')), count);
    return object;
}

QJsonObject classesJson(const std::array<qint64, 6> &classes)
{
    return QJsonObject{{QStringLiteral("2xx"), classes[2]},
                       {QStringLiteral("3xx"), classes[3]},
                       {QStringLiteral("4xx"), classes[4]},
                       {QStringLiteral("5xx"), classes[5]}};
}

QJsonObject keyedJson(const std::vector<KeyedCounts> &list, const QList<QByteArray> &names)
{
    QJsonObject object;
    for (const KeyedCounts &entry : list) {
        object.insert(QString::fromUtf8(names.at(entry.id)),
                      QJsonObject{{QStringLiteral("requests"), entry.requests},
                                  {QStringLiteral("status"), statusJson(entry.status)}});
    }
    return object;
}

QJsonValue percentilesJson(const LatencyHistogram &histogram)
{
    if (histogram.isEmpty())
        return QJsonValue::Null;
    return QJsonObject{{QStringLiteral("count"), histogram.count()},
                       {QStringLiteral("p50"), histogram.percentile(50)},
                       {QStringLiteral("p95"), histogram.percentile(95)},
                       {QStringLiteral("p99"), histogram.percentile(99)},
                       {QStringLiteral("max"), histogram.max()}};
}

// The parts every bucket and the totals share, for the variables the format logged.
void insertDetails(QJsonObject &object,
                   const AccessLogSummary &summary,
                   const std::vector<KeyedCounts> &upstreams,
                   const std::vector<KeyedCounts> &servers,
                   const LatencyHistogram &requestTime,
                   const LatencyHistogram &upstreamTime)
{
    if (summary.hasUpstreams)
        object.insert(QStringLiteral("upstreams"), keyedJson(upstreams, summary.upstreamNames));
    if (summary.hasServers)
        object.insert(QStringLiteral("servers"), keyedJson(servers, summary.serverNames));
    if (summary.hasRequestTime || summary.hasUpstreamTime) {
        QJsonObject latency;
        if (summary.hasRequestTime)
            latency.insert(QStringLiteral("request"), percentilesJson(requestTime));
        if (summary.hasUpstreamTime)
            latency.insert(QStringLiteral("upstream"), percentilesJson(upstreamTime));
        object.insert(QStringLiteral("latency_ms"), latency);
    }
}

QJsonValue optionalTime(const std::optional<qint64> &time)
{
    return time ? QJsonValue(isoUtc(*time)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QString isoUtc(qint64 epochSeconds)
{
    return QDateTime::fromSecsSinceEpoch(epochSeconds, Qt::UTC).toString(Qt::ISODate);
}

QJsonObject accessLogJson(const AccessLogSummary &summary,
                          const QStringList &sources,
                          const QString &formatName,
                          const QStringList &warnings)
{
    QJsonObject totals{{QStringLiteral("requests"), summary.requests},
                       {QStringLiteral("status"), statusJson(summary.status)},
                       {QStringLiteral("classes"), classesJson(summary.classes)}};
    insertDetails(totals,
                  summary,
                  summary.upstreams,
                  summary.servers,
                  summary.requestTime,
                  summary.upstreamTime);

    QJsonArray series;
    summary.forEachSeriesBucket([&](const AccessLogBucket &bucket) {
        QJsonObject entry{{QStringLiteral("start"), isoUtc(bucket.start)},
                          {QStringLiteral("requests"), bucket.requests},
                          {QStringLiteral("classes"), classesJson(bucket.classes)},
                          {QStringLiteral("status"), statusJson(bucket.status)}};
        insertDetails(entry,
                      summary,
                      bucket.upstreams,
                      bucket.servers,
                      bucket.requestTime,
                      bucket.upstreamTime);
        series.append(entry);
    });

    QJsonArray paths;
    for (const auto &[path, count] : summary.top5xxPaths(10)) {
        paths.append(QJsonObject{{QStringLiteral("path"), QString::fromUtf8(path)},
                                 {QStringLiteral("count"), count}});
    }
    QJsonArray examples;
    for (const UnparsedExample &example : summary.unparsedExamples) {
        examples.append(QJsonObject{{QStringLiteral("source"), example.source},
                                    {QStringLiteral("line"), example.line},
                                    {QStringLiteral("reason"), example.reason},
                                    {QStringLiteral("text"), example.text}});
    }

    return QJsonObject{
            {QStringLiteral("source"), sources.join(QStringLiteral(", "))},
            {QStringLiteral("sources"), QJsonArray::fromStringList(sources)},
            {QStringLiteral("format"), formatName},
            {QStringLiteral("bucket_seconds"), summary.bucketSeconds},
            {QStringLiteral("since"), optionalTime(summary.since)},
            {QStringLiteral("until"), optionalTime(summary.until)},
            {QStringLiteral("lines"), summary.lines},
            {QStringLiteral("unparsed"), summary.unparsed},
            {QStringLiteral("outside_window"), summary.outsideWindow},
            {QStringLiteral("totals"), totals},
            {QStringLiteral("series"), series},
            {QStringLiteral("top_5xx_paths"), paths},
            {QStringLiteral("unparsed_examples"), examples},
            {QStringLiteral("warnings"), QJsonArray::fromStringList(warnings)},
    };
}

} // namespace gs::logs
