#include "checks/remotescripts.h"

#include "remote/scriptfile.h"
#include "util/shellquote.h"

namespace gs::checks::remotescripts {

using gs::shellQuote;

namespace {

// A non-root login often lacks sbin on PATH, where nginx, php-fpm and ss live.
const QString kPath = QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\"; ");

// Runs `command` (already quoted words) through `sudo -n` when this login is not root but a
// sudoers rule allows exactly that command without a password (the rule the coverage offers),
// else as it is. Under the diagnosis's own sudo (root) it runs directly.
QString sudoIfAllowed(const QString &command)
{
    return QStringLiteral("if [ \"$(id -u)\" != 0 ] && command -v sudo >/dev/null 2>&1 && "
                          "sudo -n -l %1 >/dev/null 2>&1; then sudo -n %1; else %1; fi")
            .arg(command);
}

} // namespace

QString clock()
{
    return QStringLiteral("date +%z; date +%s");
}

QString nginxDump(const QString &binary, const QString &config, const QString &prefix)
{
    QString command = shellQuote(binary.isEmpty() ? QStringLiteral("nginx") : binary);
    if (!prefix.isEmpty())
        command += QStringLiteral(" -p ") + shellQuote(prefix);
    if (!config.isEmpty())
        command += QStringLiteral(" -c ") + shellQuote(config);
    return kPath + sudoIfAllowed(command + QStringLiteral(" -T"));
}

QString nginxConfigFiles(const QString &config)
{
    return remote::ScriptFile::command(u"nginx-config-files.sh", {config});
}

QString sockets()
{
    return kPath + QStringLiteral("if command -v ss >/dev/null 2>&1; then echo @@ss; ")
           + sudoIfAllowed(QStringLiteral("ss -Hltxnp"))
           + QStringLiteral("; "
                            "elif command -v netstat >/dev/null 2>&1; then echo @@netstat; "
                            "netstat -ltnpx 2>/dev/null; "
                            "else echo @@proc-tcp; cat /proc/net/tcp /proc/net/tcp6; "
                            "echo @@proc-unix; cat /proc/net/unix; fi");
}

QString system()
{
    return QStringLiteral("echo @@meminfo; cat /proc/meminfo; echo @@loadavg; cat /proc/loadavg; "
                          "echo @@nproc; nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo; "
                          "echo @@df; df -P 2>/dev/null; echo @@file-nr; "
                          "cat /proc/sys/fs/file-nr; echo @@port-range; "
                          "cat /proc/sys/net/ipv4/ip_local_port_range; echo @@timewait; "
                          "if command -v ss >/dev/null 2>&1; then tw=$(ss -Htan state time-wait "
                          "2>/dev/null); if [ -n \"$tw\" ]; then printf '%s\\n' \"$tw\" | wc -l; "
                          "else echo 0; fi; echo @@timewait-peers; [ -n \"$tw\" ] && printf "
                          "'%s\\n' \"$tw\" | awk '{c[$(NF-1)]++; c[$NF]++} END {for (k in c) if "
                          "(c[k] > 1) print c[k], k}' | sort -rn | head -n 30; else echo -1; fi; "
                          "true");
}

QString kernelOom(qint64 sinceEpoch)
{
    const QString pattern = QStringLiteral("out of memory|killed process|oom-kill|oom_reaper");
    return kPath
           + QStringLiteral(
                     "if command -v journalctl >/dev/null 2>&1 && [ -n \"$(journalctl -k -q "
                     "-n 1 2>/dev/null)\" ]; then echo @@journal; journalctl -k -q --no-pager "
                     "-o short-iso --since @%1 2>/dev/null | grep -i -E %2 | tail -n 50; "
                     "else echo @@dmesg; if out=$(dmesg 2>&1); then printf '%s\\n' \"$out\" | "
                     "grep -i -E %2 | tail -n 50; else echo \"@@denied $out\" | head -n 1; fi; "
                     "echo @@uptime; cat /proc/uptime; fi; true")
                     .arg(sinceEpoch)
                     .arg(shellQuote(pattern));
}

QString catFile(const QString &path)
{
    return QStringLiteral("cat -- ") + shellQuote(path);
}

QString catGlobs(const QStringList &globs)
{
    // The globs come from the server's own configuration; each is expanded by the shell on
    // purpose, so only its directory part is quoted.
    QString command;
    for (const QString &glob : globs) {
        const qsizetype slash = glob.lastIndexOf(QLatin1Char('/'));
        const QString dir = slash >= 0 ? glob.left(slash) : QStringLiteral(".");
        QString pattern = slash >= 0 ? glob.mid(slash + 1) : glob;
        // Only glob characters and plain name characters stay unquoted in the pattern.
        QString safePattern;
        for (QChar c : pattern) {
            if (c.isLetterOrNumber() || c == QLatin1Char('*') || c == QLatin1Char('?')
                || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('_'))
                safePattern += c;
            else
                safePattern += QLatin1Char('?');
        }
        command += QStringLiteral("for f in %1/%2; do [ -f \"$f\" ] && { echo \"@@file $f\"; "
                                  "cat -- \"$f\"; echo; }; done; ")
                           .arg(shellQuote(dir), safePattern);
    }
    return command + QStringLiteral("true");
}

QString tailFile(const QString &path, qint64 maxBytes)
{
    return QStringLiteral("tail -c %1 -- %2").arg(maxBytes).arg(shellQuote(path));
}

QString fpmTest(const QString &binary, const QString &config)
{
    QString command = shellQuote(binary) + QStringLiteral(" -t");
    if (!config.isEmpty())
        command += QStringLiteral(" -y ") + shellQuote(config);
    return kPath + QStringLiteral("{ ") + sudoIfAllowed(command) + QStringLiteral("; } 2>&1");
}

QString probeTcp(const QString &host, int port, const QString &scheme, int timeoutSeconds)
{
    const QString h = shellQuote(host);
    const QString t = QString::number(timeoutSeconds);
    // bash's /dev/tcp gives a plain connect result; curl is the fallback and the HTTP prober.
    QString command
            = QStringLiteral("if command -v bash >/dev/null 2>&1; then "
                             "out=$(timeout %3 bash -c 'exec 3<>\"/dev/tcp/$0/$1\"' %1 %2 2>&1); "
                             "rc=$?; if [ $rc = 0 ]; then echo tcp=open; elif [ $rc = 124 ]; "
                             "then echo tcp=timeout; else echo \"tcp=failed $out\"; fi; "
                             "else echo tcp=unknown; fi; ")
                      .arg(h, QString::number(port), t);
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https")) {
        const QString url = QStringLiteral("%1://%2:%3/")
                                    .arg(scheme,
                                         host.contains(QLatin1Char(':'))
                                                 ? QLatin1Char('[') + host + QLatin1Char(']')
                                                 : host,
                                         QString::number(port));
        command += QStringLiteral("command -v curl >/dev/null 2>&1 && curl -k -sS -o /dev/null "
                                  "-m %1 -w 'http=%{http_code} time=%{time_total}\\n' %2 2>&1; "
                                  "true")
                           .arg(t, shellQuote(url));
    }
    return command;
}

QString probeUnix(const QString &path)
{
    const QString p = shellQuote(path);
    return QStringLiteral("p=%1; if [ -e \"$p\" ]; then stat -L -c 'type=%F owner=%U group=%G "
                          "mode=%a' -- \"$p\"; else echo type=missing; fi; d=$(dirname -- \"$p\"); "
                          "while [ \"$d\" != / ] && [ -n \"$d\" ]; do stat -c 'dir=%n owner=%U "
                          "group=%G mode=%a' -- \"$d\" 2>/dev/null; d=$(dirname -- \"$d\"); done; "
                          "true")
            .arg(p);
}

QString userGroups(const QString &user)
{
    return QStringLiteral("id -un -- %1 && id -Gn -- %1").arg(shellQuote(user));
}

QString probeSite(const QString &url, const QString &hostHeader, int timeoutSeconds)
{
    QString command = QStringLiteral("curl -k -sS -o /dev/null -m %1 -w 'http=%{http_code} "
                                     "time=%{time_total}\\n'")
                              .arg(timeoutSeconds);
    if (!hostHeader.isEmpty())
        command += QStringLiteral(" -H ") + shellQuote(QStringLiteral("Host: ") + hostHeader);
    return command + QLatin1Char(' ') + shellQuote(url) + QStringLiteral(" 2>&1; true");
}

QString fpmConfig(const QString &config, const QString &prefix)
{
    // Include globs come from the server's own files and are expanded by the shell on purpose
    // (never evaluated); IFS is a newline so that paths with spaces stay whole.
    return QStringLiteral(
                   R"GS(P=%1; gs_fpm() { if [ "$2" -gt 6 ]; then return 0; fi; echo "@@file $1"; if cat -- "$1" 2>/dev/null; then echo; else echo "@@unreadable $1"; cat -- "$1" 2>&1 >/dev/null | head -n 1; return 0; fi; sed -n '/^[[:space:]]*include[[:space:]]*=/{s/^[^=]*=[[:space:]]*//;s/[[:space:]]*;.*$//;p;}' -- "$1" 2>/dev/null | tr -d '"\r' | while IFS= read -r g; do case "$g" in /*) ;; *) g="$P/$g";; esac; IFS='
'; for f in $g; do if [ -f "$f" ]; then gs_fpm "$f" $(($2+1)); fi; done; done; }; gs_fpm %2 0; true)GS")
            .arg(shellQuote(prefix.isEmpty() ? QStringLiteral("/usr") : prefix),
                 shellQuote(config));
}

QString processLimits(const QList<int> &masterPids)
{
    QStringList pids;
    for (int pid : masterPids)
        pids << QString::number(pid);
    // Shell builtins only (read, set, globs): one fork per process would take seconds. The
    // masters' children come from /proc/PID/task/*/children (one cat); a kernel without it, or a
    // master gone meanwhile, gets the scan of every process.
    return QStringLiteral(
                   R"GS(M=' %1 '; L=; for m in $M; do if [ -r "/proc/$m/task/$m/children" ]; then L="$L /proc/$m"; for c in $(cat /proc/$m/task/*/children 2>/dev/null); do L="$L /proc/$c"; done; else L=all; break; fi; done; [ "$L" = all ] && L=$(echo /proc/[0-9]*); for p in $L; do pid=${p#/proc/}; s=; { read -r s < "$p/stat"; } 2>/dev/null || continue; r=${s##*) }; set -- $r; ppid=$2; case "$M" in *" $pid "*|*" $ppid "*) ;; *) continue;; esac; c=${s#*(}; c=${c%)*}; rss=?; { while read -r k v u; do if [ "$k" = VmRSS: ]; then rss=$v; fi; done < "$p/status"; } 2>/dev/null; nofile=?; { while read -r l; do case "$l" in "Max open files"*) set -- $l; nofile="$4/$5";; esac; done < "$p/limits"; } 2>/dev/null; set -- "$p"/fd/*; if [ -e "$1" ] || [ -L "$1" ]; then fds=$#; else fds=?; fi; echo "pid=$pid ppid=$ppid rss=$rss nofile=$nofile fds=$fds comm=$c"; done; true)GS")
            .arg(pids.join(QLatin1Char(' ')));
}

QString fpmStatusCgi(const QString &listen, const QString &statusPath)
{
    const QString path = shellQuote(statusPath);
    return kPath
           + QStringLiteral("if command -v cgi-fcgi >/dev/null 2>&1; then SCRIPT_NAME=%1 "
                            "SCRIPT_FILENAME=%1 REQUEST_METHOD=GET QUERY_STRING= timeout 8 "
                            "cgi-fcgi -bind -connect %2 2>&1; else echo '@@missing cgi-fcgi'; fi")
                     .arg(path, shellQuote(listen));
}

QString fetchBody(const QString &url, const QString &hostHeader, int timeoutSeconds)
{
    QString command = QStringLiteral("curl -k -sS -m %1").arg(timeoutSeconds);
    if (!hostHeader.isEmpty())
        command += QStringLiteral(" -H ") + shellQuote(QStringLiteral("Host: ") + hostHeader);
    return command + QLatin1Char(' ') + shellQuote(url) + QStringLiteral(" 2>&1");
}

QString firewall()
{
    return kPath
           + QStringLiteral("for t in iptables ip6tables; do if command -v $t >/dev/null 2>&1; "
                            "then echo \"@@$t\"; $t -S 2>&1; else echo \"@@$t missing\"; fi; "
                            "done; if command -v nft >/dev/null 2>&1; then echo @@nft; nft list "
                            "ruleset 2>&1; else echo '@@nft missing'; fi; if command -v ufw "
                            ">/dev/null 2>&1; then echo @@ufw; ufw status 2>&1; else echo '@@ufw "
                            "missing'; fi; true");
}

QString selinux()
{
    return kPath
           + QStringLiteral("if command -v getenforce >/dev/null 2>&1; then echo @@getenforce; "
                            "getenforce 2>&1; echo @@getsebool; getsebool "
                            "httpd_can_network_connect 2>&1; if command -v ausearch >/dev/null "
                            "2>&1; then echo @@avc; ausearch -m AVC,USER_AVC -ts this-month 2>&1 "
                            "| grep -E 'nginx|httpd' | tail -n 100; else echo '@@avc missing'; "
                            "fi; else echo '@@getenforce missing'; fi; true");
}

QString systemdFailed()
{
    return QStringLiteral("if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; "
                          "then echo @@failed; systemctl --failed --type=service --no-legend "
                          "--plain --no-pager 2>&1; else echo @@nosystemd; fi; true");
}

QString resolveHost(const QString &name)
{
    return QStringLiteral("getent hosts %1; echo \"rc=$?\"").arg(shellQuote(name));
}

QString tlsHandshake(const QString &host, int port, const QString &serverName, int timeoutSeconds)
{
    const QString address = host.contains(QLatin1Char(':'))
                                    ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                    : QStringLiteral("%1:%2").arg(host).arg(port);
    QString command = QStringLiteral("echo | timeout %1 openssl s_client -connect %2")
                              .arg(QString::number(timeoutSeconds), shellQuote(address));
    if (!serverName.isEmpty())
        command += QStringLiteral(" -servername ") + shellQuote(serverName);
    return command + QStringLiteral(" 2>&1 | head -c 20000; true");
}

namespace {

QString unitReport(qint64 sinceEpoch)
{
    // $u holds a unit name read from the server; it is passed quoted, never evaluated.
    return QStringLiteral(
                   "if [ -z \"$u\" ]; then echo @@nounit; else echo \"@@unit $u\"; systemctl "
                   "show -p "
                   "Id,ActiveState,SubState,Result,NRestarts,ExecMainStartTimestamp,ExecStart,"
                   "Environment "
                   "\"$u\" 2>&1; echo @@journal; journalctl -u \"$u\" -q --no-pager -o "
                   "short-iso --since @%1 2>&1 | grep -E 'Started|Stopped|Failed|failed|"
                   "exited|Scheduled restart|Main process|Killed' | tail -n 60; fi; true")
            .arg(sinceEpoch);
}

} // namespace

QString unitOfPid(qint64 pid, qint64 sinceEpoch)
{
    return QStringLiteral("u=$(sed -n 's|^0::.*/\\([^/]*\\.service\\).*$|\\1|p; "
                          "s|^[0-9]*:name=systemd:.*/\\([^/]*\\.service\\).*$|\\1|p' "
                          "/proc/%1/cgroup 2>/dev/null | head -n 1); ")
                   .arg(pid)
           + unitReport(sinceEpoch);
}

QString unitState(const QString &unit, qint64 sinceEpoch)
{
    return QStringLiteral("u=%1; ").arg(shellQuote(unit)) + unitReport(sinceEpoch);
}

QString unitForAddress(int port, const QString &socketPath, qint64 sinceEpoch)
{
    const QString match = socketPath.isEmpty()
                                  ? QStringLiteral("-E %1").arg(
                                          shellQuote(QStringLiteral("[:= ]%1([^0-9]|$)").arg(port)))
                                  : QStringLiteral("-F -- %1").arg(shellQuote(socketPath));
    return QStringLiteral("u=$(grep -l %1 /etc/systemd/system/*.service "
                          "/run/systemd/system/*.service /usr/lib/systemd/system/*.service "
                          "/lib/systemd/system/*.service 2>/dev/null | head -n 1); u=${u##*/}; ")
                   .arg(match)
           + unitReport(sinceEpoch);
}

QString initScriptFor(int port, const QString &socketPath, const QString &initDir)
{
    const QString match = socketPath.isEmpty()
                                  ? QStringLiteral("-E %1").arg(
                                          shellQuote(QStringLiteral("[:= ]%1([^0-9]|$)").arg(port)))
                                  : QStringLiteral("-F -- %1").arg(shellQuote(socketPath));
    // $s and $f are names read from the server; they are always passed quoted, never evaluated.
    // `status` is the one action an LSB script must keep side-effect free; timeout guards
    // against a script that hangs.
    return QStringLiteral("s=; for f in %1/*; do [ -f \"$f\" ] && [ -x \"$f\" ] || continue; "
                          "if grep -q %2 \"$f\" 2>/dev/null; then s=$f; break; fi; done; "
                          "if [ -z \"$s\" ]; then echo @@noscript; else echo \"@@script $s\"; "
                          "if command -v timeout >/dev/null 2>&1; then o=$(timeout 10 \"$s\" "
                          "status 2>&1); else o=$(\"$s\" status 2>&1); fi; echo \"@@status $?\"; "
                          "printf '%s\\n' \"$o\" | head -n 5; for f in $(grep -o -E "
                          "'/[A-Za-z0-9._/-]+[.]log' \"$s\" | sort -u | head -n 3); do "
                          "echo \"@@log $f\"; tail -n 20 -- \"$f\" 2>&1; done; fi; true")
            .arg(shellQuote(initDir), match);
}

} // namespace gs::checks::remotescripts
