#include "config/configfile.h"

namespace gs::config {

QJsonObject ConfigFile::toJson() const
{
    QJsonObject json = info.toJson();
    json.insert(QStringLiteral("kind"), serviceKindName(kind));
    json.insert(QStringLiteral("role"),
                isMain ? QStringLiteral("main") : QStringLiteral("include"));
    return json;
}

} // namespace gs::config
