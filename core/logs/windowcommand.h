#pragma once

#include "nginx/logformat.h"

#include <QString>
#include <QStringList>

namespace gs::logs {

struct WindowCommandOptions
{
    // The log set, oldest first (e.g. access.log.2.gz, access.log.1, access.log). Names ending in
    // ".gz" are decompressed whole; plain files are entered from the end by bisection.
    QStringList paths;
    qint64 since = 0; // epoch seconds (UTC)
    nginx::LogFormat::TimeKind timeKind = nginx::LogFormat::TimeKind::Local;
    qint64 blockSize = 65536; // bisection granularity: at most this much is read before the window
    bool compress = true;     // gzip -1 the transfer
};

// The POSIX shell command (sh, dd, wc, awk, gzip: present on any Linux server and in busybox)
// that prints only the lines logged at or after `since`, without reading a big log from its
// start: it probes the time of the first full line of blocks going back from the end (doubling,
// then bisecting), and streams from the last block older than the window, dropping the lines
// before `since`. Files whose mtime is older than `since` are skipped whole. stdout: the lines,
// gzip'ed when compress is set (one stream for the whole set). A plain file is read up to the
// size it had when probed (lines written meanwhile are left for a follower starting at that size);
// stderr: one
// "gs-window: PATH size=N offset=M" line per file read, for the byte accounting. Paths travel as
// positional parameters, never spliced into the script. Exit 66 when a file cannot be read.
// Assumes lines are roughly in time order, as nginx writes them; the first time-looking value of
// a line is its time.
QString buildWindowCommand(const WindowCommandOptions &options);

// The awk function definitions used by the command: ep(line) -> epoch seconds of the first
// time value of the given kind in line, or -1. Exposed for tests and for other server-side
// reductions (counting on the server).
QString awkEpochFunctions(nginx::LogFormat::TimeKind kind);

} // namespace gs::logs
