#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gs::nginx {

// One entry of an nginx error log; an entry can span several physical lines (FastCGI stderr with
// a PHP stack trace). Fields that the line does not carry stay empty / -1 / 0.
struct ErrorLogEntry
{
    int line = 0;      // 1-based physical line where the entry starts
    int lineCount = 1; // physical lines joined into this entry
    // The server's wall-clock time. nginx writes local time without a zone, so this is a naive
    // value stored with Qt::UTC as a container: it is NOT UTC. Use toUtc() with the server's
    // offset.
    QDateTime wallTime;
    QString rawTime; // "2026/11/21 13:02:03"
    QString level;   // emerg alert crit error warn notice info debug
    qint64 pid = 0;
    qint64 tid = 0;
    qint64 connection = -1; // the *CID, -1 when absent
    QString message;        // text after "*CID " up to ", client: " (includes errno and action)
    int errnoNumber = 0;    // 111 in "(111: Connection refused)"
    QString errnoText;      // "Connection refused"
    QString action;         // "connecting to upstream" (after " while ")
    QString client;
    QString server;
    QString request;  // without the quotes
    QString upstream; // without the quotes: "http://127.0.0.1:3000/api"
    QString host;
    QString referrer;
    QString raw;            // the whole entry as written (continuation lines joined with '\n')
    bool truncated = false; // nginx cut the entry at 2048 bytes; the context may be missing

    // "http", "fastcgi", ... from upstream
    QString upstreamScheme() const;
    // "127.0.0.1:3000", "unix:/run/php/php8.2-fpm.sock", "app_backend" (group after no live ...)
    QString upstreamPeer() const;
    bool upstreamIsUnix() const { return upstreamPeer().startsWith(QLatin1String("unix:")); }
    // wallTime shifted by the server's UTC offset (seconds east of UTC, e.g. 3600 for CET).
    QDateTime toUtc(int serverUtcOffsetSeconds) const;

    QJsonObject toJson() const;
};

} // namespace gs::nginx
