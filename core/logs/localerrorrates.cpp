#include "logs/localerrorrates.h"

#include "logs/errorlineclassifier.h"
#include "logs/errorlogseries.h"
#include "logs/localaccesslog.h"
#include "logs/logfilereader.h"

namespace gs::logs {

Result<ErrorRatesSnapshot> analyzeLocalErrorRates(const QStringList &accessLogs,
                                                  const nginx::LogFormat &format,
                                                  const QStringList &errorLogs,
                                                  int utcOffsetSeconds,
                                                  const AccessLogOptions &options)
{
    ErrorRatesSnapshot snapshot;
    snapshot.utcOffsetSeconds = utcOffsetSeconds;
    snapshot.formatName = format.name();
    if (!accessLogs.isEmpty()) {
        Result<LocalAccessLogAnalysis> analysis
                = analyzeLocalAccessLogs(accessLogs, format, options);
        if (!analysis)
            return analysis.error();
        snapshot.summary = std::move(analysis->summary);
        snapshot.sources = analysis->sources;
        snapshot.warnings = analysis->warnings;
        snapshot.transfer.logBytes = analysis->fileBytes;
        snapshot.transfer.textBytes = analysis->logBytes;
    } else {
        snapshot.summary.bucketSeconds = options.bucketSeconds;
        snapshot.summary.since = options.since;
        snapshot.summary.until = options.until;
    }
    snapshot.source = snapshot.sources.join(QStringLiteral(", "));

    ErrorLogSeries::Options errorOptions;
    errorOptions.bucketSeconds = options.bucketSeconds;
    errorOptions.utcOffsetSeconds = utcOffsetSeconds;
    errorOptions.since = options.since;
    errorOptions.until = options.until;
    ErrorLogSeries series(
            [&snapshot, utcOffsetSeconds](QByteArrayView line) {
                const QString id = ErrorLineClassifier::classify(line);
                if (ErrorLineClassifier::isEvent(id) && snapshot.events.size() < 2000) {
                    if (const auto time = ErrorLogSeries::lineTime(line, utcOffsetSeconds)) {
                        snapshot.events.append(
                                {*time,
                                 id,
                                 QString::fromUtf8(line.first(qMin<qsizetype>(line.size(), 400)))});
                    }
                }
                return id;
            },
            errorOptions);
    for (const QString &path : errorLogs) {
        const Result<LogReadStats> read = LogFileReader::read(
                path, [&series](QByteArrayView chunk) { series.feed(chunk); });
        series.endSource();
        if (!read) {
            snapshot.warnings.append(read.error().message);
            continue;
        }
        snapshot.errorSources.append(path);
    }
    snapshot.errorBuckets = series.buckets();
    snapshot.errorLines = series.lines();
    std::stable_sort(
            snapshot.events.begin(),
            snapshot.events.end(),
            [](const TimelineEvent &a, const TimelineEvent &b) { return a.time < b.time; });
    return snapshot;
}

} // namespace gs::logs
