#include "nginx/logformat.h"

#include <cstring>

namespace gs::nginx {

namespace {

struct KnownVariable
{
    const char *name;
    AccessLogField field;
};

constexpr KnownVariable kKnownVariables[] = {
        {"remote_addr", AccessLogField::RemoteAddr},
        {"remote_user", AccessLogField::RemoteUser},
        {"time_local", AccessLogField::TimeLocal},
        {"time_iso8601", AccessLogField::TimeIso8601},
        {"msec", AccessLogField::Msec},
        {"request", AccessLogField::Request},
        {"request_method", AccessLogField::RequestMethod},
        {"request_uri", AccessLogField::RequestUri},
        {"uri", AccessLogField::Uri},
        {"document_uri", AccessLogField::Uri},
        {"status", AccessLogField::Status},
        {"body_bytes_sent", AccessLogField::BodyBytesSent},
        {"bytes_sent", AccessLogField::BytesSent},
        {"request_time", AccessLogField::RequestTime},
        {"upstream_response_time", AccessLogField::UpstreamResponseTime},
        {"upstream_connect_time", AccessLogField::UpstreamConnectTime},
        {"upstream_header_time", AccessLogField::UpstreamHeaderTime},
        {"upstream_status", AccessLogField::UpstreamStatus},
        {"upstream_addr", AccessLogField::UpstreamAddr},
        {"host", AccessLogField::Host},
        {"server_name", AccessLogField::ServerName},
        {"http_host", AccessLogField::HttpHost},
        {"http_referer", AccessLogField::HttpReferer},
        {"http_user_agent", AccessLogField::HttpUserAgent},
};

AccessLogField fieldFor(QByteArrayView name)
{
    for (const KnownVariable &known : kKnownVariables) {
        if (name == QByteArrayView(known.name))
            return known.field;
    }
    return AccessLogField::None;
}

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// An odd run of backslashes right before position `at` (not reaching back past `from`) escapes it.
bool isEscaped(const char *from, const char *at)
{
    int backslashes = 0;
    for (const char *p = at; p > from && p[-1] == '\\'; --p)
        ++backslashes;
    return backslashes % 2 == 1;
}

// First unescaped occurrence of literal in [from, end), or nullptr.
const char *findLiteral(const char *from, const char *end, const QByteArray &literal)
{
    const char first = literal.front();
    const qsizetype rest = literal.size() - 1;
    const char *p = from;
    while (p < end) {
        const void *hit = std::memchr(p, first, static_cast<std::size_t>(end - p));
        if (!hit)
            return nullptr;
        const char *candidate = static_cast<const char *>(hit);
        if (end - candidate - 1 < rest)
            return nullptr;
        if ((rest == 0 || std::memcmp(candidate + 1, literal.constData() + 1, rest) == 0)
            && !isEscaped(from, candidate)) {
            return candidate;
        }
        p = candidate + 1;
    }
    return nullptr;
}

} // namespace

QByteArray LogFormat::combinedText()
{
    return QByteArrayLiteral("$remote_addr - $remote_user [$time_local] \"$request\" $status "
                             "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"");
}

LogFormat LogFormat::combined()
{
    static const LogFormat format = [] {
        Result<LogFormat> compiled = compile(combinedText());
        LogFormat result = std::move(compiled).value();
        result.m_isCombined = true;
        return result;
    }();
    return format;
}

Result<LogFormat> LogFormat::compile(QByteArrayView format)
{
    QByteArrayView text = format.trimmed();
    if (text == QByteArrayView("combined"))
        return combined();
    if (text.startsWith("escape=")) {
        const qsizetype space = text.indexOf(' ');
        text = space < 0 ? QByteArrayView() : text.sliced(space + 1).trimmed();
    }

    LogFormat result;
    result.m_text = text.toByteArray();
    QByteArray literal;
    bool pendingVariable = false;
    qsizetype i = 0;
    while (i < text.size()) {
        const char c = text[i];
        qsizetype nameStart = -1;
        qsizetype nameEnd = -1;
        qsizetype next = i + 1;
        if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            const qsizetype close = text.indexOf('}', i + 2);
            if (close > i + 2) {
                nameStart = i + 2;
                nameEnd = close;
                next = close + 1;
            }
        } else if (c == '$' && i + 1 < text.size() && isNameChar(text[i + 1])) {
            nameStart = i + 1;
            nameEnd = nameStart;
            while (nameEnd < text.size() && isNameChar(text[nameEnd]))
                ++nameEnd;
            next = nameEnd;
        }
        if (nameStart < 0) {
            literal.append(c);
            i = next;
            continue;
        }
        const QByteArrayView name = text.sliced(nameStart, nameEnd - nameStart);
        if (pendingVariable) {
            if (literal.isEmpty()) {
                return makeError(
                        ErrorCode::ParseError,
                        QStringLiteral("log_format: $%1 directly follows $%2; a variable "
                                       "needs some text after it to be found in a line")
                                .arg(QString::fromUtf8(name),
                                     QString::fromUtf8(result.m_segments.back().variable)));
            }
            result.m_segments.back().literalAfter = literal;
        } else {
            result.m_prefix = literal;
        }
        literal.clear();
        Segment segment;
        segment.variable = name.toByteArray();
        segment.field = fieldFor(name);
        if (result.m_timeKind == TimeKind::None) {
            if (segment.field == AccessLogField::TimeLocal)
                result.m_timeKind = TimeKind::Local;
            else if (segment.field == AccessLogField::TimeIso8601)
                result.m_timeKind = TimeKind::Iso8601;
            else if (segment.field == AccessLogField::Msec)
                result.m_timeKind = TimeKind::Msec;
        }
        result.m_segments.push_back(std::move(segment));
        pendingVariable = true;
        i = next;
    }
    if (result.m_segments.empty()) {
        return makeError(ErrorCode::ParseError,
                         QStringLiteral("log_format has no variable: nothing to read from a line"));
    }
    result.m_segments.back().literalAfter = literal;
    return result;
}

QString LogFormat::name() const
{
    return m_isCombined ? QStringLiteral("combined") : QString::fromUtf8(m_text);
}

QStringList LogFormat::variables() const
{
    QStringList names;
    for (const Segment &segment : m_segments)
        names.append(QString::fromUtf8(segment.variable));
    return names;
}

bool LogFormat::has(AccessLogField field) const
{
    for (const Segment &segment : m_segments) {
        if (segment.field == field)
            return true;
    }
    return false;
}

AccessLogField LogFormat::timeField() const
{
    switch (m_timeKind) {
    case TimeKind::Local: return AccessLogField::TimeLocal;
    case TimeKind::Iso8601: return AccessLogField::TimeIso8601;
    case TimeKind::Msec: return AccessLogField::Msec;
    case TimeKind::None: break;
    }
    return AccessLogField::None;
}

bool LogFormat::match(QByteArrayView line, AccessLogRecord &record) const
{
    if (!line.startsWith(m_prefix))
        return false;
    const char *pos = line.data() + m_prefix.size();
    const char *end = line.data() + line.size();
    const std::size_t last = m_segments.size() - 1;
    for (std::size_t i = 0; i <= last; ++i) {
        const Segment &segment = m_segments[i];
        const char *valueEnd = nullptr;
        const char *next = nullptr;
        if (i == last) {
            // The trailing literal must close the line: values before it may contain it.
            const qsizetype tail = segment.literalAfter.size();
            if (end - pos < tail
                || std::memcmp(end - tail, segment.literalAfter.constData(), tail) != 0
                || (tail > 0 && isEscaped(pos, end - tail))) {
                return false;
            }
            valueEnd = end - tail;
            next = end;
        } else {
            valueEnd = findLiteral(pos, end, segment.literalAfter);
            if (!valueEnd)
                return false;
            next = valueEnd + segment.literalAfter.size();
        }
        if (segment.field != AccessLogField::None)
            record.set(segment.field, QByteArrayView(pos, valueEnd - pos));
        pos = next;
    }
    return true;
}

} // namespace gs::nginx
