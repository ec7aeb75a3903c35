#include "inventory/targetresolver.h"

#include "inventory/sshconfigloader.h"

namespace gs::inventory {

Result<ssh::ConnectOptions> TargetResolver::resolve(const QString &target,
                                                    const Inventory &inventory,
                                                    const SshTargetOverrides &overrides)
{
    const ssh::SshConfigContext context = ssh::SshConfigContext::system();
    // A missing or unreadable ~/.ssh/config is no reason to fail: `ssh` would warn and go on.
    const Result<ssh::SshConfig> config
            = SshConfigLoader::load(SshConfigLoader::defaultPath(context), context);
    const Result<SshTarget> resolved = SshTarget::resolve(
            target, inventory, config ? *config : ssh::SshConfig{}, overrides, context);
    if (!resolved)
        return resolved.error();
    if (!resolved->proxyJump.isEmpty()) {
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("%1 is reached through ProxyJump %2, which Gatescope does "
                                        "not support yet.")
                                 .arg(target, resolved->proxyJump),
                         QStringLiteral("Connect to the server directly, or forward a local port "
                                        "(ssh -L 2222:%1:%2 %3) and use 127.0.0.1:2222.")
                                 .arg(resolved->host)
                                 .arg(resolved->port)
                                 .arg(resolved->proxyJump));
    }
    return optionsFor(*resolved);
}

ssh::ConnectOptions TargetResolver::optionsFor(const SshTarget &target)
{
    ssh::ConnectOptions options;
    options.host = target.host;
    options.port = target.port;
    options.user = target.user;
    options.identityFiles = target.identityFiles;
    options.identitiesOnly = target.identitiesOnly;
    options.knownHostsFile = target.knownHostsFile;
    // 0 in an ssh config means "no timeout of its own": keep ours.
    if (target.connectTimeout && *target.connectTimeout > 0)
        options.connectTimeoutMs = *target.connectTimeout * 1000;
    return options;
}

Result<ssh::ConnectOptions> TargetResolver::resolve(const Server &server)
{
    Inventory inventory;
    if (Result<void> added = inventory.add(server); !added)
        return added.error();
    return resolve(server.name, inventory);
}

} // namespace gs::inventory
