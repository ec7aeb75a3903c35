#include "config/applystep.h"

namespace gs::config {

QJsonObject ApplyStep::toJson() const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("status"), status},
                     {QStringLiteral("detail"), detail}};
    if (!output.isEmpty())
        json.insert(QStringLiteral("output"), output);
    return json;
}

} // namespace gs::config
