#pragma once

#include "ssh/connectoptions.h"
#include "ssh/hostkeyinfo.h"
#include "ssh/sshinteraction.h"
#include "util/result.h"

#include <libssh/libssh.h>

namespace gs::ssh {

// Checks the server's host key of a connected, not yet authenticated session against
// known_hosts (hashed entries included), and asks or records according to the policy.
// Runs on the session's thread. Nothing about the user's credentials is sent before this passes.
class HostKeyVerifier
{
public:
    HostKeyVerifier(ssh_session session,
                    const ConnectOptions &options,
                    SshInteraction *interaction);

    Result<HostKeyInfo> verify();

    // ~/.ssh/known_hosts when the options name none.
    static QString knownHostsPath(const ConnectOptions &options);

private:
    Result<HostKeyInfo> readServerKey();
    Result<HostKeyInfo> record(HostKeyInfo info);

    ssh_session m_session;
    const ConnectOptions &m_options;
    SshInteraction *m_interaction;
};

} // namespace gs::ssh
