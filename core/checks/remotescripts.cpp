#include "checks/remotescripts.h"

#include "remote/shellquote.h"

namespace gs::checks::remotescripts {

using remote::shellQuote;

namespace {

// A non-root login often lacks sbin on PATH, where nginx, php-fpm and ss live.
const QString kPath = QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\"; ");

} // namespace

QString clock()
{
    return QStringLiteral("date +%z; date +%s");
}

QString nginxDump(const QString &binary, const QString &config, const QString &prefix)
{
    QString command = kPath + shellQuote(binary.isEmpty() ? QStringLiteral("nginx") : binary);
    if (!prefix.isEmpty())
        command += QStringLiteral(" -p ") + shellQuote(prefix);
    if (!config.isEmpty())
        command += QStringLiteral(" -c ") + shellQuote(config);
    return command + QStringLiteral(" -T");
}

QString sockets()
{
    return kPath
           + QStringLiteral("if command -v ss >/dev/null 2>&1; then echo @@ss-tcp; ss -Hltnp; "
                            "echo @@ss-unix; ss -Hlxnp; "
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
                          "(ss -Htan state time-wait 2>/dev/null | wc -l) || echo -1");
}

QString kernelOom(qint64 sinceEpoch)
{
    const QString pattern = QStringLiteral("out of memory|killed process|oom-kill|oom_reaper");
    return kPath
           + QStringLiteral(
                     "if command -v journalctl >/dev/null 2>&1 && journalctl -k -q -n 1 "
                     ">/dev/null 2>&1; then echo @@journal; journalctl -k -q --no-pager "
                     "-o short-iso --since @%1 2>/dev/null | grep -i -E %2 | tail -n 50; "
                     "else echo @@dmesg; dmesg 2>/dev/null | grep -i -E %2 | tail -n 50; fi; "
                     "true")
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
    QString command = kPath + shellQuote(binary) + QStringLiteral(" -t");
    if (!config.isEmpty())
        command += QStringLiteral(" -y ") + shellQuote(config);
    return command + QStringLiteral(" 2>&1");
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

} // namespace gs::checks::remotescripts
