#pragma once

#include "logs/logline.h"
#include "nginx/logformat.h"
#include "util/result.h"

#include <QList>
#include <QStringList>

namespace gs::logs {

// The lines of local logs (plain or .gz) logged in [since, until), at most maxLines of each kind,
// oldest first: access logs matched with format, error logs (nginx, PHP-FPM, journal short-iso;
// zone-less times read at utcOffsetSeconds) classified with ErrorLineClassifier. For a clicked
// bucket of a chart of a log file. Blocking (reads the files whole); run it off the GUI thread.
Result<QList<LogLine>> localLines(const QStringList &accessLogs,
                                  const nginx::LogFormat &format,
                                  const QStringList &errorLogs,
                                  int utcOffsetSeconds,
                                  qint64 since,
                                  qint64 until,
                                  int maxLines);

// True when the text starts like an error log (nginx "2026/11/21 12:00:03 [", PHP-FPM
// "[21-Nov-2026 12:00:03]") rather than an access log: tells the files a user opens apart.
bool looksLikeErrorLog(QByteArrayView firstLine);

} // namespace gs::logs
