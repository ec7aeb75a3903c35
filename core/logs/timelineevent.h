#pragma once

#include <QString>

namespace gs::logs {

// A moment worth marking on the error-rate timeline: a reload, a restart, an OOM kill.
struct TimelineEvent
{
    qint64 time = 0; // epoch seconds, UTC
    QString kind;    // one of ErrorLineClassifier's event ids ("nginx.reload", ...)
    QString text;    // the log line, cut to a readable length
};

} // namespace gs::logs
