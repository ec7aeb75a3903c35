#pragma once

#include "findings/findingid.h"
#include "logs/explainresult.h"
#include "logs/linesplitter.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

#include <string>
#include <unordered_map>
#include <utility>

namespace gs::nginx {
struct ErrorLogEntry;
}

namespace gs::logs {

// Sorts every line of nginx error logs and PHP-FPM logs into the finding catalog, offline (the
// core of `gatescope-cli explain`). Pure: text in, ExplainResult out; the caller reads the files
// (ExplainInput). Incremental: beginFile(), addData() with chunks cut anywhere, finishFile(), for
// each file in turn, then result().
//
// nginx entries are parsed with ErrorLogParser's header/body functions and classified by
// ErrorClassifier; PHP-FPM lines by FpmLogParser, as the live checks do. On top of that:
// notices and info lines are harmless without further parsing (most of a busy log, and the
// expensive part), an upstream finding on a line with no upstream at all (a client's TLS
// handshake) is the client's problem, and the FPM worker SIGTERM/SIGQUIT of a reload or stop
// is no killed worker. Not thread-safe; one explainer per run, on any one thread.
class LogExplainer
{
public:
    LogExplainer();

    void beginFile(const QString &name);
    void addData(QByteArrayView chunk);
    void finishFile(); // a last line without "\n" and the open nginx entry

    ExplainResult result() const;

private:
    enum class Verdict { Cause, Harmless, Unrecognised };

    void addLine(QByteArrayView line);
    void flushEntry();
    void classifyNginx(QByteArrayView entryText);
    void classifyFpm(QByteArrayView line);
    void applyVerdict(Verdict verdict,
                      findings::FindingId id,
                      const QDateTime &when,
                      QByteArrayView text);
    void addCause(findings::FindingId finding, const QDateTime &when, QByteArrayView raw);
    void addUnrecognised(QByteArrayView text, qint64 lines);
    static Verdict nginxVerdict(const nginx::ErrorLogEntry &entry, findings::FindingId *findingId);

    LineSplitter m_splitter;
    ExplainResult m_result;
    QHash<QString, qsizetype> m_causeIndex; // id -> index in m_result.causes
    // The open nginx entry: its header line and any continuation lines (FastCGI stderr).
    std::string m_entry;
    std::string m_key; // the verdict key of the entry being classified (reused: no allocation)
    std::unordered_map<std::string, std::pair<Verdict, findings::FindingId>> m_verdicts;
    bool m_hasEntry = false;
    qint64 m_entryLines = 0;
    bool m_entryHarmless = false;  // a notice/info/debug entry: counted already, not parsed
    bool m_entryQuoteOpen = false; // the entry's text ends inside a quote: it goes on
};

} // namespace gs::logs
