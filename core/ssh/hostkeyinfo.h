#pragma once

#include <QString>

namespace gs::ssh {

// The server's host key as shown to a user who must decide whether to trust it.
struct HostKeyInfo
{
    enum class State { Known, Unknown, Changed, OtherType };
    QString host;
    int port = 22;
    QString keyType;     // e.g. "ssh-ed25519"
    QString fingerprint; // "SHA256:..." as OpenSSH prints it
    QString knownHostsFile;
    State state = State::Unknown;
};

enum class HostKeyDecision { Refuse, AcceptOnce, AcceptAndRemember };

} // namespace gs::ssh
