#include "ssh/connectoptions.h"

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

} // namespace gs::ssh
