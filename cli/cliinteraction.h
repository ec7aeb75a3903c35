#pragma once

#include "ssh/sshinteraction.h"

#include <QMutex>

namespace gs::cli {

// The CLI never prompts on a terminal: host keys follow --accept-new (decided by the policy
// before this is asked), and the only secret is the one read from stdin with --password-stdin,
// offered once for the login, a key passphrase or sudo.
class CliInteraction : public ssh::SshInteraction
{
public:
    explicit CliInteraction(std::optional<QString> secret);

    ssh::HostKeyDecision askHostKey(const ssh::HostKeyInfo &key) override;
    std::optional<ssh::Secret> askSecret(const ssh::SecretRequest &request) override;

    // Reads the whole of stdin, minus one trailing newline.
    static QString readSecretFromStdin();

private:
    std::optional<QString> m_secret;
};

} // namespace gs::cli
