#include "logs/localaccesslog.h"

#include "logs/logfilereader.h"
#include "logs/rotatedlogs.h"

namespace gs::logs {

Result<LocalAccessLogAnalysis> analyzeLocalAccessLogs(const QStringList &paths,
                                                      const nginx::LogFormat &format,
                                                      const AccessLogOptions &options)
{
    Result<AccessLogAggregator> created = AccessLogAggregator::create(format, options);
    if (!created)
        return created.error();
    AccessLogAggregator &aggregator = *created;
    LocalAccessLogAnalysis analysis;
    analysis.sources = orderOldestFirst(paths);
    for (const QString &path : std::as_const(analysis.sources)) {
        aggregator.beginSource(path);
        const Result<LogReadStats> read = LogFileReader::read(
                path, [&aggregator](QByteArrayView chunk) { aggregator.feed(chunk); });
        aggregator.endSource();
        if (!read) {
            if (read.error().code != ErrorCode::ParseError)
                return read.error();
            analysis.warnings.append(read.error().message);
            continue;
        }
        analysis.fileBytes += read->fileBytes;
        analysis.logBytes += read->logBytes;
    }
    analysis.summary = aggregator.takeSummary();
    const AccessLogSummary &summary = analysis.summary;
    if (summary.lines > 0 && summary.unparsed * 2 > summary.lines) {
        analysis.warnings.append(
                QStringLiteral("%1 of %2 lines do not match the log format '%3': is it the "
                               "format this log was written with?")
                        .arg(summary.unparsed)
                        .arg(summary.lines)
                        .arg(format.name()));
    }
    return analysis;
}

} // namespace gs::logs
