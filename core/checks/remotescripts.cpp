#include "checks/remotescripts.h"

#include "logs/windowcommand.h"
#include "remote/scriptfile.h"
#include "util/shellquote.h"

namespace gs::checks::remotescripts {

using gs::shellQuote;
using remote::ScriptFile;

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
    return ScriptFile::command(u"sockets.sh");
}

QString system()
{
    return ScriptFile::command(u"system.sh");
}

QString kernelOom(qint64 sinceEpoch)
{
    return ScriptFile::command(u"kernel-oom.sh", {QString::number(sinceEpoch)});
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

QString accessLogWindow(const QString &path,
                        qint64 maxBytes,
                        qint64 sinceEpoch,
                        nginx::LogFormat::TimeKind timeKind)
{
    return ScriptFile::shCommand(u"log-tail-window.sh",
                                 {QString::number(maxBytes), QString::number(sinceEpoch), path},
                                 ScriptFile::assignment(u"T", logs::awkEpochFunctions(timeKind)));
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
    return ScriptFile::command(
            u"probe-tcp.sh",
            {host, QString::number(port), scheme, QString::number(timeoutSeconds)});
}

QString probeUnix(const QString &path)
{
    return ScriptFile::command(u"probe-unix.sh", {path});
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
    return ScriptFile::command(u"fpm-config.sh", {config, prefix});
}

QString processLimits(const QList<int> &masterPids)
{
    QStringList pids;
    for (int pid : masterPids)
        pids << QString::number(pid);
    return ScriptFile::command(u"process-limits.sh", pids);
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
    return ScriptFile::command(u"firewall.sh");
}

QString selinux()
{
    return ScriptFile::command(u"selinux.sh");
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

QString unitOfPid(qint64 pid, qint64 sinceEpoch)
{
    return ScriptFile::command(
            u"unit-state.sh",
            {QStringLiteral("pid"), QString::number(pid), QString::number(sinceEpoch)});
}

QString unitState(const QString &unit, qint64 sinceEpoch)
{
    return ScriptFile::command(u"unit-state.sh",
                               {QStringLiteral("unit"), unit, QString::number(sinceEpoch)});
}

QString unitForAddress(int port, const QString &socketPath, qint64 sinceEpoch)
{
    return ScriptFile::command(u"unit-state.sh",
                               {QStringLiteral("address"),
                                QString::number(port),
                                socketPath,
                                QString::number(sinceEpoch)});
}

QString initScriptFor(int port, const QString &socketPath, const QString &initDir)
{
    return ScriptFile::command(u"init-script-for.sh", {QString::number(port), socketPath, initDir});
}

} // namespace gs::checks::remotescripts
