#include "logs/errorratesjson.h"

#include "logs/accesslogjson.h"
#include "logs/errorlineclassifier.h"

#include <QJsonArray>

namespace gs::logs {

namespace {

QJsonObject countsJson(const std::map<QString, qint64> &counts)
{
    QJsonObject object;
    for (const auto &[id, count] : counts)
        object.insert(id, count);
    return object;
}

QJsonObject transferJson(const ErrorRatesSnapshot &snapshot)
{
    const TransferStats &t = snapshot.transfer;
    QJsonArray files;
    for (const WindowFile &file : snapshot.windowFiles) {
        files.append(QJsonObject{{QStringLiteral("path"), file.path},
                                 {QStringLiteral("size"), file.size},
                                 {QStringLiteral("offset"), file.offset}});
    }
    return QJsonObject{
            {QStringLiteral("bytes"), t.networkBytes},
            {QStringLiteral("compressed_bytes"), t.compressedBytes},
            {QStringLiteral("text_bytes"), t.textBytes},
            {QStringLiteral("log_bytes"), t.logBytes},
            {QStringLiteral("scanned_bytes"), t.scannedBytes},
            {QStringLiteral("fraction"),
             t.logBytes > 0 ? static_cast<double>(t.networkBytes) / static_cast<double>(t.logBytes)
                            : 0.0},
            {QStringLiteral("duration_ms"), t.durationMs},
            {QStringLiteral("files"), files},
    };
}

} // namespace

QJsonObject errorRatesJson(const ErrorRatesSnapshot &snapshot)
{
    QJsonObject document = accessLogJson(
            snapshot.summary, snapshot.sources, snapshot.formatName, snapshot.warnings);
    if (snapshot.transfer.remote) {
        // The log asked for; "sources" lists the rotated files the window was read from.
        if (!snapshot.source.isEmpty())
            document.insert(QStringLiteral("source"), snapshot.source);
        document.insert(QStringLiteral("transfer"), transferJson(snapshot));
        QJsonArray candidates;
        for (const AccessLogCandidate &candidate : snapshot.candidates) {
            candidates.append(QJsonObject{
                    {QStringLiteral("path"), candidate.path},
                    {QStringLiteral("format"), candidate.formatName},
                    {QStringLiteral("servers"), QJsonArray::fromStringList(candidate.servers)},
                    {QStringLiteral("size"), candidate.size}});
        }
        document.insert(QStringLiteral("candidates"), candidates);
    }

    // The error-log series over the same buckets as the access-log series.
    QJsonArray errorSeries;
    std::map<QString, qint64> totals;
    snapshot.summary.forEachSeriesBucket([&](const AccessLogBucket &bucket) {
        std::map<QString, qint64> counts;
        const auto first = snapshot.errorBuckets.lower_bound(bucket.start);
        const auto last
                = snapshot.errorBuckets.lower_bound(bucket.start + snapshot.summary.bucketSeconds);
        for (auto it = first; it != last; ++it) {
            for (const auto &[id, count] : it->second) {
                counts[id] += count;
                totals[id] += count;
            }
        }
        errorSeries.append(QJsonObject{{QStringLiteral("start"), isoUtc(bucket.start)},
                                       {QStringLiteral("events"), countsJson(counts)}});
    });
    document.insert(QStringLiteral("error_log"),
                    QJsonObject{{QStringLiteral("sources"),
                                 QJsonArray::fromStringList(snapshot.errorSources)},
                                {QStringLiteral("lines"), snapshot.errorLines},
                                {QStringLiteral("totals"), countsJson(totals)},
                                {QStringLiteral("series"), errorSeries}});

    QJsonArray events;
    for (const TimelineEvent &event : snapshot.events) {
        events.append(QJsonObject{{QStringLiteral("time"), isoUtc(event.time)},
                                  {QStringLiteral("kind"), event.kind},
                                  {QStringLiteral("label"), ErrorLineClassifier::label(event.kind)},
                                  {QStringLiteral("text"), event.text}});
    }
    document.insert(QStringLiteral("events"), events);
    return document;
}

} // namespace gs::logs
