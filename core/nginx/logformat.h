#pragma once

#include "nginx/accesslogrecord.h"
#include "util/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <vector>

namespace gs::nginx {

// An nginx log_format compiled into a matcher: a leading literal, then variables each delimited by
// the literal that follows it. Matching scans bytes of one line and fills an AccessLogRecord with
// views; it never allocates. A value ends at the first occurrence of the next literal that is not
// backslash-escaped; the last literal must end the line. Immutable and cheap to copy; safe to use
// from several threads at once.
class LogFormat
{
public:
    // Which variable places a line in time.
    enum class TimeKind { None, Local, Iso8601, Msec };

    // nginx's predefined "combined" format.
    static QByteArray combinedText();
    static LogFormat combined();

    // Compiles a log_format string as nginx joins it (the parts of a multi-string log_format
    // concatenated). "combined" names the predefined format; a leading "escape=..." parameter is
    // accepted. Fails when two variables touch (no literal between them cannot be delimited) or
    // when the string has no variable at all.
    static Result<LogFormat> compile(QByteArrayView format);

    // "combined" for the predefined format, else the format string itself.
    QString name() const;
    QByteArray text() const { return m_text; }
    // Every variable of the format in order, without '$'.
    QStringList variables() const;
    bool has(AccessLogField field) const;
    TimeKind timeKind() const { return m_timeKind; }
    AccessLogField timeField() const;

    // True when the whole line matches; record holds views into line. Lines should come without
    // their trailing newline.
    bool match(QByteArrayView line, AccessLogRecord &record) const;

private:
    struct Segment
    {
        AccessLogField field = AccessLogField::None;
        QByteArray variable;
        QByteArray literalAfter; // empty only for a variable that ends the format
    };

    LogFormat() = default;

    QByteArray m_text;
    bool m_isCombined = false;
    QByteArray m_prefix;
    std::vector<Segment> m_segments;
    TimeKind m_timeKind = TimeKind::None;
};

} // namespace gs::nginx
