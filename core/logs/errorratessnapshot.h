#pragma once

#include "logs/accesslogcandidate.h"
#include "logs/accesslogsummary.h"
#include "logs/timelineevent.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <map>

namespace gs::logs {

// What crossed the network for a remote read, and how it compares with the log.
struct TransferStats
{
    qint64 networkBytes = 0;    // every command's stdout+stderr over SSH (discovery included)
    qint64 compressedBytes = 0; // the gzip'ed log text among them
    qint64 textBytes = 0;       // log text after inflating (what the aggregator read)
    qint64 logBytes = 0;        // size of the log files the window was taken from
    qint64 scannedBytes = 0;    // bytes of those files the server read (from the probe offset)
    qint64 durationMs = 0;
    bool remote = false;
};

// One file the window was read from: its size and where reading began.
struct WindowFile
{
    QString path;
    qint64 size = 0;
    qint64 offset = 0;
};

// Everything a chart or the `errors` command shows: the access-log summary, the error-log series
// and the timeline events, plus where they came from. A plain value: copy it across threads.
struct ErrorRatesSnapshot
{
    QString source; // what the user picked: the access log path, or the local files
    AccessLogSummary summary;
    QStringList sources; // access-log files read, oldest first
    QString formatName;  // "combined", "gslab", or the format string for --format
    QStringList warnings;
    QList<AccessLogCandidate> candidates; // remote: every access log of the configuration
    QList<WindowFile> windowFiles;

    // The error-log series: bucket start -> id -> events (ids: ErrorLineClassifier).
    std::map<qint64, std::map<QString, qint64>> errorBuckets;
    QStringList errorSources;
    qint64 errorLines = 0;
    QList<TimelineEvent> events; // reloads, restarts, OOM kills, oldest first

    TransferStats transfer;
    qint64 serverNow = 0;     // epoch seconds on the server when read (0: local)
    int utcOffsetSeconds = 0; // the server's offset east of UTC
    qint64 generation = 0;    // increases with every follow round that added data
};

} // namespace gs::logs
