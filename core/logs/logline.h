#pragma once

#include <QString>

namespace gs::logs {

// One log line shown for a clicked bucket of a chart.
struct LogLine
{
    qint64 time = 0;       // epoch seconds, UTC
    bool errorLog = false; // from an error log (else the access log)
    int status = 0;        // access lines: the HTTP status; 0 for error-log lines
    QString what;          // error-log lines: the classifier's id, if any
    QString text;
};

} // namespace gs::logs
