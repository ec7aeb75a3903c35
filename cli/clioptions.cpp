#include "clioptions.h"

#include "inventory/inventory.h"
#include "inventory/sshtarget.h"
#include "inventory/targetresolver.h"

#include <QDir>

namespace gs::cli {

namespace {

Error usageError(const QString &message)
{
    return makeError(ErrorCode::InvalidArgument, message);
}

} // namespace

Result<QList<CommandArg>>
splitCommandArgs(const QStringList &rest, const QStringList &flags, const QStringList &valued)
{
    QList<CommandArg> split;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &arg = rest.at(i);
        if (!arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
            split << CommandArg{{}, arg};
            continue;
        }
        const QString name = arg.section(QLatin1Char('='), 0, 0);
        if (flags.contains(arg)) {
            split << CommandArg{arg, {}};
        } else if (!valued.contains(name)) {
            return usageError(QStringLiteral("unknown option %1").arg(arg));
        } else if (arg.contains(QLatin1Char('='))) {
            split << CommandArg{name, arg.section(QLatin1Char('='), 1)};
        } else if (i + 1 < rest.size()) {
            split << CommandArg{name, rest.at(++i)};
        } else {
            return usageError(QStringLiteral("%1 needs a value").arg(name));
        }
    }
    return split;
}

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
    auto inventory = inventory::Inventory::load(inventory::Inventory::defaultPath());
    if (!inventory)
        return inventory.error();
    inventory::SshTargetOverrides overrides;
    overrides.port = args.port;
    if (!args.user.isEmpty())
        overrides.user = args.user;
    if (!args.identities.isEmpty())
        overrides.identityFile = args.identities.first();
    if (!args.knownHosts.isEmpty())
        overrides.knownHostsFile = args.knownHosts;
    auto resolved = inventory::TargetResolver::resolve(target, *inventory, overrides);
    if (!resolved)
        return resolved.error();
    ssh::ConnectOptions options = *resolved;
    for (const QString &identity : args.identities.mid(1))
        options.identityFiles << identity;
    options.unknownHostKey = args.acceptNew ? ssh::UnknownHostKeyPolicy::AcceptNew
                                            : ssh::UnknownHostKeyPolicy::Refuse;
    options.commandTimeoutMs = args.timeoutSeconds * 1000;
    if (args.sudo)
        options.sudo
                = *args.sudo ? ssh::ConnectOptions::Sudo::Always : ssh::ConnectOptions::Sudo::Never;
    return options;
}

} // namespace gs::cli
