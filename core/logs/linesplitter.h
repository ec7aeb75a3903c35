#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

namespace gs::logs {

// Cuts a byte stream that arrives in arbitrary chunks into lines. Whole lines inside a chunk are
// handed out as views into it (no copy); only a line split across chunks is copied, and at most
// maxLineLength bytes of it, so a 1 GB line costs maxLineLength of memory. The callback gets
// (line, fullLength): the line without "\n" or "\r\n", cut to maxLineLength, and the length it
// really had, so that fullLength > maxLineLength flags an over-long line.
class LineSplitter
{
public:
    explicit LineSplitter(qsizetype maxLineLength = 64 * 1024)
        : m_maxLineLength(maxLineLength)
    {}

    qsizetype maxLineLength() const { return m_maxLineLength; }

    template<typename F>
    void feed(QByteArrayView chunk, F &&onLine)
    {
        const char *p = chunk.data();
        const char *end = p + chunk.size();
        if (m_pendingLength > 0) {
            const char *nl = findNewline(p, end);
            if (!nl) {
                appendPending(p, end - p);
                return;
            }
            appendPending(p, nl - p);
            emitPending(onLine);
            p = nl + 1;
        }
        while (p < end) {
            const char *nl = findNewline(p, end);
            if (!nl) {
                appendPending(p, end - p);
                return;
            }
            const qsizetype length = nl - p;
            emitLine(QByteArrayView(p, length < m_maxLineLength ? length : m_maxLineLength),
                     length,
                     onLine);
            p = nl + 1;
        }
    }

    // The end of the stream: a last line without "\n" is still a line.
    template<typename F>
    void finish(F &&onLine)
    {
        if (m_pendingLength > 0)
            emitPending(onLine);
    }

private:
    static const char *findNewline(const char *p, const char *end)
    {
        return static_cast<const char *>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    }

    void appendPending(const char *data, qsizetype length)
    {
        const qsizetype room = m_maxLineLength - m_pending.size();
        if (room > 0)
            m_pending.append(data, length < room ? length : room);
        m_pendingLength += length;
    }

    template<typename F>
    void emitPending(F &&onLine)
    {
        emitLine(QByteArrayView(m_pending), m_pendingLength, onLine);
        m_pending.clear(); // keeps its capacity: no allocation for the next split line
        m_pendingLength = 0;
    }

    template<typename F>
    static void emitLine(QByteArrayView line, qsizetype fullLength, F &&onLine)
    {
        if (fullLength == line.size() && !line.isEmpty() && line.back() == '\r') {
            line.chop(1);
            fullLength -= 1;
        }
        onLine(line, fullLength);
    }

    qsizetype m_maxLineLength;
    QByteArray m_pending;
    qsizetype m_pendingLength = 0;
};

} // namespace gs::logs
