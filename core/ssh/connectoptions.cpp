#include "ssh/connectoptions.h"

#include "ssh/sshtarget.h"

namespace gs::ssh {

QString ConnectOptions::displayName() const
{
    const QString hostPart
            = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    QString name = user.isEmpty() ? hostPart : user + QLatin1Char('@') + hostPart;
    // Port 0: no session at all (a support bundle names only its server).
    if (port != 22 && port != 0)
        name += QLatin1Char(':') + QString::number(port);
    return name;
}

ConnectOptions ConnectOptions::fromTarget(const SshTarget &target)
{
    ConnectOptions options;
    options.host = target.host;
    options.port = target.port;
    options.user = target.user;
    options.identityFiles = target.identityFiles;
    options.identitiesOnly = target.identitiesOnly;
    options.knownHostsFile = target.knownHostsFile;
    if (target.connectTimeout && *target.connectTimeout > 0)
        options.connectTimeoutMs = *target.connectTimeout * 1000;
    return options;
}

} // namespace gs::ssh
