#include "nginx/errorlogparser.h"

#include <algorithm>
#include <limits>

namespace gs::nginx {

namespace {

// nginx cuts an entry at NGX_MAX_ERROR_STR (2048) bytes including the line feed.
constexpr qsizetype kMaxErrorStr = 2048;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int digits(QByteArrayView v, qsizetype at, int count)
{
    int n = 0;
    for (int i = 0; i < count; ++i)
        n = n * 10 + (v[at + i] - '0');
    return n;
}

// "YYYY/MM/DD HH:MM:SS " at the start.
bool startsWithTimestamp(QByteArrayView l)
{
    if (l.size() < 20)
        return false;
    static const char pattern[] = "dddd/dd/dd dd:dd:dd ";
    for (int i = 0; i < 20; ++i) {
        const char p = pattern[i];
        if (p == 'd' ? !isDigit(l[i]) : l[i] != p)
            return false;
    }
    return true;
}

// Reads all the digits at *pos. A number too big for qint64 (a 20-digit PID from a hostile or
// corrupt log) saturates at the maximum instead of overflowing, which is undefined.
qint64 readNumber(QByteArrayView v, qsizetype *pos)
{
    constexpr qint64 kMax = std::numeric_limits<qint64>::max();
    qint64 n = 0;
    while (*pos < v.size() && isDigit(v[*pos])) {
        const int digit = v[*pos] - '0';
        n = n > (kMax - digit) / 10 ? kMax : n * 10 + digit;
        ++*pos;
    }
    return n;
}

QString unquote(QString v)
{
    if (v.startsWith(QLatin1Char('"')))
        v.remove(0, 1);
    if (v.endsWith(QLatin1Char('"')))
        v.chop(1);
    return v;
}

bool isActionText(QStringView a)
{
    if (a.isEmpty() || a.size() > 64)
        return false;
    for (QChar c : a) {
        if (!(c.isLetter() || c == QLatin1Char(' ') || c == QLatin1Char('_')))
            return false;
    }
    return true;
}

} // namespace

bool ErrorLogParser::parseHeaderLine(QByteArrayView l, ErrorLogEntry *e)
{
    if (!startsWithTimestamp(l) || l.size() < 23 || l[20] != '[')
        return false;
    const qsizetype close = l.indexOf(']', 21);
    if (close < 0 || close > 30)
        return false;
    qsizetype pos = close + 1;
    if (pos >= l.size() || l[pos] != ' ')
        return false;
    ++pos;
    const qsizetype pidStart = pos;
    const qint64 pid = readNumber(l, &pos);
    if (pos == pidStart || pos >= l.size() || l[pos] != '#')
        return false;
    ++pos;
    const qint64 tid = readNumber(l, &pos);
    if (pos + 1 >= l.size() || l[pos] != ':' || l[pos + 1] != ' ') {
        if (!(pos + 1 == l.size() && l[pos] == ':'))
            return false;
    }
    pos += 2;
    e->rawTime = QString::fromLatin1(l.first(19));
    const QDate date(digits(l, 0, 4), digits(l, 5, 2), digits(l, 8, 2));
    const QTime time(digits(l, 11, 2), digits(l, 14, 2), digits(l, 17, 2));
    e->wallTime = QDateTime(date, time, Qt::UTC);
    e->level = QString::fromLatin1(l.sliced(21, close - 21));
    e->pid = pid;
    e->tid = tid;
    e->connection = -1;
    if (pos < l.size() && l[pos] == '*') {
        qsizetype p = pos + 1;
        const qsizetype start = p;
        const qint64 cid = readNumber(l, &p);
        if (p > start && p < l.size() && l[p] == ' ') {
            e->connection = cid;
            pos = p + 1;
        }
    }
    e->raw = QString::fromUtf8(l);
    e->message = pos < l.size() ? QString::fromUtf8(l.sliced(pos)) : QString();
    return true;
}

void ErrorLogParser::parseBody(ErrorLogEntry *e)
{
    QString body = e->message;
    // Context: nginx appends ", client: C, server: S, request: "R", upstream: "U", host: "H",
    // referrer: "F"" (ngx_http_log_error). The last ", client: " is the real one: FastCGI stderr
    // may quote anything before it.
    const QLatin1String clientKey(", client: ");
    const qsizetype ctxStart = body.lastIndexOf(clientKey);
    if (ctxStart >= 0) {
        const QString ctx = body.mid(ctxStart);
        body.truncate(ctxStart);
        static const QLatin1String keys[] = {QLatin1String(", client: "),
                                             QLatin1String(", server: "),
                                             QLatin1String(", request: "),
                                             QLatin1String(", subrequest: "),
                                             QLatin1String(", upstream: "),
                                             QLatin1String(", host: "),
                                             QLatin1String(", referrer: ")};
        QString *targets[] = {
                &e->client, &e->server, &e->request, nullptr, &e->upstream, &e->host, &e->referrer};
        qsizetype pos = 0;
        for (int k = 0; k < 7; ++k) {
            if (!ctx.mid(pos).startsWith(keys[k]))
                continue;
            pos += keys[k].size();
            // The value runs to the first later key that follows; request is raw, so for it look
            // for the later keys only after its closing quote where possible.
            qsizetype end = ctx.size();
            for (int n = k + 1; n < 7; ++n) {
                const qsizetype at = k == 2 ? ctx.lastIndexOf(keys[n]) : ctx.indexOf(keys[n], pos);
                if (at >= pos && at < end)
                    end = at;
            }
            const QString value = ctx.mid(pos, end - pos);
            if (targets[k])
                *targets[k] = (k >= 2) ? unquote(value) : value;
            pos = end;
        }
    }
    // Resolver errors carry ", resolver: ADDR" instead of the request context.
    const qsizetype resolverAt = body.lastIndexOf(QLatin1String(", resolver: "));
    if (resolverAt >= 0 && ctxStart < 0)
        body.truncate(resolverAt);
    // Action: " while ACTION" at the end of the message.
    const qsizetype whileAt = body.lastIndexOf(QLatin1String(" while "));
    if (whileAt >= 0) {
        const QStringView action = QStringView(body).mid(whileAt + 7);
        if (isActionText(action)) {
            e->action = action.toString();
            body.truncate(whileAt);
        }
    }
    e->message = e->action.isEmpty() ? body : body + QLatin1String(" while ") + e->action;
    // errno: the first "(N: text)" outside quoted FastCGI stderr.
    if (!body.startsWith(QLatin1String("FastCGI sent in stderr"))) {
        qsizetype at = 0;
        while ((at = body.indexOf(QLatin1Char('('), at)) >= 0) {
            qsizetype p = at + 1;
            int n = 0;
            while (p < body.size() && body.at(p).isDigit() && p - at < 6)
                n = n * 10 + body.at(p++).digitValue();
            if (p > at + 1 && p + 1 < body.size() && body.at(p) == QLatin1Char(':')
                && body.at(p + 1) == QLatin1Char(' ')) {
                const qsizetype close = body.indexOf(QLatin1Char(')'), p);
                e->errnoNumber = n;
                e->errnoText = body.mid(p + 2, close < 0 ? -1 : close - p - 2);
                break;
            }
            at = at + 1;
        }
    }
}

ErrorLogParser::Result ErrorLogParser::parse(QByteArrayView text)
{
    ErrorLogParser p;
    p.addData(text);
    p.finish();
    Result r;
    r.entries = p.takeEntries();
    r.lines = p.m_lines;
    r.unparsedLines = p.m_unparsed;
    r.diagnostics = p.m_diagnostics;
    return r;
}

void ErrorLogParser::appendPending(QByteArrayView part)
{
    // nginx never writes a line longer than its NGX_MAX_ERROR_STR (2048): a "line" that goes on
    // and on is garbage (a binary file, a log without newlines) and must not grow without end.
    const qsizetype room = kMaxPendingBytes - m_pending.size();
    if (room > 0)
        m_pending.append(part.first(std::min(room, part.size())));
}

void ErrorLogParser::addData(QByteArrayView chunk)
{
    qsizetype pos = 0;
    while (pos < chunk.size()) {
        const qsizetype nl = chunk.indexOf('\n', pos);
        if (nl < 0) {
            appendPending(chunk.sliced(pos));
            return;
        }
        if (!m_pending.isEmpty()) {
            appendPending(chunk.sliced(pos, nl - pos));
            const QByteArray line = std::move(m_pending);
            m_pending.clear();
            addLine(line);
        } else {
            addLine(chunk.sliced(pos, nl - pos));
        }
        pos = nl + 1;
    }
}

void ErrorLogParser::finish()
{
    if (!m_pending.isEmpty()) {
        const QByteArray line = std::move(m_pending);
        m_pending.clear();
        addLine(line);
    }
    flushEntry();
}

QList<ErrorLogEntry> ErrorLogParser::takeEntries()
{
    QList<ErrorLogEntry> out;
    out.swap(m_done);
    return out;
}

void ErrorLogParser::addLine(QByteArrayView line)
{
    ++m_lines;
    if (line.endsWith('\r'))
        line.chop(1);
    if (startsWithTimestamp(line)) {
        ErrorLogEntry e;
        if (parseHeaderLine(line, &e)) {
            flushEntry();
            e.line = m_lines;
            m_current = std::move(e);
            m_hasCurrent = true;
            m_currentBytes = line.size() + 1;
            return;
        }
    } else if (m_hasCurrent && m_currentBytes < kMaxErrorStr) {
        // A continuation: FastCGI stderr and request lines are written raw, newlines included.
        const QString text = QString::fromUtf8(line);
        m_current.message += QLatin1Char('\n') + text;
        m_current.raw += QLatin1Char('\n') + text;
        ++m_current.lineCount;
        m_currentBytes += line.size() + 1;
        return;
    }
    // Whatever follows a garbage line cannot be trusted as a continuation.
    flushEntry();
    ++m_unparsed;
    if (m_diagnostics.size() < 100)
        m_diagnostics.append(
                sys::ParseDiagnostic{{}, m_lines, QStringLiteral("not an nginx error log line")});
}

void ErrorLogParser::flushEntry()
{
    if (!m_hasCurrent)
        return;
    m_current.truncated = m_currentBytes >= kMaxErrorStr;
    parseBody(&m_current);
    m_done.append(std::move(m_current));
    m_current = ErrorLogEntry{};
    m_hasCurrent = false;
}

} // namespace gs::nginx
