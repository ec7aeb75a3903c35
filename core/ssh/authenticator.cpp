#include "ssh/authenticator.h"

#include "ssh/sshhandles.h"

#include <QDir>
#include <QFileInfo>

namespace gs::ssh {

namespace {

constexpr int kMaxSecretAttempts = 3;

// Given to libssh so that an encrypted PEM key never makes OpenSSL prompt on the terminal:
// passphrases come from the SshInteraction only.
int refusePassphrasePrompt(const char *, char *, size_t, int, int, void *)
{
    return -1;
}

QString expandHome(const QString &path)
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

} // namespace

Authenticator::Authenticator(ssh_session session,
                             const ConnectOptions &options,
                             SshInteraction *interaction)
    : m_session(session)
    , m_options(options)
    , m_interaction(interaction)
{}

Authenticator::Outcome Authenticator::fromLibssh(int rc) const
{
    switch (rc) {
    case SSH_AUTH_SUCCESS: return Outcome::Success;
    case SSH_AUTH_PARTIAL: return Outcome::Partial;
    case SSH_AUTH_DENIED: return Outcome::Denied;
    default: return Outcome::Error;
    }
}

std::optional<Secret> Authenticator::ask(SecretRequest request)
{
    if (!m_interaction)
        return std::nullopt;
    request.target = m_options.displayName();
    auto secret = m_interaction->askSecret(request);
    if (!secret && m_interaction->wasCancelled())
        m_cancelled = true;
    return secret;
}

bool Authenticator::isPlainKey(const QString &path)
{
    ssh_key raw = nullptr;
    const int rc = ssh_pki_import_privkey_file(
            QFile::encodeName(path).constData(), nullptr, refusePassphrasePrompt, nullptr, &raw);
    KeyPtr key(raw);
    return rc == SSH_OK;
}

Result<QString> Authenticator::authenticate()
{
    // The key given for this server, when it needs no passphrase, signs before "none" asks what
    // the server accepts: one round trip fewer when it is the right key, the usual case.
    Outcome early = Outcome::Error;
    if (!m_options.identityFiles.isEmpty()) {
        const QString first = expandHome(m_options.identityFiles.first());
        if (QFileInfo(first).isReadable() && isPlainKey(first)) {
            m_keyTried = first;
            early = tryKeyFile(first);
            if (early == Outcome::Success)
                return QStringLiteral("publickey");
        }
    }
    // "none" only asks the server which methods it offers; it carries no credential. A refusal
    // of the early key already said which (and sshd counts "none" as one more failure).
    const bool refused = early == Outcome::Denied || early == Outcome::Partial;
    const int rc = refused ? SSH_AUTH_DENIED : ssh_userauth_none(m_session, nullptr);
    if (rc == SSH_AUTH_SUCCESS)
        return QStringLiteral("none");
    if (rc == SSH_AUTH_ERROR) {
        return makeError(ErrorCode::ProtocolError,
                         QStringLiteral("The server ended the login: %1")
                                 .arg(QString::fromUtf8(ssh_get_error(m_session))));
    }

    struct Method
    {
        int flag;
        const char *name;
        Outcome (Authenticator::*attempt)();
        bool done = false;
    };
    QList<Method> methods{
            {SSH_AUTH_METHOD_PUBLICKEY, "agent", &Authenticator::tryAgent},
            {SSH_AUTH_METHOD_PUBLICKEY, "publickey", &Authenticator::tryPublicKeys},
            {SSH_AUTH_METHOD_INTERACTIVE,
             "keyboard-interactive",
             &Authenticator::tryKeyboardInteractive},
            {SSH_AUTH_METHOD_PASSWORD, "password", &Authenticator::tryPassword},
    };

    // After a partial success the server lists what it still needs; start over with those.
    for (bool progressed = true; progressed;) {
        progressed = false;
        const int offered = ssh_userauth_list(m_session, nullptr);
        for (Method &method : methods) {
            if (method.done || !(offered & method.flag))
                continue;
            method.done = true;
            const Outcome outcome = (this->*method.attempt)();
            if (outcome == Outcome::Success)
                return QString::fromLatin1(method.name);
            if (outcome == Outcome::Cancelled || m_cancelled) {
                return makeError(
                        ErrorCode::Cancelled,
                        QStringLiteral("Login to %1 was cancelled.").arg(m_options.displayName()));
            }
            if (outcome == Outcome::Error && !ssh_is_connected(m_session)) {
                return makeError(ErrorCode::ProtocolError,
                                 QStringLiteral("The connection to %1 closed during login: %2")
                                         .arg(m_options.displayName(),
                                              QString::fromUtf8(ssh_get_error(m_session))));
            }
            if (outcome == Outcome::Partial) {
                progressed = true;
                break;
            }
        }
    }
    const QString tried = m_tried.isEmpty() ? QStringLiteral("nothing the server offers")
                                            : m_tried.join(QLatin1String(", "));
    return makeError(ErrorCode::AuthFailed,
                     QStringLiteral("%1 did not accept the login as \"%2\" (tried: %3).")
                             .arg(m_options.displayName(), m_options.user, tried),
                     QStringLiteral("Check the user name, and give the right key file or "
                                    "password for this server."));
}

Authenticator::Outcome Authenticator::tryAgent()
{
    if (!m_options.useAgent || qEnvironmentVariableIsEmpty("SSH_AUTH_SOCK"))
        return Outcome::Denied;
    m_tried << QStringLiteral("ssh-agent");
    return fromLibssh(ssh_userauth_agent(m_session, nullptr));
}

QStringList Authenticator::candidateKeyFiles() const
{
    QStringList files;
    for (const QString &file : m_options.identityFiles)
        files << expandHome(file);
    if (!m_options.identitiesOnly) {
        for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
            const QString path = QDir::homePath() + QLatin1String("/.ssh/") + QLatin1String(name);
            if (!files.contains(path) && QFileInfo::exists(path))
                files << path;
        }
    }
    return files;
}

Authenticator::Outcome Authenticator::tryPublicKeys()
{
    for (const QString &file : candidateKeyFiles()) {
        if (file == m_keyTried)
            continue; // offered first, before "none", and refused
        const Outcome outcome = tryKeyFile(file);
        if (outcome != Outcome::Denied)
            return outcome;
    }
    return Outcome::Denied;
}

Authenticator::Outcome Authenticator::tryKeyFile(const QString &path)
{
    if (!QFileInfo(path).isReadable()) {
        m_tried << QStringLiteral("key %1 (not readable)").arg(path);
        return Outcome::Denied;
    }
    m_tried << QStringLiteral("key %1").arg(path);
    const QByteArray localPath = QFile::encodeName(path);

    // A key without a passphrase signs at once: offering its public half first would only cost
    // a round trip (a refused signature is a refusal like any other).
    ssh_key rawPlain = nullptr;
    if (ssh_pki_import_privkey_file(
                localPath.constData(), nullptr, refusePassphrasePrompt, nullptr, &rawPlain)
        == SSH_OK) {
        KeyPtr plainKey(rawPlain);
        return fromLibssh(ssh_userauth_publickey(m_session, nullptr, plainKey.get()));
    }

    // Offer the public half first so a passphrase is asked only for a key the server accepts.
    ssh_key rawPublic = nullptr;
    if (ssh_pki_import_pubkey_file(QByteArray(localPath + ".pub").constData(), &rawPublic)
        == SSH_OK) {
        KeyPtr publicKey(rawPublic);
        const int rc = ssh_userauth_try_publickey(m_session, nullptr, publicKey.get());
        if (rc != SSH_AUTH_SUCCESS)
            return rc == SSH_AUTH_DENIED ? Outcome::Denied : fromLibssh(rc);
    }

    ssh_key rawPrivate = nullptr;
    int rc = SSH_ERROR; // it needs a passphrase (read without one above)
    for (int attempt = 1; rc != SSH_OK && attempt <= kMaxSecretAttempts; ++attempt) {
        SecretRequest request;
        request.kind = SecretRequest::Kind::KeyPassphrase;
        request.prompt = path;
        request.attempt = attempt;
        const auto passphrase = ask(request);
        if (!passphrase)
            return m_cancelled ? Outcome::Cancelled : Outcome::Denied;
        const QByteArray bytes = passphrase->value.toUtf8();
        rc = ssh_pki_import_privkey_file(localPath.constData(),
                                         bytes.constData(),
                                         refusePassphrasePrompt,
                                         nullptr,
                                         &rawPrivate);
        if (rc != SSH_OK && m_interaction)
            m_interaction->secretRejected(request);
    }
    if (rc != SSH_OK)
        return Outcome::Denied;
    KeyPtr privateKey(rawPrivate);
    return fromLibssh(ssh_userauth_publickey(m_session, nullptr, privateKey.get()));
}

Authenticator::Outcome Authenticator::tryKeyboardInteractive()
{
    m_tried << QStringLiteral("keyboard-interactive");
    for (int attempt = 1; attempt <= kMaxSecretAttempts; ++attempt) {
        int rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
        bool answered = false;
        SecretRequest lastRequest;
        while (rc == SSH_AUTH_INFO) {
            const int count = ssh_userauth_kbdint_getnprompts(m_session);
            for (int i = 0; i < count; ++i) {
                char echo = 0;
                const char *prompt
                        = ssh_userauth_kbdint_getprompt(m_session, static_cast<unsigned>(i), &echo);
                SecretRequest request;
                request.kind = SecretRequest::Kind::KeyboardInteractive;
                request.prompt = QString::fromUtf8(prompt).trimmed();
                request.echo = echo != 0;
                request.attempt = attempt;
                const auto answer = ask(request);
                if (!answer)
                    return m_cancelled ? Outcome::Cancelled : Outcome::Denied;
                lastRequest = request;
                answered = true;
                const QByteArray bytes = answer->value.toUtf8();
                if (ssh_userauth_kbdint_setanswer(
                            m_session, static_cast<unsigned>(i), bytes.constData())
                    < 0)
                    return Outcome::Error;
            }
            rc = ssh_userauth_kbdint(m_session, nullptr, nullptr);
        }
        if (rc != SSH_AUTH_DENIED)
            return fromLibssh(rc);
        if (!answered)
            return Outcome::Denied;
        if (m_interaction)
            m_interaction->secretRejected(lastRequest);
    }
    return Outcome::Denied;
}

Authenticator::Outcome Authenticator::tryPassword()
{
    m_tried << QStringLiteral("password");
    for (int attempt = 1; attempt <= kMaxSecretAttempts; ++attempt) {
        SecretRequest request;
        request.kind = SecretRequest::Kind::Password;
        request.prompt = QStringLiteral("Password for %1").arg(m_options.displayName());
        request.attempt = attempt;
        const auto password = ask(request);
        if (!password)
            return m_cancelled ? Outcome::Cancelled : Outcome::Denied;
        const QByteArray bytes = password->value.toUtf8();
        const int rc = ssh_userauth_password(m_session, nullptr, bytes.constData());
        if (rc != SSH_AUTH_DENIED)
            return fromLibssh(rc);
        if (m_interaction)
            m_interaction->secretRejected(request);
    }
    return Outcome::Denied;
}

} // namespace gs::ssh
