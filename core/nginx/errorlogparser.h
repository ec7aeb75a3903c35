#pragma once

#include "nginx/errorlogentry.h"
#include "sys/parsediagnostic.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace gs::nginx {

// Parses nginx error log text into entries. Incremental: feed chunks of any size (a tail that is
// followed, or a multi-MB file read in pieces), then finish(). Lines that start no entry and
// continue none (garbage, binary) are counted as unparsed, never fatal. Not thread-safe; one
// parser per stream.
class ErrorLogParser
{
public:
    struct Result
    {
        QList<ErrorLogEntry> entries;
        int lines = 0;
        int unparsedLines = 0;
        sys::ParseDiagnostics diagnostics; // the first 100 unparsed lines, with their numbers
    };

    // Whole text at once.
    static Result parse(QByteArrayView text);

    void addData(QByteArrayView chunk);
    void finish();                      // flushes a last line without '\n' and the open entry
    QList<ErrorLogEntry> takeEntries(); // entries completed so far
    int lines() const { return m_lines; }
    int unparsedLines() const { return m_unparsed; }
    qsizetype pendingBytes() const { return m_pending.size(); } // of an unfinished line
    const sys::ParseDiagnostics &diagnostics() const { return m_diagnostics; }

    // One entry header line ("2026/11/21 13:02:03 [error] 1#1: *5 ...") into an entry; false when
    // the line does not start an entry. Used for -t output and by tests.
    static bool parseHeaderLine(QByteArrayView line, ErrorLogEntry *entry);
    // Splits message and context (", client: ..."), errno and action of a complete entry.
    static void parseBody(ErrorLogEntry *entry);

    // A partial line kept between chunks is cut here (nginx's own lines are at most 2048 bytes).
    static constexpr qsizetype kMaxPendingBytes = 64 * 1024;

private:
    void appendPending(QByteArrayView part);
    void addLine(QByteArrayView line);
    void flushEntry();

    QByteArray m_pending; // partial line between chunks
    ErrorLogEntry m_current;
    bool m_hasCurrent = false;
    qsizetype m_currentBytes = 0;
    QList<ErrorLogEntry> m_done;
    int m_lines = 0;
    int m_unparsed = 0;
    sys::ParseDiagnostics m_diagnostics;
};

} // namespace gs::nginx
