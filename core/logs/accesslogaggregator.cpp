#include "logs/accesslogaggregator.h"

#include "nginx/accesslogfields.h"

#include <cstring>

namespace gs::logs {

using nginx::AccessLogField;

namespace {

constexpr qsizetype kExampleBytes = 200;
const QByteArray kOther = QByteArrayLiteral("(other)");

bool looksBinary(QByteArrayView line)
{
    for (const char c : line) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && byte != '\t')
            return true;
    }
    return false;
}

// Non-printable bytes as \xHH, like nginx writes them, so an example is safe in a terminal.
QString printable(QByteArrayView line)
{
    QString text;
    const QByteArrayView head = line.first(qMin(line.size(), kExampleBytes));
    for (const char c : head) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f && byte != '\\')
            text.append(QLatin1Char(c));
        else
            text.append(QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0')));
    }
    if (line.size() > head.size())
        text.append(QStringLiteral("..."));
    return text;
}

} // namespace

Result<AccessLogAggregator> AccessLogAggregator::create(nginx::LogFormat format,
                                                        AccessLogOptions options)
{
    if (format.timeKind() == nginx::LogFormat::TimeKind::None) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("the log format has no $time_local, $time_iso8601 or "
                                        "$msec: requests cannot be placed in time"));
    }
    if (!format.has(AccessLogField::Status)) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("the log format has no $status: nothing to count"));
    }
    if (options.bucketSeconds < 1) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("the bucket must be at least one second"));
    }
    if (options.maxLineLength < 256)
        options.maxLineLength = 256;
    return AccessLogAggregator(std::move(format), options);
}

AccessLogAggregator::AccessLogAggregator(nginx::LogFormat format, AccessLogOptions options)
    : m_format(std::move(format))
    , m_options(options)
    , m_splitter(options.maxLineLength)
    , m_timeField(m_format.timeField())
{
    m_summary.bucketSeconds = options.bucketSeconds;
    m_summary.since = options.since;
    m_summary.until = options.until;
    m_summary.hasRequestTime = m_format.has(AccessLogField::RequestTime);
    m_summary.hasUpstreamTime = m_format.has(AccessLogField::UpstreamResponseTime);
    m_summary.hasUpstreams = m_format.has(AccessLogField::UpstreamAddr);
    for (AccessLogField field :
         {AccessLogField::ServerName, AccessLogField::Host, AccessLogField::HttpHost}) {
        if (m_format.has(field)) {
            m_serverField = field;
            break;
        }
    }
    m_summary.hasServers = m_serverField != AccessLogField::None;
    for (AccessLogField field :
         {AccessLogField::Request, AccessLogField::RequestUri, AccessLogField::Uri}) {
        if (m_format.has(field)) {
            m_pathField = field;
            break;
        }
    }
}

AccessLogSummary AccessLogAggregator::takeSummary()
{
    m_lastBucket = nullptr;
    return std::move(m_summary);
}

void AccessLogAggregator::beginSource(const QString &name)
{
    endSource();
    m_source = name;
    m_sourceLine = 0;
}

void AccessLogAggregator::feed(QByteArrayView chunk)
{
    m_splitter.feed(chunk, [this](QByteArrayView line, qsizetype fullLength) {
        processLine(line, fullLength);
    });
}

void AccessLogAggregator::endSource()
{
    m_splitter.finish(
            [this](QByteArrayView line, qsizetype fullLength) { processLine(line, fullLength); });
}

void AccessLogAggregator::addUnparsed(QByteArrayView line,
                                      qsizetype fullLength,
                                      const QString &reason)
{
    ++m_summary.unparsed;
    if (m_summary.unparsedExamples.size() >= static_cast<std::size_t>(m_options.maxExamples))
        return;
    m_summary.unparsedExamples.push_back(
            UnparsedExample{m_source, m_sourceLine, reason, printable(line)});
    if (fullLength > line.size())
        m_summary.unparsedExamples.back().text.append(QStringLiteral("..."));
}

std::optional<qint64> AccessLogAggregator::timeOf(QByteArrayView text)
{
    if (text.size() == m_lastTimeLength
        && std::memcmp(text.data(), m_lastTimeText, static_cast<std::size_t>(text.size())) == 0) {
        return m_lastTime;
    }
    std::optional<qint64> time;
    switch (m_format.timeKind()) {
    case nginx::LogFormat::TimeKind::Local: time = nginx::parseTimeLocal(text); break;
    case nginx::LogFormat::TimeKind::Iso8601: time = nginx::parseTimeIso8601(text); break;
    case nginx::LogFormat::TimeKind::Msec: time = nginx::parseMsec(text); break;
    case nginx::LogFormat::TimeKind::None: break;
    }
    // $msec changes every line; caching it would only cost a copy.
    if (m_format.timeKind() != nginx::LogFormat::TimeKind::Msec
        && text.size() <= static_cast<qsizetype>(sizeof m_lastTimeText)) {
        std::memcpy(m_lastTimeText, text.data(), static_cast<std::size_t>(text.size()));
        m_lastTimeLength = text.size();
        m_lastTime = time;
    }
    return time;
}

AccessLogBucket &AccessLogAggregator::bucketFor(qint64 start)
{
    if (m_lastBucket && m_lastBucket->start == start)
        return *m_lastBucket;
    auto [it, inserted] = m_summary.buckets.try_emplace(start);
    if (inserted)
        it->second.start = start;
    m_lastBucket = &it->second;
    return it->second;
}

int AccessLogAggregator::intern(QHash<QByteArray, int> &ids,
                                QList<QByteArray> &names,
                                QByteArrayView key)
{
    // fromRawData: the lookup borrows the line's bytes; only a new key is copied.
    const QByteArray borrowed = QByteArray::fromRawData(key.data(), key.size());
    const auto it = ids.constFind(borrowed);
    if (it != ids.constEnd())
        return it.value();
    const bool full = names.size() >= m_options.maxDistinctKeys;
    const QByteArray stored = full ? kOther : key.toByteArray();
    const auto other = ids.constFind(stored);
    if (other != ids.constEnd())
        return other.value();
    const int id = static_cast<int>(names.size());
    names.append(stored);
    ids.insert(stored, id);
    return id;
}

void AccessLogAggregator::countUpstreams(AccessLogBucket &bucket,
                                         const nginx::AccessLogRecord &record)
{
    const QByteArrayView addresses = record.field(AccessLogField::UpstreamAddr);
    if (addresses.isEmpty() || addresses == QByteArrayView("-"))
        return;
    // Attempts line up one to one in $upstream_addr and $upstream_status.
    constexpr int kMaxAttempts = 16;
    int statuses[kMaxAttempts];
    int statusCount = 0;
    nginx::forEachUpstreamValue(record.field(AccessLogField::UpstreamStatus),
                                [&](QByteArrayView value, bool) {
                                    if (statusCount < kMaxAttempts)
                                        statuses[statusCount++] = nginx::parseStatus(value);
                                });
    int attempt = 0;
    nginx::forEachUpstreamValue(addresses, [&](QByteArrayView address, bool) {
        const int status = attempt < statusCount ? statuses[attempt] : -1;
        ++attempt;
        if (address.isEmpty() || address == QByteArrayView("-"))
            return;
        const int id = intern(m_upstreamIds, m_summary.upstreamNames, address);
        KeyedCounts &inBucket = KeyedCounts::in(bucket.upstreams, id);
        KeyedCounts &total = KeyedCounts::in(m_summary.upstreams, id);
        ++inBucket.requests;
        ++total.requests;
        if (status >= 0) {
            inBucket.status.add(status);
            total.status.add(status);
        }
    });
}

void AccessLogAggregator::countServer(AccessLogBucket &bucket,
                                      const nginx::AccessLogRecord &record,
                                      int status)
{
    const QByteArrayView name = record.field(m_serverField);
    if (name.isEmpty() || name == QByteArrayView("-"))
        return;
    const int id = intern(m_serverIds, m_summary.serverNames, name);
    KeyedCounts &inBucket = KeyedCounts::in(bucket.servers, id);
    KeyedCounts &total = KeyedCounts::in(m_summary.servers, id);
    ++inBucket.requests;
    ++total.requests;
    inBucket.status.add(status);
    total.status.add(status);
}

void AccessLogAggregator::countPath(const nginx::AccessLogRecord &record)
{
    const QByteArrayView value = record.field(m_pathField);
    const QByteArrayView path = m_pathField == AccessLogField::Request ? nginx::requestPath(value)
                                                                       : nginx::stripQuery(value);
    const QByteArray borrowed = QByteArray::fromRawData(path.data(), path.size());
    auto it = m_summary.paths5xx.find(borrowed);
    if (it != m_summary.paths5xx.end()) {
        ++it.value();
        return;
    }
    if (m_summary.paths5xx.size() >= m_options.maxDistinctPaths)
        ++m_summary.paths5xx[kOther];
    else
        m_summary.paths5xx.insert(path.toByteArray(), 1);
}

void AccessLogAggregator::processLine(QByteArrayView line, qsizetype fullLength)
{
    ++m_summary.lines;
    ++m_sourceLine;
    if (fullLength > m_options.maxLineLength) {
        addUnparsed(line,
                    fullLength,
                    QStringLiteral("line of %1 bytes is longer than the %2-byte limit")
                            .arg(fullLength)
                            .arg(m_options.maxLineLength));
        return;
    }
    if (line.isEmpty()) {
        addUnparsed(line, fullLength, QStringLiteral("empty line"));
        return;
    }
    if (!m_format.match(line, m_record)) {
        addUnparsed(line,
                    fullLength,
                    looksBinary(line) ? QStringLiteral("binary data, not a log line")
                                      : QStringLiteral("does not match the log format"));
        return;
    }
    const std::optional<qint64> time = timeOf(m_record.field(m_timeField));
    if (!time) {
        addUnparsed(line, fullLength, QStringLiteral("the time is not readable"));
        return;
    }
    const int status = nginx::parseStatus(m_record.field(AccessLogField::Status));
    if (status < 0) {
        addUnparsed(line, fullLength, QStringLiteral("the status is not three digits"));
        return;
    }
    if ((m_options.since && *time < *m_options.since)
        || (m_options.until && *time >= *m_options.until)) {
        ++m_summary.outsideWindow;
        return;
    }

    AccessLogBucket &bucket = bucketFor(m_summary.bucketStart(*time));
    const int statusClass = AccessLogBucket::classOf(status);
    ++bucket.requests;
    ++bucket.classes[static_cast<std::size_t>(statusClass)];
    bucket.status.add(status);
    ++m_summary.requests;
    ++m_summary.classes[static_cast<std::size_t>(statusClass)];
    m_summary.status.add(status);

    if (m_summary.hasRequestTime) {
        const qint64 ms = nginx::parseSecondsAsMs(m_record.field(AccessLogField::RequestTime));
        if (ms >= 0) {
            bucket.requestTime.add(ms);
            m_summary.requestTime.add(ms);
        }
    }
    if (m_summary.hasUpstreamTime) {
        const qint64 ms
                = nginx::sumUpstreamMs(m_record.field(AccessLogField::UpstreamResponseTime));
        if (ms >= 0) {
            bucket.upstreamTime.add(ms);
            m_summary.upstreamTime.add(ms);
        }
    }
    if (m_summary.hasUpstreams)
        countUpstreams(bucket, m_record);
    if (m_summary.hasServers)
        countServer(bucket, m_record, status);
    if (statusClass == 5 && m_pathField != AccessLogField::None)
        countPath(m_record);
}

} // namespace gs::logs
