#include "nginx/errorlogentry.h"

namespace gs::nginx {

QString ErrorLogEntry::upstreamScheme() const
{
    const qsizetype sep = upstream.indexOf(QLatin1String("://"));
    return sep > 0 ? upstream.left(sep) : QString();
}

QString ErrorLogEntry::upstreamPeer() const
{
    if (upstream.isEmpty())
        return {};
    const qsizetype sep = upstream.indexOf(QLatin1String("://"));
    QString rest = sep > 0 ? upstream.mid(sep + 3) : upstream;
    if (rest.startsWith(QLatin1String("unix:"))) {
        // "unix:/run/php/x.sock:" or "unix:/tmp/app.sock:/uri"
        const qsizetype colon = rest.indexOf(QLatin1Char(':'), 5);
        return colon > 0 ? rest.left(colon) : rest;
    }
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    return slash >= 0 ? rest.left(slash) : rest;
}

QDateTime ErrorLogEntry::toUtc(int serverUtcOffsetSeconds) const
{
    if (!wallTime.isValid())
        return {};
    return wallTime.addSecs(-serverUtcOffsetSeconds);
}

QJsonObject ErrorLogEntry::toJson() const
{
    QJsonObject o{{QStringLiteral("line"), line},
                  {QStringLiteral("time"), rawTime},
                  {QStringLiteral("level"), level},
                  {QStringLiteral("pid"), pid},
                  {QStringLiteral("message"), message}};
    auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    if (lineCount > 1)
        o.insert(QStringLiteral("line_count"), lineCount);
    if (connection >= 0)
        o.insert(QStringLiteral("connection"), connection);
    if (errnoNumber)
        o.insert(QStringLiteral("errno"), errnoNumber);
    put("errno_text", errnoText);
    put("action", action);
    put("client", client);
    put("server", server);
    put("request", request);
    put("upstream", upstream);
    put("upstream_peer", upstreamPeer());
    put("host", host);
    put("referrer", referrer);
    if (truncated)
        o.insert(QStringLiteral("truncated"), true);
    return o;
}

} // namespace gs::nginx
