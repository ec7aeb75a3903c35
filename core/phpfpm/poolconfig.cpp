#include "phpfpm/poolconfig.h"

#include <QJsonArray>

#include <limits>

namespace gs::phpfpm {

QString PoolConfig::Pool::value(const QString &key, const QString &fallback) const
{
    auto it = values.constFind(key);
    return it == values.constEnd() ? fallback : it->value;
}

std::optional<int> PoolConfig::Pool::intValue(const QString &key) const
{
    auto it = values.constFind(key);
    if (it == values.constEnd())
        return std::nullopt;
    bool ok = false;
    const int n = it->value.trimmed().toInt(&ok);
    return ok ? std::optional<int>(n) : std::nullopt;
}

bool PoolConfig::Pool::listensOnUnixSocket() const
{
    const QString l = listen();
    return l.startsWith(QLatin1Char('/')) || l.startsWith(QLatin1Char('@'));
}

QString PoolConfig::Pool::listenOwner() const
{
    return value(QStringLiteral("listen.owner"), user());
}

QString PoolConfig::Pool::listenGroup() const
{
    return value(QStringLiteral("listen.group"), group());
}

qint64 PoolConfig::Pool::requestTerminateTimeoutSeconds() const
{
    return parseSeconds(value(QStringLiteral("request_terminate_timeout"), QStringLiteral("0")))
            .value_or(0);
}

qint64 PoolConfig::Pool::requestSlowlogTimeoutSeconds() const
{
    return parseSeconds(value(QStringLiteral("request_slowlog_timeout"), QStringLiteral("0")))
            .value_or(0);
}

QMap<QString, QString> PoolConfig::Pool::phpValues() const
{
    QMap<QString, QString> out;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QString &k = it.key();
        if (!k.startsWith(QLatin1String("php_")) || !k.endsWith(QLatin1Char(']')))
            continue;
        const qsizetype open = k.indexOf(QLatin1Char('['));
        if (open > 0)
            out.insert(k.mid(open + 1, k.size() - open - 2), it->value);
    }
    return out;
}

const PoolConfig::Pool *PoolConfig::pool(const QString &name) const
{
    for (const Pool &p : pools) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QString PoolConfig::errorLog() const
{
    return global.value(QStringLiteral("error_log")).value;
}

std::optional<qint64> PoolConfig::parseSeconds(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    qint64 scale = 1;
    switch (text.back().unicode()) {
    case 's': scale = 1; break;
    case 'm': scale = 60; break;
    case 'h': scale = 3600; break;
    case 'd': scale = 86400; break;
    default: scale = 0; break;
    }
    if (scale != 0)
        text.chop(1);
    else
        scale = 1;
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    // A value that does not fit in seconds is as malformed as one with letters (and n * scale
    // would overflow).
    if (!ok || n < 0 || n > std::numeric_limits<qint64>::max() / scale)
        return std::nullopt;
    return n * scale;
}

QJsonObject PoolConfig::toJson() const
{
    auto valuesJson = [](const QMap<QString, Value> &values) {
        QJsonObject o;
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            o.insert(it.key(),
                     QJsonObject{{QStringLiteral("value"), it->value},
                                 {QStringLiteral("file"), it->file},
                                 {QStringLiteral("line"), it->line}});
        return o;
    };
    QJsonArray poolsJson, includesJson;
    for (const Pool &p : pools)
        poolsJson.append(QJsonObject{{QStringLiteral("name"), p.name},
                                     {QStringLiteral("file"), p.file},
                                     {QStringLiteral("line"), p.line},
                                     {QStringLiteral("values"), valuesJson(p.values)}});
    for (const Include &i : includes)
        includesJson.append(QJsonObject{{QStringLiteral("pattern"), i.pattern},
                                        {QStringLiteral("file"), i.file},
                                        {QStringLiteral("line"), i.line}});
    return QJsonObject{{QStringLiteral("global"), valuesJson(global)},
                       {QStringLiteral("pools"), poolsJson},
                       {QStringLiteral("includes"), includesJson}};
}

} // namespace gs::phpfpm
