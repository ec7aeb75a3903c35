#include "logs/errorlogseries.h"

#include "logs/bucketstart.h"
#include "nginx/accesslogfields.h"

namespace gs::logs {

namespace {

// "2026/11/21 12:00:03" (nginx error log), local time.
std::optional<qint64> nginxTime(QByteArrayView l)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (l.size() < 19 || l[4] != '/' || l[7] != '/' || l[10] != ' ' || l[13] != ':' || l[16] != ':'
        || !nginx::parseDigits(l, 0, 4, y) || !nginx::parseDigits(l, 5, 2, mo)
        || !nginx::parseDigits(l, 8, 2, d) || !nginx::parseDigits(l, 11, 2, h)
        || !nginx::parseDigits(l, 14, 2, mi) || !nginx::parseDigits(l, 17, 2, s)) {
        return std::nullopt;
    }
    return nginx::epochFromCivil(y, mo, d, h, mi, s);
}

// "[21-Nov-2026 12:00:03" (PHP-FPM), local time; fractional seconds may follow.
std::optional<qint64> fpmTime(QByteArrayView l)
{
    int y = 0, d = 0, h = 0, mi = 0, s = 0;
    if (l.size() < 21 || l[0] != '[' || l[3] != '-' || l[7] != '-' || l[12] != ' ' || l[15] != ':'
        || l[18] != ':' || !nginx::parseDigits(l, 1, 2, d) || !nginx::parseDigits(l, 8, 4, y)
        || !nginx::parseDigits(l, 13, 2, h) || !nginx::parseDigits(l, 16, 2, mi)
        || !nginx::parseDigits(l, 19, 2, s)) {
        return std::nullopt;
    }
    return nginx::epochFromCivil(y, nginx::monthFromAbbreviation(l.sliced(4, 3)), d, h, mi, s);
}

// "2026-11-21T12:00:03+0100" (journalctl -o short-iso) or with "+01:00" / "Z".
std::optional<qint64> isoTime(QByteArrayView l)
{
    const qsizetype space = l.indexOf(' ');
    QByteArray stamp = (space < 0 ? l : l.first(space)).toByteArray();
    if (stamp.size() == 24 && (stamp[19] == '+' || stamp[19] == '-'))
        stamp.insert(22, ':'); // +0100 -> +01:00
    return nginx::parseTimeIso8601(stamp);
}

} // namespace

ErrorLogSeries::ErrorLogSeries(ErrorLogClassifier classifier, Options options)
    : m_classifier(std::move(classifier))
    , m_options(options)
    , m_splitter(options.maxLineLength)
{
    if (m_options.bucketSeconds < 1)
        m_options.bucketSeconds = 60;
}

std::optional<qint64> ErrorLogSeries::lineTime(QByteArrayView line, int utcOffsetSeconds)
{
    if (std::optional<qint64> t = nginxTime(line))
        return *t - utcOffsetSeconds;
    if (std::optional<qint64> t = fpmTime(line))
        return *t - utcOffsetSeconds;
    if (line.size() >= 20 && line[4] == '-' && line[10] == 'T')
        return isoTime(line);
    return std::nullopt;
}

void ErrorLogSeries::feed(QByteArrayView chunk)
{
    m_splitter.feed(chunk,
                    [this](QByteArrayView line, qsizetype full) { processLine(line, full); });
}

void ErrorLogSeries::endSource()
{
    m_splitter.finish([this](QByteArrayView line, qsizetype full) { processLine(line, full); });
}

void ErrorLogSeries::addLine(QByteArrayView line)
{
    processLine(line, line.size());
}

void ErrorLogSeries::processLine(QByteArrayView line, qsizetype fullLength)
{
    Q_UNUSED(fullLength) // an over-long line is still classified by its start
    ++m_lines;
    const std::optional<qint64> time = lineTime(line, m_options.utcOffsetSeconds);
    if (!time) {
        ++m_untimed;
        return;
    }
    if ((m_options.since && *time < *m_options.since)
        || (m_options.until && *time >= *m_options.until)) {
        ++m_outsideWindow;
        return;
    }
    const QString id = m_classifier ? m_classifier(line) : QString();
    if (id.isEmpty()) {
        ++m_unclassified;
        return;
    }
    ++m_buckets[bucketStartOf(*time, m_options.bucketSeconds)][id];
}

std::map<QString, qint64> ErrorLogSeries::totals() const
{
    std::map<QString, qint64> result;
    for (const auto &[start, ids] : m_buckets) {
        for (const auto &[id, count] : ids)
            result[id] += count;
    }
    return result;
}

} // namespace gs::logs
