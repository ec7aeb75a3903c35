#include "inventory/sshtarget.h"

#include "inventory/inventory.h"

#include <algorithm>

namespace gs::inventory {

using ssh::SshConfig;
using ssh::SshConfigContext;
using ssh::SshConfigParser;
using ssh::SshResolvedOptions;

namespace {

Error invalidTarget(const QString &target, const QString &why)
{
    return makeError(ErrorCode::InvalidArgument,
                     QStringLiteral("\"%1\" is not a server: %2.").arg(target, why),
                     QStringLiteral("Give an inventory name, a Host from ~/.ssh/config, or "
                                    "[user@]host[:port]."));
}

} // namespace

QString SshTarget::displayAddress() const
{
    const QString shownHost
            = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return user + QLatin1Char('@') + shownHost + QLatin1Char(':') + QString::number(port);
}

Result<SshTarget::Literal> SshTarget::parseLiteral(const QString &text)
{
    Literal literal;
    QString rest = text.trimmed();
    if (rest.isEmpty())
        return invalidTarget(text, QStringLiteral("it is empty"));
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at == 0)
        return invalidTarget(text, QStringLiteral("the user name before '@' is empty"));
    if (at > 0) {
        literal.user = rest.left(at);
        rest = rest.mid(at + 1);
    }
    QString portText;
    bool hasPort = false;
    if (rest.startsWith(QLatin1Char('['))) {
        const qsizetype close = rest.indexOf(QLatin1Char(']'));
        if (close < 0)
            return invalidTarget(text, QStringLiteral("the '[' has no matching ']'"));
        literal.host = rest.mid(1, close - 1);
        const QString after = rest.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return invalidTarget(text, QStringLiteral("only ':port' may follow ']'"));
            hasPort = true;
            portText = after.mid(1);
        }
    } else if (rest.count(QLatin1Char(':')) == 1) {
        const qsizetype colon = rest.indexOf(QLatin1Char(':'));
        literal.host = rest.left(colon);
        hasPort = true;
        portText = rest.mid(colon + 1);
    } else {
        // No colon, or several: a host name, or an IPv6 address without a port.
        literal.host = rest;
    }
    if (literal.host.isEmpty())
        return invalidTarget(text, QStringLiteral("the host is empty"));
    for (const QChar c : std::as_const(literal.host)) {
        if (c.isSpace() || c == QLatin1Char('/') || c == QLatin1Char('['))
            return invalidTarget(text, QStringLiteral("the host contains '%1'").arg(c));
    }
    if (literal.host.startsWith(QLatin1Char('-')))
        return invalidTarget(text, QStringLiteral("a host cannot start with '-'"));
    if (literal.user.contains(QLatin1Char(' ')))
        return invalidTarget(text, QStringLiteral("the user name contains a space"));
    if (hasPort) {
        literal.port = SshConfigParser::parsePort(portText);
        if (!literal.port)
            return invalidTarget(
                    text, QStringLiteral("\"%1\" is not a port from 1 to 65535").arg(portText));
    }
    return literal;
}

Result<SshTarget> SshTarget::resolve(const QString &target,
                                     const Inventory &inventory,
                                     const SshConfig &config,
                                     const SshTargetOverrides &overrides,
                                     const SshConfigContext &context)
{
    SshTarget result;
    result.name = target;
    SshResolvedOptions options;
    std::optional<QString> explicitUser;
    std::optional<int> explicitPort;
    QString explicitIdentity;
    QString explicitKnownHosts;

    if (const Server *server = inventory.find(target)) {
        result.source = Source::Inventory;
        // The ssh config still applies to the server's address, as `ssh ADDRESS` would do.
        options = config.resolve(server->address, context);
        explicitPort = server->port;
        if (!server->user.isEmpty())
            explicitUser = server->user;
        explicitIdentity = server->identityFile;
        explicitKnownHosts = server->knownHostsFile;
        result.readOnly = server->readOnly;
    } else {
        Result<Literal> literal = parseLiteral(target);
        if (!literal)
            return literal.error();
        options = config.resolve(literal->host, context);
        const QStringList aliases = config.listAliases();
        const bool isAlias = std::any_of(aliases.cbegin(), aliases.cend(), [&](const QString &a) {
            return a.compare(literal->host, Qt::CaseInsensitive) == 0;
        });
        result.source = isAlias ? Source::SshConfig : Source::Literal;
        explicitPort = literal->port;
        if (!literal->user.isEmpty())
            explicitUser = literal->user;
    }

    result.host = options.hostName;
    result.port = overrides.port.value_or(explicitPort.value_or(options.port.value_or(22)));
    result.user = overrides.user.value_or(
            explicitUser.value_or(options.user.value_or(context.localUser)));

    QStringList identities;
    if (overrides.identityFile && !overrides.identityFile->isEmpty())
        identities.append(SshConfigParser::expandPath(*overrides.identityFile, context));
    if (!explicitIdentity.isEmpty())
        identities.append(SshConfigParser::expandPath(explicitIdentity, context));
    identities += options.identityFiles;
    identities.removeDuplicates();
    result.identityFiles = identities;
    result.identitiesOnly = options.identitiesOnly.value_or(false);

    if (options.usesProxyJump())
        result.proxyJump = *options.proxyJump;
    result.connectTimeout = options.connectTimeout;

    if (overrides.knownHostsFile && !overrides.knownHostsFile->isEmpty())
        result.knownHostsFile = SshConfigParser::expandPath(*overrides.knownHostsFile, context);
    else if (!explicitKnownHosts.isEmpty())
        result.knownHostsFile = SshConfigParser::expandPath(explicitKnownHosts, context);
    else if (!options.userKnownHostsFiles.isEmpty())
        result.knownHostsFile = options.userKnownHostsFiles.first();
    else
        result.knownHostsFile = context.sshDir() + QStringLiteral("/known_hosts");
    return result;
}

} // namespace gs::inventory
