#pragma once

#include "logs/errorratessnapshot.h"
#include "logs/windowcommand.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::logs {

// The shell commands RemoteAccessLog runs besides buildWindowCommand(): core/scripts/log-*.sh,
// each as `sh -c 'SCRIPT' sh ARGS` (ScriptFile::shCommand: every path and number a positional
// parameter through shellQuote), and the pure readers of their output. Each only reads.
namespace remotelogscripts {

// What discovery needs, in one round trip and without a fork per process: the nginx and PHP-FPM
// masters (from ps; /proc as the fallback), `nginx -V`, journalctl's presence, in the sections
// discovery::FactsScript::parse() reads; "@@clock" with `date +%z` and `date +%s`; `nginx -T` of
// the first running master (its -c and -p), or of nginxConfig when given; each PHP-FPM master's
// error_log setting; and, when logPath is
// known already, its size and directory listing as sizesAndListings() prints them. Reads only;
// run privileged (nginx -T needs it).
QString discovery(const QString &nginxConfig, const QString &logPath);
// (utc offset seconds, epoch seconds) from the "@@clock" section; (0, 0) when absent.
QPair<int, qint64> parseClock(QByteArrayView output);
// The error_log lines of each PHP-FPM master's configuration (under "[global]"), for
// phpfpm::PoolConfigParser.
QStringList parseFpmConfigs(QByteArrayView output);
// The `nginx -T` stdout of discovery()'s output; nullopt when it failed (error: its last words).
std::optional<QString> parseNginxDump(QByteArrayView output, QString *error = nullptr);

// "@@size N PATH" for each file (-1 when unreadable), then "@@dir DIR" and `ls -1` of each dir.
QString sizesAndListings(const QStringList &files, const QStringList &dirs);
struct SizesAndListings
{
    QList<QPair<QString, qint64>> sizes;
    QList<QPair<QString, QStringList>> listings; // dir -> names
};
SizesAndListings parseSizesAndListings(QByteArrayView output);

// The last maxBytes of each file, each followed by a newline, then (journalSince set and
// journalctl usable) the kernel's OOM kills since then in short-iso: all gzip'ed on stdout.
// stderr: "gs-tail: PATH size=N offset=M" per file read.
QString tailFiles(const QStringList &files, qint64 maxBytes, std::optional<qint64> journalSince);

// The "gs-window: PATH size=N offset=M" / "gs-tail: ..." lines of a command's stderr.
QList<WindowFile> parseFileHeaders(QByteArrayView stderrText);
// The lines of stderr that are not such headers (the command's own complaints).
QString otherStderr(QByteArrayView stderrText);

// The lines of an access-log set logged in [since, until), at most maxLines, gzip'ed: the window
// command stopped on the server by an awk filter a minute after until (lines are only roughly in
// time order), so an old minute does not stream the rest of the log.
QString windowLines(WindowCommandOptions options, qint64 until, int maxLines);

// Lines of the files containing any of the fixed strings and stamped in [from, to) (server wall
// times as wallTime() writes them; empty = unbounded), at most maxLines, gzip'ed.
QString grepFixed(const QStringList &files,
                  const QStringList &needles,
                  int maxLines,
                  const QString &from = {},
                  const QString &to = {});
// epoch as "yyyy/MM/dd HH:mm:ss" on the clock of a server at utcOffsetSeconds.
QString wallTime(qint64 epoch, int utcOffsetSeconds);
// The fixed strings that start nginx error-log and PHP-FPM log lines of every minute in
// [since, until) of a server at utcOffsetSeconds: "2026/11/21 12:03", "[21-Nov-2026 12:03:".
// At most 120 minutes.
QStringList minutePrefixes(qint64 since, qint64 until, int utcOffsetSeconds);

} // namespace remotelogscripts

} // namespace gs::logs
