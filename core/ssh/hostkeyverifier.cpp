#include "ssh/hostkeyverifier.h"

#include "ssh/sshhandles.h"

#include <QDir>
#include <QFileInfo>

namespace gs::ssh {

HostKeyVerifier::HostKeyVerifier(ssh_session session,
                                 const ConnectOptions &options,
                                 SshInteraction *interaction)
    : m_session(session)
    , m_options(options)
    , m_interaction(interaction)
{}

QString HostKeyVerifier::knownHostsPath(const ConnectOptions &options)
{
    if (!options.knownHostsFile.isEmpty())
        return options.knownHostsFile;
    return QDir::homePath() + QLatin1String("/.ssh/known_hosts");
}

Result<HostKeyInfo> HostKeyVerifier::readServerKey()
{
    ssh_key rawKey = nullptr;
    if (ssh_get_server_publickey(m_session, &rawKey) != SSH_OK) {
        return makeError(ErrorCode::ProtocolError,
                         QStringLiteral("The server did not present a host key."));
    }
    KeyPtr key(rawKey);
    unsigned char *rawHash = nullptr;
    size_t hashLength = 0;
    if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &rawHash, &hashLength) != 0) {
        return makeError(ErrorCode::ProtocolError,
                         QStringLiteral("Could not compute the host key fingerprint."));
    }
    HashPtr hash(rawHash);
    CharPtr fingerprint(
            ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash.get(), hashLength));
    HostKeyInfo info;
    info.host = m_options.host;
    info.port = m_options.port;
    info.keyType = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key.get())));
    info.fingerprint = QString::fromLatin1(fingerprint.get());
    info.knownHostsFile = knownHostsPath(m_options);
    return info;
}

Result<HostKeyInfo> HostKeyVerifier::verify()
{
    auto read = readServerKey();
    if (!read)
        return read.error();
    HostKeyInfo info = *read;
    const QString target = m_options.displayName();
    const QString clearCommand
            = QStringLiteral("ssh-keygen -R '%1' -f '%2'")
                      .arg(m_options.port == 22
                                   ? m_options.host
                                   : QStringLiteral("[%1]:%2").arg(m_options.host,
                                                                   QString::number(m_options.port)),
                           info.knownHostsFile);

    switch (ssh_session_is_known_server(m_session)) {
    case SSH_KNOWN_HOSTS_OK: info.state = HostKeyInfo::State::Known; return info;
    case SSH_KNOWN_HOSTS_CHANGED:
        info.state = HostKeyInfo::State::Changed;
        return makeError(
                ErrorCode::HostKeyChanged,
                QStringLiteral("The host key of %1 has changed since it was recorded in %2 "
                               "(it now presents %3 %4). Someone may be intercepting the "
                               "connection, or the server was reinstalled.")
                        .arg(target, info.knownHostsFile, info.keyType, info.fingerprint),
                QStringLiteral("Ask the server's administrator for its key fingerprint. Once you "
                               "have verified it, remove the old entry with: %1")
                        .arg(clearCommand));
    case SSH_KNOWN_HOSTS_OTHER:
        info.state = HostKeyInfo::State::OtherType;
        return makeError(
                ErrorCode::HostKeyChanged,
                QStringLiteral("%1 presented a %2 host key, but %3 holds a key of another type "
                               "for it. That is treated as a changed key: someone may be "
                               "intercepting the connection, or the server was reinstalled.")
                        .arg(target, info.keyType, info.knownHostsFile),
                QStringLiteral("Verify the fingerprint %1 with the server's administrator, then "
                               "remove the old entry with: %2")
                        .arg(info.fingerprint, clearCommand));
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND: break;
    case SSH_KNOWN_HOSTS_ERROR:
        return makeError(
                ErrorCode::ProtocolError,
                QStringLiteral("Could not read the known hosts file %1: %2")
                        .arg(info.knownHostsFile, QString::fromUtf8(ssh_get_error(m_session))),
                QStringLiteral("Check that the file is readable and well formed."));
    }

    info.state = HostKeyInfo::State::Unknown;
    switch (m_options.unknownHostKey) {
    case UnknownHostKeyPolicy::AcceptNew: return record(info);
    case UnknownHostKeyPolicy::Ask:
        if (m_interaction) {
            switch (m_interaction->askHostKey(info)) {
            case HostKeyDecision::AcceptOnce: return info;
            case HostKeyDecision::AcceptAndRemember: return record(info);
            case HostKeyDecision::Refuse: break;
            }
        }
        return makeError(ErrorCode::HostKeyUnknown,
                         QStringLiteral("The host key of %1 was not accepted (%2 %3).")
                                 .arg(target, info.keyType, info.fingerprint),
                         QStringLiteral("Connect again and accept the key once you have checked "
                                        "its fingerprint."));
    case UnknownHostKeyPolicy::Refuse: break;
    }
    return makeError(ErrorCode::HostKeyUnknown,
                     QStringLiteral("%1 is not in %2. It presents a %3 key with fingerprint %4.")
                             .arg(target, info.knownHostsFile, info.keyType, info.fingerprint),
                     QStringLiteral("Check the fingerprint with the server's administrator, then "
                                    "connect again with --accept-new to record it."));
}

Result<HostKeyInfo> HostKeyVerifier::record(HostKeyInfo info)
{
    const QFileInfo file(info.knownHostsFile);
    if (!QDir(file.absolutePath()).exists()) {
        // A fresh ~/.ssh: create it private, as OpenSSH would.
        QDir().mkpath(file.absolutePath());
        QFile::setPermissions(file.absolutePath(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ExeOwner);
    }
    if (ssh_session_update_known_hosts(m_session) != SSH_OK) {
        return makeError(
                ErrorCode::IoError,
                QStringLiteral("Could not record the host key in %1: %2")
                        .arg(info.knownHostsFile, QString::fromUtf8(ssh_get_error(m_session))),
                QStringLiteral("Check that the file and its folder are writable."));
    }
    info.state = HostKeyInfo::State::Known;
    return info;
}

} // namespace gs::ssh
