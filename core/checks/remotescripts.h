#pragma once

#include "nginx/logformat.h"

#include <QString>
#include <QStringList>

namespace gs::checks {

// The shell commands the diagnosis runs on a server, built here in one place so every argument
// goes through shellQuote(). Each reads; none changes anything on the server.
namespace remotescripts {

QString clock(); // "+0100\n1763726523\n"
QString nginxDump(const QString &binary, const QString &config, const QString &prefix);
// The same configuration as `nginx -T` prints it, read file by file (no root needed).
QString nginxConfigFiles(const QString &config);
QString sockets(); // listening TCP and unix sockets, with owning processes
QString system();  // meminfo, loadavg, df, nproc, file-nr, port range, TIME_WAIT
QString kernelOom(qint64 sinceEpoch);
QString catFile(const QString &path);
QString catGlobs(const QStringList &globs); // "@@file PATH" then the content, for each match
QString tailFile(const QString &path, qint64 maxBytes);
// Of an access log's last maxBytes, the lines stamped at or after sinceEpoch (the time read as
// `timeKind` says): core/scripts/log-tail-window.sh, which documents the output.
QString accessLogWindow(const QString &path,
                        qint64 maxBytes,
                        qint64 sinceEpoch,
                        nginx::LogFormat::TimeKind timeKind);
QString fpmTest(const QString &binary, const QString &config);
// TCP connect to host:port, then (for http/https) one HTTP request; "tcp=open|refused|timeout|..."
QString probeTcp(const QString &host, int port, const QString &scheme, int timeoutSeconds);
// A unix socket: type, owner, group, mode, the parent directories' modes, a connect attempt.
QString probeUnix(const QString &path);
QString userGroups(const QString &user); // "id -Gn USER"
// An HTTP GET of a site as nginx serves it: status code and time.
QString probeSite(const QString &url, const QString &hostHeader, int timeoutSeconds);

// A PHP-FPM main configuration and every file its include= globs match, recursively, each as
// "@@file PATH" then the content ("@@unreadable PATH" then why, when it cannot be read).
// Relative includes are taken from `prefix`, as FPM does.
QString fpmConfig(const QString &config, const QString &prefix);
// For the given master pids, each master and its children:
// "pid=N ppid=N comm=NAME rss=KB nofile=SOFT/HARD fds=N" (fds=? when /proc/PID/fd is closed).
QString processLimits(const QList<int> &masterPids);
// The FPM status page straight from the pool's listen address (cgi-fcgi, libfcgi-bin).
QString fpmStatusCgi(const QString &listen, const QString &statusPath);
// A page fetched through nginx, body on stdout (an FPM status page behind a location).
QString fetchBody(const QString &url, const QString &hostHeader, int timeoutSeconds);
// iptables -S, nft list ruleset, ufw status: each under "@@NAME" ("@@NAME missing" if absent).
QString firewall();
// getenforce, getsebool httpd_can_network_connect, AVC denials from the audit log.
QString selinux();
// systemctl --failed (services), or "@@nosystemd".
QString systemdFailed();
// getent hosts NAME; the last line is "rc=N" (2: not found).
QString resolveHost(const QString &name);
// A TLS handshake with openssl s_client (SNI when `serverName` is set); its transcript.
QString tlsHandshake(const QString &host, int port, const QString &serverName, int timeoutSeconds);
// The systemd unit of a process (from its cgroup), the unit's state, and its start/stop/crash
// lines in the journal since `sinceEpoch`.
QString unitOfPid(qint64 pid, qint64 sinceEpoch);
// A named unit's state and journal lines since `sinceEpoch`.
QString unitState(const QString &unit, qint64 sinceEpoch);
// The first service unit file that names this TCP port or socket path (the application meant to
// listen there), reported like unitState.
QString unitForAddress(int port, const QString &socketPath, qint64 sinceEpoch);
// The first executable SysV init script in `initDir` that names this TCP port or socket path:
// "@@script PATH", "@@status N" (the exit status of `PATH status`; LSB: 0 running, 3 stopped)
// and its first lines, then "@@log FILE" and the last lines of each *.log file the script names
// (where such a service writes what systemd would put in the journal); "@@noscript" when none.
QString initScriptFor(int port,
                      const QString &socketPath,
                      const QString &initDir = QStringLiteral("/etc/init.d"));

} // namespace remotescripts

} // namespace gs::checks
