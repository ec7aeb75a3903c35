#include "findings/rateseries.h"

#include <QDateTime>
#include <QJsonArray>

namespace gs::findings {

QJsonObject RateSeries::toJson() const
{
    QJsonArray list;
    for (const Point &point : points) {
        list.append(QJsonObject{
                {QStringLiteral("start"),
                 QDateTime::fromSecsSinceEpoch(point.start, Qt::UTC).toString(Qt::ISODate)},
                {QStringLiteral("requests"), point.requests},
                {QStringLiteral("5xx"), point.errors}});
    }
    return QJsonObject{{QStringLiteral("source"), source},
                       {QStringLiteral("bucket_seconds"), bucketSeconds},
                       {QStringLiteral("points"), list}};
}

std::optional<RateSeries> RateSeries::fromJson(const QJsonObject &object)
{
    RateSeries series;
    series.source = object.value(QStringLiteral("source")).toString();
    series.bucketSeconds = object.value(QStringLiteral("bucket_seconds")).toInteger(0);
    if (series.bucketSeconds <= 0)
        return std::nullopt;
    for (const QJsonValue &value : object.value(QStringLiteral("points")).toArray()) {
        const QJsonObject point = value.toObject();
        const QDateTime start = QDateTime::fromString(
                point.value(QStringLiteral("start")).toString(), Qt::ISODate);
        // A point without a time says nothing about when: the series is not read at all.
        if (!start.isValid())
            return std::nullopt;
        series.points.append(Point{start.toSecsSinceEpoch(),
                                   point.value(QStringLiteral("requests")).toInteger(),
                                   point.value(QStringLiteral("5xx")).toInteger()});
    }
    return series;
}

} // namespace gs::findings
