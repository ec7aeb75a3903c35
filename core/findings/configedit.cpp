#include "findings/configedit.h"

#include <QJsonArray>

namespace gs::findings {

ConfigEdit
ConfigEdit::fpmPool(const QString &file, int line, const QString &pool, QList<Setting> settings)
{
    ConfigEdit edit;
    edit.format = Format::FpmIni;
    edit.file = file;
    edit.line = line;
    edit.pool = pool;
    edit.settings = std::move(settings);
    return edit;
}

QString ConfigEdit::formatName(Format format)
{
    return format == Format::FpmIni ? QStringLiteral("php-fpm") : QStringLiteral("nginx");
}

QJsonObject ConfigEdit::toJson() const
{
    QJsonArray list;
    for (const Setting &setting : settings)
        list.append(QJsonObject{{QStringLiteral("name"), setting.name},
                                {QStringLiteral("value"), setting.value}});
    QJsonObject o{{QStringLiteral("format"), formatName(format)},
                  {QStringLiteral("file"), file},
                  {QStringLiteral("line"), line},
                  {QStringLiteral("settings"), list},
                  {QStringLiteral("summary"), summary}};
    if (!pool.isEmpty())
        o.insert(QStringLiteral("pool"), pool);
    if (!after.isEmpty())
        o.insert(QStringLiteral("after"), after);
    return o;
}

std::optional<ConfigEdit> ConfigEdit::fromJson(const QJsonObject &object)
{
    ConfigEdit edit;
    const QString format = object.value(QStringLiteral("format")).toString();
    if (format == formatName(Format::FpmIni))
        edit.format = Format::FpmIni;
    else if (format != formatName(Format::Nginx))
        return std::nullopt;
    edit.file = object.value(QStringLiteral("file")).toString();
    edit.line = object.value(QStringLiteral("line")).toInt();
    edit.pool = object.value(QStringLiteral("pool")).toString();
    edit.summary = object.value(QStringLiteral("summary")).toString();
    edit.after = object.value(QStringLiteral("after")).toString();
    for (const QJsonValue &value : object.value(QStringLiteral("settings")).toArray()) {
        const QJsonObject setting = value.toObject();
        edit.settings.append({setting.value(QStringLiteral("name")).toString(),
                              setting.value(QStringLiteral("value")).toString()});
    }
    if (edit.file.isEmpty() || edit.settings.isEmpty())
        return std::nullopt;
    return edit;
}

} // namespace gs::findings
