#pragma once

#include "util/result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace gs::secrets {

// Remembered secrets, only ever in the OS keychain (Secret Service / KWallet through QtKeychain,
// with the insecure plain-file fallback switched off). Asynchronous: call from a thread with a
// running event loop (the GUI thread); callbacks run on that thread. Secrets are never logged.
class SecretStore : public QObject
{
    Q_OBJECT

public:
    explicit SecretStore(QObject *parent = nullptr);

    // Keys name what a secret opens, never the secret: "password:user@host:port",
    // "sudo:user@host:port", "passphrase:/home/me/.ssh/id_ed25519".
    static QString passwordKey(const QString &target);
    static QString sudoKey(const QString &target);
    static QString passphraseKey(const QString &keyFile);

    // `done` gets the secret, or an error (NotFound when nothing is stored, Unsupported when
    // there is no keychain on this desktop).
    void read(const QString &key, std::function<void(Result<QString>)> done);
    void write(const QString &key, const QString &secret, std::function<void(Result<void>)> done);
    void remove(const QString &key, std::function<void(Result<void>)> done = {});

private:
    static Error toError(int keychainError, const QString &message);
};

} // namespace gs::secrets
