#pragma once

#include "logs/accesslogaggregator.h"
#include "logs/accesslogsummary.h"
#include "nginx/logformat.h"
#include "util/result.h"

#include <QStringList>

namespace gs::logs {

struct LocalAccessLogAnalysis
{
    AccessLogSummary summary;
    QStringList sources;  // in the order read: oldest rotation first
    QStringList warnings; // damaged .gz, most lines unparsed ...: worth telling, not fatal
    qint64 fileBytes = 0;
    qint64 logBytes = 0;
};

// Reads local access logs (plain or .gz, e.g. a log a customer sent) oldest first and aggregates
// them, for the CLI's --file and the GUI's "open a log file". Blocking; call it off the GUI
// thread. Fails when a file cannot be opened or the format/options are unusable; a damaged .gz
// keeps what was read before the damage and adds a warning.
Result<LocalAccessLogAnalysis> analyzeLocalAccessLogs(const QStringList &paths,
                                                      const nginx::LogFormat &format,
                                                      const AccessLogOptions &options);

} // namespace gs::logs
