#pragma once

#include <QString>

namespace gs::logs {

// A line that did not match, kept so that a user can see why (a wrong --format, binary data ...).
struct UnparsedExample
{
    QString source;  // the file or stream name given to beginSource()
    qint64 line = 0; // 1-based line number within that source
    QString reason;  // plain words: "does not match the log format", "line longer than ..."
    QString text;    // the start of the line, non-printable bytes as \xHH
};

} // namespace gs::logs
