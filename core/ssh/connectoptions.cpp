#include "ssh/connectoptions.h"

namespace gs::ssh {

QString ConnectOptions::displayName() const
{
    const QString hostPart
            = host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    QString name = user.isEmpty() ? hostPart : user + QLatin1Char('@') + hostPart;
    if (port != 22)
        name += QLatin1Char(':') + QString::number(port);
    return name;
}

} // namespace gs::ssh
