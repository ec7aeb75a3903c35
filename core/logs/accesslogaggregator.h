#pragma once

#include "logs/accesslogsummary.h"
#include "logs/linesplitter.h"
#include "nginx/accesslogrecord.h"
#include "nginx/logformat.h"
#include "util/result.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <optional>

namespace gs::logs {

struct AccessLogOptions
{
    qint64 bucketSeconds = 60;
    std::optional<qint64> since;         // keep requests at or after (epoch seconds)
    std::optional<qint64> until;         // keep requests before (epoch seconds)
    qsizetype maxLineLength = 64 * 1024; // longer lines are unparsed, and cost no more memory
    int maxExamples = 5;                 // unparsed lines kept for the user to see
    int maxDistinctKeys = 1000;          // upstreams / servers; the rest are "(other)"
    int maxDistinctPaths = 10000;        // 5xx paths; the rest are "(other)"
};

// Streams access-log bytes into an AccessLogSummary: split into lines, match with the LogFormat,
// count into UTC buckets, all as the bytes come, so memory depends on the time range and the
// number of distinct upstreams, never on the size of the log. Lines may arrive in any order and
// from several sources (rotated files). Not thread-safe: one aggregator per thread (merge is not
// needed by any caller yet).
class AccessLogAggregator
{
public:
    // Fails when the format cannot place a request in time ($time_local, $time_iso8601 or $msec)
    // or has no $status, or when the options make no sense.
    static Result<AccessLogAggregator> create(nginx::LogFormat format, AccessLogOptions options);

    // Names the following bytes (for unparsed examples and their line numbers) and restarts the
    // line count; ends the previous source's last line.
    void beginSource(const QString &name);
    void feed(QByteArrayView chunk);
    // Ends the current source: a last line without a newline counts.
    void endSource();
    // One line without its newline (the path feed() takes for each line).
    void addLine(QByteArrayView line) { processLine(line, line.size()); }

    // Copying would leave the bucket cache pointing into the other's map; moving keeps it valid.
    AccessLogAggregator(const AccessLogAggregator &) = delete;
    AccessLogAggregator &operator=(const AccessLogAggregator &) = delete;
    AccessLogAggregator(AccessLogAggregator &&) = default;
    AccessLogAggregator &operator=(AccessLogAggregator &&) = default;

    const AccessLogSummary &summary() const { return m_summary; }
    // Moves the summary out after the last endSource(); feed nothing afterwards.
    AccessLogSummary takeSummary();
    const nginx::LogFormat &format() const { return m_format; }

private:
    AccessLogAggregator(nginx::LogFormat format, AccessLogOptions options);

    void processLine(QByteArrayView line, qsizetype fullLength);
    void addUnparsed(QByteArrayView line, qsizetype fullLength, const QString &reason);
    std::optional<qint64> timeOf(QByteArrayView text);
    AccessLogBucket &bucketFor(qint64 start);
    int intern(QHash<QByteArray, int> &ids, QList<QByteArray> &names, QByteArrayView key);
    void countUpstreams(AccessLogBucket &bucket, const nginx::AccessLogRecord &record);
    void countServer(AccessLogBucket &bucket, const nginx::AccessLogRecord &record, int status);
    void countPath(const nginx::AccessLogRecord &record);

    nginx::LogFormat m_format;
    AccessLogOptions m_options;
    AccessLogSummary m_summary;
    LineSplitter m_splitter;
    nginx::AccessLogRecord m_record;
    QString m_source;
    qint64 m_sourceLine = 0;

    // Consecutive lines mostly share their timestamp text; parsing it once per second of log is
    // a large part of the speed.
    char m_lastTimeText[40] = {};
    qsizetype m_lastTimeLength = -1;
    std::optional<qint64> m_lastTime;

    AccessLogBucket *m_lastBucket = nullptr; // std::map nodes are stable
    QHash<QByteArray, int> m_upstreamIds;
    QHash<QByteArray, int> m_serverIds;
    nginx::AccessLogField m_timeField;
    nginx::AccessLogField m_serverField = nginx::AccessLogField::None;
    nginx::AccessLogField m_pathField = nginx::AccessLogField::None;
};

} // namespace gs::logs
