#include "config/configfileset.h"

#include <QJsonArray>

namespace gs::config {

const ConfigFile *ConfigFileSet::find(const QString &path) const
{
    for (const ConfigFile &file : files) {
        if (file.info.path == path)
            return &file;
    }
    for (const ConfigFile &file : files) {
        if (file.info.realPath == path)
            return &file;
    }
    return nullptr;
}

const ConfigService *ConfigFileSet::serviceFor(const ConfigFile &file) const
{
    if (file.serviceIndex < 0 || file.serviceIndex >= services.size())
        return nullptr;
    return &services.at(file.serviceIndex);
}

QJsonObject ConfigFileSet::toJson() const
{
    QJsonArray fileArray;
    for (const ConfigFile &file : files)
        fileArray.append(file.toJson());
    QJsonArray serviceArray;
    for (const ConfigService &service : services)
        serviceArray.append(service.toJson());
    return QJsonObject{{QStringLiteral("files"), fileArray},
                       {QStringLiteral("services"), serviceArray},
                       {QStringLiteral("problems"), QJsonArray::fromStringList(problems)}};
}

} // namespace gs::config
