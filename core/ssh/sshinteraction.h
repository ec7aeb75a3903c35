#pragma once

#include "ssh/hostkeyinfo.h"

#include <QString>

#include <optional>

namespace gs::ssh {

// A secret the session needs from the user.
struct SecretRequest
{
    enum class Kind { Password, KeyPassphrase, KeyboardInteractive, SudoPassword };
    Kind kind = Kind::Password;
    QString target; // user@host:port, for the dialog title
    QString prompt; // the server's prompt text, or the key file for a passphrase
    bool echo = false;
    int attempt = 1; // 2 and up after a refusal
};

struct Secret
{
    QString value;
    bool remember = false; // the user asked to keep it in the OS keychain
};

// How a session asks its user. Called on the session's worker thread, never the GUI thread;
// an implementation may block that worker until the user answers (GUI: a non-modal dialog on the
// GUI thread plus a wait), and returns std::nullopt / Refuse when the user cancels.
class SshInteraction
{
public:
    virtual ~SshInteraction() = default;
    virtual HostKeyDecision askHostKey(const HostKeyInfo &key) = 0;
    virtual std::optional<Secret> askSecret(const SecretRequest &request) = 0;
    // The server refused a secret this interaction supplied (e.g. drop it from the keychain).
    virtual void secretRejected(const SecretRequest &request) { (void)request; }
    // True when the last std::nullopt / Refuse came from the user cancelling (not "no answer").
    virtual bool wasCancelled() const { return false; }
};

} // namespace gs::ssh
