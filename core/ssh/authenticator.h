#pragma once

#include "ssh/connectoptions.h"
#include "ssh/sshinteraction.h"
#include "util/result.h"

#include <libssh/libssh.h>

#include <QStringList>

namespace gs::ssh {

// Logs in on a connected session whose host key has been verified. Order: agent, public keys
// (asking for a passphrase only for a key the server would accept), keyboard-interactive,
// password; a partial success moves on to the methods the server still wants. Runs on the
// session's thread, blocking it (never the GUI thread).
class Authenticator
{
public:
    Authenticator(ssh_session session, const ConnectOptions &options, SshInteraction *interaction);

    // The method that completed the login ("publickey", "password", ...).
    Result<QString> authenticate();

private:
    enum class Outcome { Success, Partial, Denied, Cancelled, Error };

    Outcome tryAgent();
    Outcome tryPublicKeys();
    Outcome tryKeyFile(const QString &path);
    // Whether the key file reads without a passphrase.
    static bool isPlainKey(const QString &path);
    Outcome tryKeyboardInteractive();
    Outcome tryPassword();
    Outcome fromLibssh(int rc) const;
    QStringList candidateKeyFiles() const;
    std::optional<Secret> ask(SecretRequest request);

    ssh_session m_session;
    const ConnectOptions &m_options;
    SshInteraction *m_interaction;
    QStringList m_tried; // for the error message: what was attempted, never any secret
    QString m_keyTried;  // the server's own key file, offered before "none"
    bool m_cancelled = false;
};

} // namespace gs::ssh
