#pragma once

#include "logs/accesslogaggregator.h"
#include "logs/errorratessnapshot.h"
#include "nginx/logformat.h"
#include "util/result.h"

#include <QStringList>

namespace gs::logs {

// The local counterpart of RemoteAccessLog::load(): access logs (plain or .gz, oldest first) by
// analyzeLocalAccessLogs(), plus error logs (nginx, PHP-FPM, journal short-iso; zone-less times
// read at utcOffsetSeconds) as the error series and timeline events. Blocking; run it off the
// GUI thread. Fails as analyzeLocalAccessLogs() does; an unreadable error log is a warning.
Result<ErrorRatesSnapshot> analyzeLocalErrorRates(const QStringList &accessLogs,
                                                  const nginx::LogFormat &format,
                                                  const QStringList &errorLogs,
                                                  int utcOffsetSeconds,
                                                  const AccessLogOptions &options);

} // namespace gs::logs
