#include "inventory/targetresolver.h"

#include "inventory/sshconfigloader.h"

namespace gs::inventory {

Result<ssh::ConnectOptions> TargetResolver::resolve(const QString &target,
                                                    const Inventory &inventory,
                                                    const ssh::SshTargetOverrides &overrides)
{
    const ssh::SshConfigContext context = ssh::SshConfigContext::system();
    // A missing or unreadable ~/.ssh/config is no reason to fail: `ssh` would warn and go on.
    const Result<ssh::SshConfig> config
            = SshConfigLoader::load(SshConfigLoader::defaultPath(context), context);
    const Result<ssh::SshTarget> resolved = ssh::SshTarget::resolve(
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
    return ssh::ConnectOptions::fromTarget(*resolved);
}

Result<ssh::ConnectOptions> TargetResolver::resolve(const Server &server)
{
    Inventory inventory;
    if (Result<void> added = inventory.add(server); !added)
        return added.error();
    return resolve(server.name, inventory);
}

} // namespace gs::inventory
