#pragma once

#include <QString>
#include <QStringList>

namespace gs::ssh {

// What to do with a host key that is not in known_hosts. A changed key is always refused.
enum class UnknownHostKeyPolicy {
    Refuse,    // fail with host_key_unknown (CLI default)
    AcceptNew, // record it and go on (CLI --accept-new, OpenSSH's accept-new)
    Ask,       // ask the SshInteraction (GUI)
};

// Everything needed to open one SSH session. Plain data; resolved from the inventory,
// ~/.ssh/config or a literal target before it gets here.
struct ConnectOptions
{
    QString host;
    int port = 22;
    QString user;
    QStringList identityFiles; // tried after the agent, before the default keys
    bool identitiesOnly = false;
    bool useAgent = true;
    QString knownHostsFile; // empty: ~/.ssh/known_hosts
    UnknownHostKeyPolicy unknownHostKey = UnknownHostKeyPolicy::Refuse;
    int connectTimeoutMs = 10000;
    int commandTimeoutMs = 20000; // default per command
    int keepaliveIntervalMs = 15000;
    int maxChannels = 8; // OpenSSH's MaxSessions defaults to 10
    // sudo policy for privileged commands: Auto = when the login is not root, try sudo -n.
    enum class Sudo { Auto, Always, Never } sudo = Sudo::Auto;
    // What the caller will run first, unprivileged (a diagnosis's first round): it runs with the
    // login's sudo probe, in the same round trip, and the session answers the caller's first
    // command from it (FirstCommand). Empty: none. Run by `sh`.
    QString firstCommand;

    QString displayName() const; // user@host:port
};

} // namespace gs::ssh
