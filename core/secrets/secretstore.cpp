#include "secrets/secretstore.h"

#include <qt6keychain/keychain.h>

namespace gs::secrets {

namespace {

const QString kService = QStringLiteral("gatescope");

} // namespace

SecretStore::SecretStore(QObject *parent)
    : QObject(parent)
{}

QString SecretStore::passwordKey(const QString &target)
{
    return QStringLiteral("password:") + target;
}

QString SecretStore::sudoKey(const QString &target)
{
    return QStringLiteral("sudo:") + target;
}

QString SecretStore::passphraseKey(const QString &keyFile)
{
    return QStringLiteral("passphrase:") + keyFile;
}

Error SecretStore::toError(int keychainError, const QString &message)
{
    switch (keychainError) {
    case QKeychain::EntryNotFound:
        return makeError(ErrorCode::NotFound, QStringLiteral("Nothing is stored for this."));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("No system keychain is available: %1").arg(message),
                         QStringLiteral("Install and unlock a keyring (GNOME Keyring or KWallet) "
                                        "to remember secrets; until then they are kept only "
                                        "while the app runs."));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(ErrorCode::PermissionDenied,
                         QStringLiteral("The keychain refused access: %1").arg(message));
    default:
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The keychain failed: %1").arg(message));
    }
}

void SecretStore::read(const QString &key, std::function<void(Result<QString>)> done)
{
    auto job = new QKeychain::ReadPasswordJob(kService, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (job->error() != QKeychain::NoError)
            done(toError(job->error(), job->errorString()));
        else
            done(job->textData());
    });
    job->start();
}

void SecretStore::write(const QString &key,
                        const QString &secret,
                        std::function<void(Result<void>)> done)
{
    auto job = new QKeychain::WritePasswordJob(kService, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (!done)
            return;
        if (job->error() != QKeychain::NoError)
            done(toError(job->error(), job->errorString()));
        else
            done(Result<void>());
    });
    job->start();
}

void SecretStore::remove(const QString &key, std::function<void(Result<void>)> done)
{
    auto job = new QKeychain::DeletePasswordJob(kService, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [job, done = std::move(done)] {
        if (!done)
            return;
        if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
            done(toError(job->error(), job->errorString()));
        else
            done(Result<void>());
    });
    job->start();
}

} // namespace gs::secrets
