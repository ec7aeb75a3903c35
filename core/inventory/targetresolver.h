#pragma once

#include "inventory/inventory.h"
#include "inventory/sshtarget.h"
#include "ssh/connectoptions.h"
#include "util/result.h"

namespace gs::inventory {

// How both front ends turn what the user named (an inventory server, an ~/.ssh/config alias,
// user@host:port) into connect options, as `ssh` would: the inventory entry, then the user's
// ~/.ssh/config (an unreadable one only means no aliases), then the overrides given. A target
// reached through ProxyJump is refused with a next step (jump hosts are not supported yet).
// Host-key policy, sudo and timeouts are each front end's own choice, set on the result.
class TargetResolver
{
public:
    [[nodiscard]] static Result<ssh::ConnectOptions> resolve(const QString &target,
                                                             const Inventory &inventory,
                                                             const SshTargetOverrides &overrides
                                                             = {});
    // The same for one server (the app's): resolved on its own, under its own name.
    [[nodiscard]] static Result<ssh::ConnectOptions> resolve(const Server &server);
    // The connect options of a resolved target, before any front end's policy. Pure.
    static ssh::ConnectOptions optionsFor(const SshTarget &target);
};

} // namespace gs::inventory
