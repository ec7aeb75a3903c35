#include "cliinteraction.h"

#include <QFile>

#include <cstdio>

namespace gs::cli {

CliInteraction::CliInteraction(std::optional<QString> secret)
    : m_secret(std::move(secret))
{}

ssh::HostKeyDecision CliInteraction::askHostKey(const ssh::HostKeyInfo &)
{
    return ssh::HostKeyDecision::Refuse;
}

std::optional<ssh::Secret> CliInteraction::askSecret(const ssh::SecretRequest &request)
{
    // A second attempt means the server refused this secret: asking again would loop.
    if (!m_secret || request.attempt > 1 || request.echo)
        return std::nullopt;
    return ssh::Secret{*m_secret, false};
}

QString CliInteraction::readSecretFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray bytes = in.readAll();
    if (bytes.endsWith('\n'))
        bytes.chop(1);
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    return QString::fromUtf8(bytes);
}

} // namespace gs::cli
