#pragma once

#include "logs/linesplitter.h"

#include <QByteArrayView>
#include <QString>

#include <functional>
#include <map>
#include <optional>

namespace gs::logs {

// Classifies one error-log line into an id (a finding id from spec/findings.md such as
// "upstream.connection_refused", or an event such as "nginx.reload"); an empty string means the
// line is not worth counting. Supplied by core/nginx's error-log classifier.
using ErrorLogClassifier = std::function<QString(QByteArrayView line)>;

// The second series of the Charts page: classified error-log events per UTC bucket. Reads nginx
// error logs ("2026/11/21 12:00:03 [error] ..."), PHP-FPM logs ("[21-Nov-2026 12:00:03] WARNING:
// ...") and journal lines in short-iso ("2026-11-21T12:00:03+0100 host unit[1]: ..."). The first
// two carry no zone: utcOffsetSeconds is the server's offset (from `date +%z`). Streaming like
// AccessLogAggregator: feed chunks, lines may be split anywhere. Not thread-safe.
class ErrorLogSeries
{
public:
    struct Options
    {
        qint64 bucketSeconds = 60;
        int utcOffsetSeconds = 0;
        std::optional<qint64> since;
        std::optional<qint64> until;
        qsizetype maxLineLength = 64 * 1024;
    };

    ErrorLogSeries(ErrorLogClassifier classifier, Options options);

    void feed(QByteArrayView chunk);
    void endSource();
    void addLine(QByteArrayView line);

    // bucket start (epoch seconds, UTC) -> id -> events
    const std::map<qint64, std::map<QString, qint64>> &buckets() const { return m_buckets; }
    std::map<QString, qint64> totals() const;
    qint64 lines() const { return m_lines; }
    qint64 untimed() const { return m_untimed; }           // no timestamp at the start
    qint64 unclassified() const { return m_unclassified; } // timed, but the classifier said ""
    qint64 outsideWindow() const { return m_outsideWindow; }

    // Epoch seconds of the timestamp a line starts with, in any of the three forms; offset is
    // applied to the zone-less forms.
    static std::optional<qint64> lineTime(QByteArrayView line, int utcOffsetSeconds);

private:
    void processLine(QByteArrayView line, qsizetype fullLength);

    ErrorLogClassifier m_classifier;
    Options m_options;
    LineSplitter m_splitter;
    std::map<qint64, std::map<QString, qint64>> m_buckets;
    qint64 m_lines = 0;
    qint64 m_untimed = 0;
    qint64 m_unclassified = 0;
    qint64 m_outsideWindow = 0;
};

} // namespace gs::logs
