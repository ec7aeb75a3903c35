#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace gs::findings {

// The requests and 5xx answers of a finding's window per time bucket, as the access log counted
// them: what traffic.error_rate_high carries so that a front end can draw when the failures
// began, and alerting can read the numbers instead of parsing evidence text. Plain value.
struct RateSeries
{
    struct Point
    {
        qint64 start = 0; // epoch seconds (UTC) of the bucket's start
        qint64 requests = 0;
        qint64 errors = 0; // answered 500-599
        bool operator==(const Point &) const = default;
    };

    QString source; // the access log(s) counted, "/var/log/nginx/access.log"
    qint64 bucketSeconds = 60;
    QList<Point> points; // every bucket of the window in time order, empty ones included

    bool operator==(const RateSeries &) const = default;

    // "series" of a finding object (an extension of spec/cli.md's finding):
    // {"source", "bucket_seconds", "points": [{"start": ISO-8601 UTC, "requests", "5xx"}]}.
    QJsonObject toJson() const;
    static std::optional<RateSeries> fromJson(const QJsonObject &object);
};

} // namespace gs::findings
