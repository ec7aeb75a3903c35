#include "logs/logexplainer.h"

#include "findings/findingcatalog.h"
#include "nginx/errorclassifier.h"
#include "nginx/errorlogentry.h"
#include "nginx/errorlogparser.h"
#include "phpfpm/fpmlogentry.h"
#include "phpfpm/fpmlogparser.h"

#include <algorithm>

namespace gs::logs {

namespace {

// nginx cuts an entry at NGX_MAX_ERROR_STR (2048) bytes: past that, a line is no continuation.
constexpr std::size_t kMaxEntryBytes = 2048;
constexpr qsizetype kMaxExampleChars = 400;
// Distinct messages remembered; FastCGI stderr makes every entry distinct, so there is a bound.
constexpr std::size_t kMaxCachedVerdicts = 4096;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// "YYYY/MM/DD HH:MM:SS [": where ErrorLogParser starts an entry.
bool startsNginxEntry(QByteArrayView l)
{
    if (l.size() < 24)
        return false;
    static const char pattern[] = "dddd/dd/dd dd:dd:dd [";
    for (int i = 0; i < 21; ++i) {
        const char p = pattern[i];
        if (p == 'd' ? !isDigit(l[i]) : l[i] != p)
            return false;
    }
    return true;
}

// The level of an nginx entry header ("notice"), checked as far as "PID#TID:", without building
// an entry; empty when the header is not well formed.
QByteArrayView headerLevel(QByteArrayView l)
{
    const qsizetype close = l.indexOf(']', 21);
    if (close < 0 || close > 30 || close + 1 >= l.size() || l[close + 1] != ' ')
        return {};
    qsizetype pos = close + 2;
    const qsizetype pidStart = pos;
    while (pos < l.size() && isDigit(l[pos]))
        ++pos;
    if (pos == pidStart || pos >= l.size() || l[pos] != '#')
        return {};
    ++pos;
    while (pos < l.size() && isDigit(l[pos]))
        ++pos;
    if (pos >= l.size() || l[pos] != ':')
        return {};
    return l.sliced(21, close - 21);
}

bool hasOddQuotes(QByteArrayView line)
{
    qsizetype quotes = 0;
    for (const char c : line)
        quotes += c == '"';
    return quotes % 2 == 1;
}

bool isQuietLevel(QByteArrayView level)
{
    return level == QByteArrayView("notice") || level == QByteArrayView("info")
           || level == QByteArrayView("debug");
}

// "[21-Nov-2026 13:02:05] ": what FpmLogParser accepts, cheaply told apart from a FastCGI stderr
// continuation that happens to start with '['.
bool looksLikeFpmLine(QByteArrayView l)
{
    return l.size() >= 24 && l[0] == '[' && l[3] == '-' && l[7] == '-' && l[12] == ' ';
}

bool isProblemLevel(const QString &level)
{
    return level == QLatin1String("error") || level == QLatin1String("crit")
           || level == QLatin1String("alert") || level == QLatin1String("emerg");
}

// The request's side, not the upstream's: nginx names the client in these actions.
bool isClientAction(const QString &action)
{
    return action.contains(QLatin1String("client")) || action == QLatin1String("SSL handshaking")
           || action.startsWith(QLatin1String("reading PROXY protocol"))
           || action == QLatin1String("waiting for request");
}

// [error] messages of nginx that concern the request or the files it serves, not the hop to an
// upstream (wording from ngx_http_static_module.c, ngx_http_index_module.c,
// ngx_http_access_module.c, ngx_http_limit_req_module.c, ngx_http_limit_conn_module.c,
// ngx_http_request_body.c and ngx_http_parse.c).
bool isRequestSideMessage(const QString &m)
{
    static const QLatin1String starts[] = {
            QLatin1String("open() \""),
            QLatin1String("directory index of \""),
            QLatin1String("access forbidden by rule"),
            QLatin1String("client intended to send too large body"),
            QLatin1String("client sent "),
            QLatin1String("limiting requests"),
            QLatin1String("limiting connections"),
    };
    for (const QLatin1String &start : starts) {
        if (m.startsWith(start))
            return true;
    }
    return m.contains(QLatin1String("\" is not found (2: No such file or directory)"));
}

bool upstreamSide(const nginx::ErrorLogEntry &e)
{
    return !e.upstream.isEmpty() || e.action.contains(QLatin1String("upstream"))
           || e.message.contains(QLatin1String("upstream"));
}

// Control bytes of a line nobody understood are shown, not interpreted, by a terminal or a view.
QString exampleText(QByteArrayView text)
{
    QString out = QString::fromUtf8(text.first(std::min(text.size(), kMaxExampleChars)));
    for (qsizetype i = out.size() - 1; i >= 0; --i) {
        const char16_t c = out.at(i).unicode();
        if (c < 0x20 && c != u'\t')
            out.replace(i, 1, QStringLiteral("\\x%1").arg(int(c), 2, 16, QLatin1Char('0')));
    }
    return out;
}

// What an nginx entry's verdict depends on: its level, its message up to the request context
// (", client: ...", the last one as ErrorLogParser takes it) with numbers blanked except errno
// ("(111: "), and whether the context names an upstream, TCP or unix. False when the header is
// not well formed (the slow path says what it is).
bool verdictKey(QByteArrayView text, std::string *key)
{
    const QByteArrayView level = headerLevel(text);
    if (level.isEmpty())
        return false;
    qsizetype pos = text.indexOf(": ", 21);
    if (pos < 0)
        return false;
    pos += 2;
    if (pos < text.size() && text[pos] == '*') {
        qsizetype p = pos + 1;
        while (p < text.size() && isDigit(text[p]))
            ++p;
        if (p < text.size() && text[p] == ' ')
            pos = p + 1;
    }
    const qsizetype context = text.lastIndexOf(", client: ");
    const qsizetype end = context >= pos ? context : text.size();
    key->assign(level.data(), static_cast<std::size_t>(level.size()));
    key->push_back('|');
    for (qsizetype i = pos; i < end; ++i) {
        const char c = text[i];
        if (!isDigit(c)) {
            key->push_back(c);
        } else if (i > pos && text[i - 1] == '(') {
            while (i < end && isDigit(text[i]))
                key->push_back(text[i++]);
            --i;
        } else if (i == pos || !isDigit(text[i - 1])) {
            key->push_back('0');
        }
    }
    key->push_back('|');
    const qsizetype upstream = context >= 0 ? text.indexOf(", upstream: \"", context) : -1;
    if (upstream < 0)
        key->push_back('-');
    else
        key->push_back(text.indexOf("unix:", upstream) >= 0 ? 'U' : 'T');
    return true;
}

// "2026/11/21 13:02:03" at the start of an entry, as ErrorLogParser reads it (naive wall time).
QDateTime nginxDateTime(QByteArrayView l)
{
    const auto num = [l](int at, int count) {
        int n = 0;
        for (int i = 0; i < count; ++i)
            n = n * 10 + (l[at + i] - '0');
        return n;
    };
    return QDateTime(QDate(num(0, 4), num(5, 2), num(8, 2)),
                     QTime(num(11, 2), num(14, 2), num(17, 2)),
                     Qt::UTC);
}

} // namespace

LogExplainer::LogExplainer()
{
    m_entry.reserve(kMaxEntryBytes + 256);
}

void LogExplainer::beginFile(const QString &name)
{
    m_result.files.append(name);
    m_splitter = LineSplitter(kMaxEntryBytes * 4);
}

void LogExplainer::addData(QByteArrayView chunk)
{
    m_splitter.feed(chunk, [this](QByteArrayView line, qsizetype) { addLine(line); });
}

void LogExplainer::finishFile()
{
    m_splitter.finish([this](QByteArrayView line, qsizetype) { addLine(line); });
    flushEntry();
}

void LogExplainer::addLine(QByteArrayView line)
{
    ++m_result.lines;
    if (startsNginxEntry(line)) {
        flushEntry();
        m_hasEntry = true;
        m_entryLines = 1;
        m_entryHarmless = isQuietLevel(headerLevel(line));
        m_entryQuoteOpen = hasOddQuotes(line);
        if (!m_entryHarmless)
            m_entry.assign(line.data(), static_cast<std::size_t>(line.size()));
        return;
    }
    if (looksLikeFpmLine(line)) {
        flushEntry();
        classifyFpm(line);
        return;
    }
    // A continuation: FastCGI stderr and request lines are written raw, newlines included. nginx
    // quotes such text, so unlike ErrorLogParser a line continues an entry only inside a quote:
    // a note pasted after a complete entry is a line of its own.
    if (m_hasEntry && m_entryQuoteOpen && (m_entryHarmless || m_entry.size() < kMaxEntryBytes)) {
        ++m_entryLines;
        if (!m_entryHarmless) {
            m_entry.push_back('\n');
            m_entry.append(line.data(), static_cast<std::size_t>(line.size()));
        }
        if (hasOddQuotes(line))
            m_entryQuoteOpen = false;
        return;
    }
    flushEntry();
    if (line.trimmed().isEmpty()) {
        ++m_result.harmless; // blank lines between pasted logs
        return;
    }
    addUnrecognised(line, 1);
}

void LogExplainer::flushEntry()
{
    if (!m_hasEntry)
        return;
    m_hasEntry = false;
    if (m_entryHarmless)
        m_result.harmless += m_entryLines;
    else
        classifyNginx(QByteArrayView(m_entry.data(), static_cast<qsizetype>(m_entry.size())));
    m_entry.clear(); // keeps its capacity: no allocation for the next entry
}

void LogExplainer::classifyNginx(QByteArrayView text)
{
    // The verdict depends on the message, not on who asked for what: entries that differ only in
    // numbers (connection, client, request) share it, and most of a big log repeats a few kinds.
    const bool keyed = verdictKey(text, &m_key);
    if (keyed) {
        if (const auto it = m_verdicts.find(m_key); it != m_verdicts.end()) {
            applyVerdict(it->second.first, it->second.second, nginxDateTime(text), text);
            return;
        }
    }
    nginx::ErrorLogEntry entry;
    if (!nginx::ErrorLogParser::parseHeaderLine(text, &entry)) {
        addUnrecognised(text, m_entryLines);
        return;
    }
    nginx::ErrorLogParser::parseBody(&entry);
    findings::FindingId id{};
    const Verdict verdict = nginxVerdict(entry, &id);
    if (keyed && m_verdicts.size() < kMaxCachedVerdicts)
        m_verdicts.emplace(m_key, std::make_pair(verdict, id));
    applyVerdict(verdict, id, entry.wallTime, text);
}

void LogExplainer::applyVerdict(Verdict verdict,
                                findings::FindingId id,
                                const QDateTime &when,
                                QByteArrayView text)
{
    switch (verdict) {
    case Verdict::Cause: addCause(id, when, text); break;
    case Verdict::Harmless: m_result.harmless += m_entryLines; break;
    case Verdict::Unrecognised: addUnrecognised(text, m_entryLines); break;
    }
}

LogExplainer::Verdict LogExplainer::nginxVerdict(const nginx::ErrorLogEntry &e,
                                                 findings::FindingId *findingId)
{
    const auto c = nginx::ErrorClassifier::classify(e);
    if (c.findingId) {
        // The classifier reads the message; a TLS failure or reset with no upstream in sight is
        // a client's handshake or connection, which never makes a 502.
        if (findings::findingName(*c.findingId).startsWith(QLatin1String("upstream."))
            && *c.findingId != findings::FindingId::UpstreamDnsFailure && !upstreamSide(e))
            return Verdict::Harmless;
        *findingId = *c.findingId;
        return Verdict::Cause;
    }
    if (c.clientSide || !isProblemLevel(e.level))
        return Verdict::Harmless;
    // The application's own messages: evidence for a developer, not a gateway failure.
    if (e.message.startsWith(QLatin1String("FastCGI sent in std")))
        return Verdict::Harmless;
    if ((e.upstream.isEmpty() && isClientAction(e.action)) || isRequestSideMessage(e.message))
        return Verdict::Harmless;
    return Verdict::Unrecognised;
}

void LogExplainer::classifyFpm(QByteArrayView line)
{
    phpfpm::FpmLogEntry entry;
    if (!phpfpm::FpmLogParser::parseLine(QString::fromUtf8(line), &entry)) {
        addUnrecognised(line, 1);
        return;
    }
    std::optional<findings::FindingId> id = entry.findingId();
    // SIGQUIT and SIGTERM come from FPM's own reload and stop; a SIGTERM after "execution timed
    // out" is that timeout, which has its own line (as PhpFpmLogCheck reads it).
    if (entry.kind == phpfpm::FpmLogEntry::Kind::ChildExitedOnSignal
        && (entry.signal == 15 || entry.signal == 3))
        id.reset();
    if (id) {
        addCause(*id, entry.wallTime, line);
    } else if (entry.kind == phpfpm::FpmLogEntry::Kind::Other
               && (entry.level == QLatin1String("ERROR")
                   || entry.level == QLatin1String("ALERT"))) {
        addUnrecognised(line, 1);
    } else {
        ++m_result.harmless;
    }
}

void LogExplainer::addCause(findings::FindingId finding, const QDateTime &when, QByteArrayView raw)
{
    const findings::FindingCatalog::Entry &entry = findings::FindingCatalog::entry(finding);
    const QString &id = entry.name;
    auto it = m_causeIndex.constFind(id);
    if (it == m_causeIndex.constEnd()) {
        ExplainResult::Cause cause;
        cause.id = id;
        cause.severity = entry.severity;
        cause.title = entry.title;
        cause.remedy = entry.remedy;
        m_result.causes.append(std::move(cause));
        it = m_causeIndex.insert(id, m_result.causes.size() - 1);
    }
    ExplainResult::Cause &cause = m_result.causes[*it];
    ++cause.count;
    if (when.isValid()) {
        if (!cause.firstSeen.isValid() || when < cause.firstSeen)
            cause.firstSeen = when;
        if (!cause.lastSeen.isValid() || when > cause.lastSeen)
            cause.lastSeen = when;
    }
    if (cause.examples.size() < ExplainResult::kMaxExamples)
        cause.examples.append(QString::fromUtf8(raw));
}

void LogExplainer::addUnrecognised(QByteArrayView text, qint64 lines)
{
    m_result.unrecognised += lines;
    if (m_result.unrecognisedExamples.size() < ExplainResult::kMaxUnrecognisedExamples)
        m_result.unrecognisedExamples.append(exampleText(text));
}

ExplainResult LogExplainer::result() const
{
    ExplainResult out = m_result;
    std::stable_sort(out.causes.begin(),
                     out.causes.end(),
                     [](const ExplainResult::Cause &a, const ExplainResult::Cause &b) {
                         if (a.severity != b.severity)
                             return a.severity > b.severity;
                         if (a.count != b.count)
                             return a.count > b.count;
                         return a.id < b.id;
                     });
    return out;
}

} // namespace gs::logs
