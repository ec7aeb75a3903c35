#pragma once

#include "nginx/configmodel.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::logs {

// One access log file a server's configuration writes, with the log_format it is written in.
struct AccessLogCandidate
{
    QString path;
    QString formatName;  // "combined", "main", ...
    QByteArray format;   // the log_format string ("combined" for the predefined one)
    QStringList servers; // first server_name of each server logging here ("" for http level)
    qint64 size = -1;    // the live file's size when it was looked at; -1 unknown
};

// The distinct access_log files of a configuration, in configuration order: `off`, syslog:,
// stderr, memory:, pipes (`|command`) and paths with variables are left out (nothing to read,
// or no single file).
// A path logged with two formats keeps the first (nginx would write mixed lines; the aggregator
// counts the others as unparsed). With no access_log at all, nginx's default PREFIX/logs/access.log
// in combined. Pure.
QList<AccessLogCandidate> accessLogCandidates(const nginx::ConfigModel &model,
                                              const QString &prefix = {});

// The candidate the `errors` command reads when no --log is named: the biggest live file (the
// busiest server), the first in configuration order on a tie or when sizes are unknown.
// -1 when there is none.
qsizetype busiestCandidate(const QList<AccessLogCandidate> &candidates);

} // namespace gs::logs
