#pragma once

#include <QString>
#include <QStringList>

namespace gs::checks {

// The shell commands the diagnosis runs on a server, built here in one place so every argument
// goes through shellQuote(). Each reads; none changes anything on the server.
namespace remotescripts {

QString clock(); // "+0100\n1763726523\n"
QString nginxDump(const QString &binary, const QString &config, const QString &prefix);
QString sockets(); // listening TCP and unix sockets, with owning processes
QString system();  // meminfo, loadavg, df, nproc, file-nr, port range, TIME_WAIT
QString kernelOom(qint64 sinceEpoch);
QString catFile(const QString &path);
QString catGlobs(const QStringList &globs); // "@@file PATH" then the content, for each match
QString tailFile(const QString &path, qint64 maxBytes);
QString fpmTest(const QString &binary, const QString &config);
// TCP connect to host:port, then (for http/https) one HTTP request; "tcp=open|refused|timeout|..."
QString probeTcp(const QString &host, int port, const QString &scheme, int timeoutSeconds);
// A unix socket: type, owner, group, mode, the parent directories' modes, a connect attempt.
QString probeUnix(const QString &path);
QString userGroups(const QString &user); // "id -Gn USER"
// An HTTP GET of a site as nginx serves it: status code and time.
QString probeSite(const QString &url, const QString &hostHeader, int timeoutSeconds);

} // namespace remotescripts

} // namespace gs::checks
