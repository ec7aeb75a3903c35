#include "logs/locallines.h"

#include "logs/errorlineclassifier.h"
#include "logs/errorlogseries.h"
#include "logs/linesplitter.h"
#include "logs/logfilereader.h"
#include "nginx/accesslogfields.h"
#include "nginx/errorlogparser.h"

#include <algorithm>

namespace gs::logs {

namespace {

std::optional<qint64> recordTime(const nginx::LogFormat &format,
                                 const nginx::AccessLogRecord &record)
{
    const QByteArrayView value = record.field(format.timeField());
    switch (format.timeKind()) {
    case nginx::LogFormat::TimeKind::Local: return nginx::parseTimeLocal(value);
    case nginx::LogFormat::TimeKind::Iso8601: return nginx::parseTimeIso8601(value);
    case nginx::LogFormat::TimeKind::Msec: return nginx::parseMsec(value);
    case nginx::LogFormat::TimeKind::None: break;
    }
    return std::nullopt;
}

} // namespace

bool looksLikeErrorLog(QByteArrayView firstLine)
{
    nginx::ErrorLogEntry entry;
    if (nginx::ErrorLogParser::parseHeaderLine(firstLine, &entry))
        return true;
    return ErrorLogSeries::lineTime(firstLine, 0).has_value();
}

Result<QList<LogLine>> localLines(const QStringList &accessLogs,
                                  const nginx::LogFormat &format,
                                  const QStringList &errorLogs,
                                  int utcOffsetSeconds,
                                  qint64 since,
                                  qint64 until,
                                  int maxLines)
{
    QList<LogLine> result;
    nginx::AccessLogRecord record;
    int accessCount = 0;
    for (const QString &path : accessLogs) {
        LineSplitter splitter;
        const auto onLine = [&](QByteArrayView line, qsizetype) {
            if (accessCount >= maxLines || !format.match(line, record))
                return;
            const std::optional<qint64> time = recordTime(format, record);
            if (!time || *time < since || *time >= until)
                return;
            ++accessCount;
            result.append({*time,
                           false,
                           nginx::parseStatus(record.field(nginx::AccessLogField::Status)),
                           {},
                           QString::fromUtf8(line)});
        };
        const Result<LogReadStats> read = LogFileReader::read(
                path, [&](QByteArrayView chunk) { splitter.feed(chunk, onLine); });
        splitter.finish(onLine);
        if (!read && read.error().code != ErrorCode::ParseError)
            return read.error();
    }
    int errorCount = 0;
    for (const QString &path : errorLogs) {
        LineSplitter splitter;
        const auto onLine = [&](QByteArrayView line, qsizetype) {
            if (errorCount >= maxLines)
                return;
            const std::optional<qint64> time = ErrorLogSeries::lineTime(line, utcOffsetSeconds);
            if (!time || *time < since || *time >= until)
                return;
            ++errorCount;
            result.append(
                    {*time, true, 0, ErrorLineClassifier::classify(line), QString::fromUtf8(line)});
        };
        const Result<LogReadStats> read = LogFileReader::read(
                path, [&](QByteArrayView chunk) { splitter.feed(chunk, onLine); });
        splitter.finish(onLine);
        if (!read && read.error().code != ErrorCode::ParseError)
            return read.error();
    }
    std::stable_sort(result.begin(), result.end(), [](const LogLine &a, const LogLine &b) {
        return a.time < b.time;
    });
    return result;
}

} // namespace gs::logs
