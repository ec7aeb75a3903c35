#include "clioptions.h"

#include <QDir>

namespace gs::cli {

namespace {

Error usageError(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

} // namespace

Result<ConnectionArgs> parseConnectionArgs(const QStringList &args)
{
    ConnectionArgs parsed;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        auto value = [&](QString *out) -> bool {
            const qsizetype eq = arg.indexOf(QLatin1Char('='));
            if (arg.startsWith(QLatin1String("--")) && eq > 0) {
                *out = arg.mid(eq + 1);
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            *out = args.at(++i);
            return true;
        };
        auto is = [&](const char *longName, const char *shortName = nullptr) {
            const QString name = arg.section(QLatin1Char('='), 0, 0);
            return name == QLatin1String(longName)
                   || (shortName && arg == QLatin1String(shortName));
        };
        QString text;
        if (is("--port", "-p")) {
            bool ok = false;
            if (!value(&text) || (parsed.port = text.toInt(&ok), !ok) || *parsed.port <= 0
                || *parsed.port > 65535)
                return usageError(QStringLiteral("--port needs a number between 1 and 65535"));
        } else if (is("--user", "-l")) {
            if (!value(&parsed.user) || parsed.user.isEmpty())
                return usageError(QStringLiteral("--user needs a login name"));
        } else if (is("--identity", "-i")) {
            if (!value(&text) || text.isEmpty())
                return usageError(QStringLiteral("--identity needs a key file"));
            parsed.identities << text;
        } else if (is("--known-hosts")) {
            if (!value(&parsed.knownHosts) || parsed.knownHosts.isEmpty())
                return usageError(QStringLiteral("--known-hosts needs a file"));
        } else if (is("--accept-new")) {
            parsed.acceptNew = true;
        } else if (is("--password-stdin")) {
            parsed.passwordStdin = true;
        } else if (is("--sudo")) {
            parsed.sudo = true;
        } else if (is("--no-sudo")) {
            parsed.sudo = false;
        } else if (is("--timeout")) {
            bool ok = false;
            if (!value(&text) || (parsed.timeoutSeconds = text.toInt(&ok), !ok)
                || parsed.timeoutSeconds <= 0)
                return usageError(QStringLiteral("--timeout needs a number of seconds"));
        } else if (is("--json")) {
            parsed.json = true;
        } else if (is("--help", "-h")) {
            parsed.help = true;
        } else {
            parsed.rest << arg;
        }
    }
    return parsed;
}

QString connectionOptionsHelp()
{
    return QStringLiteral(
            "Connection options:\n"
            "  -p, --port N           SSH port\n"
            "  -l, --user NAME        login name\n"
            "  -i, --identity FILE    private key (the agent and default keys are tried too)\n"
            "  --known-hosts FILE     known_hosts to verify against and record into\n"
            "                         (default ~/.ssh/known_hosts)\n"
            "  --accept-new           record an unknown host key and go on; a changed key is\n"
            "                         always refused\n"
            "  --password-stdin       read the login password (or key passphrase) from stdin\n"
            "  --sudo / --no-sudo     use sudo for privileged commands (default: sudo -n when\n"
            "                         the login is not root)\n"
            "  --timeout SECONDS      per remote command (default 20)\n"
            "  --json                 print one JSON document on stdout\n");
}

Result<ssh::ConnectOptions> resolveTarget(const QString &target, const ConnectionArgs &args)
{
    ssh::ConnectOptions options;
    // [user@]host[:port], with [v6]:port brackets.
    QString rest = target;
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        options.user = rest.left(at);
        rest = rest.mid(at + 1);
    }
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return usageError(QStringLiteral("'%1': missing ']' after the address").arg(target));
        options.host = rest.mid(1, close - 1);
        rest = rest.mid(close + 1);
        if (rest.startsWith(QLatin1Char(':')))
            options.port = rest.mid(1).toInt();
    } else if (rest.count(QLatin1Char(':')) == 1) {
        options.host = rest.section(QLatin1Char(':'), 0, 0);
        bool ok = false;
        options.port = rest.section(QLatin1Char(':'), 1).toInt(&ok);
        if (!ok)
            return usageError(QStringLiteral("'%1': the port is not a number").arg(target));
    } else {
        options.host = rest;
    }
    if (options.host.isEmpty())
        return usageError(QStringLiteral("'%1' names no host").arg(target));
    if (args.port)
        options.port = *args.port;
    if (!args.user.isEmpty())
        options.user = args.user;
    if (options.user.isEmpty())
        options.user = qEnvironmentVariable("USER", QStringLiteral("root"));
    options.identityFiles << args.identities;
    options.knownHostsFile = args.knownHosts;
    options.unknownHostKey = args.acceptNew ? ssh::UnknownHostKeyPolicy::AcceptNew
                                            : ssh::UnknownHostKeyPolicy::Refuse;
    options.commandTimeoutMs = args.timeoutSeconds * 1000;
    if (args.sudo)
        options.sudo
                = *args.sudo ? ssh::ConnectOptions::Sudo::Always : ssh::ConnectOptions::Sudo::Never;
    return options;
}

} // namespace gs::cli
