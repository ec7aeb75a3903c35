#pragma once

#include "logs/errorratessnapshot.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace gs::gui {

// One bucket as the chart draws it.
struct ChartPoint
{
    qint64 start = 0; // epoch seconds, UTC
    qint64 requests = 0;
    std::array<qint64, 4> classes{}; // 2xx, 3xx, 4xx, 5xx
    qint64 s502 = 0;
    qint64 s503 = 0;
    qint64 s504 = 0;
    qint64 errorEvents = 0; // classified error-log lines (timeline events left out)
};

// The chart's view of an ErrorRatesSnapshot: every bucket of a range (empty ones as zeros),
// merged into display buckets that are a multiple of the data's, so a week of minutes draws as
// a few hundred points. Plain value; built on any thread.
class ChartSeriesData
{
public:
    // from/to (epoch seconds) limit the range; by default the snapshot's series range.
    // displayBucket is rounded up to a multiple of the data's bucket; 0 keeps the data's.
    static ChartSeriesData fromSnapshot(const logs::ErrorRatesSnapshot &snapshot,
                                        qint64 displayBucket = 0,
                                        std::optional<qint64> from = std::nullopt,
                                        std::optional<qint64> to = std::nullopt);

    // A bucket size from the steps people read (10 s ... 1 d) giving at most maxPoints over span.
    static qint64 niceBucket(qint64 spanSeconds, int maxPoints = 400);

    qint64 bucketSeconds() const { return m_bucketSeconds; }
    const QList<ChartPoint> &points() const { return m_points; }
    bool isEmpty() const { return m_points.isEmpty(); }
    qint64 first() const { return m_points.isEmpty() ? 0 : m_points.first().start; }
    qint64 end() const { return m_points.isEmpty() ? 0 : m_points.last().start + m_bucketSeconds; }
    qint64 maxRequests() const;
    // The point whose bucket holds time, or nullptr.
    const ChartPoint *pointAt(qint64 time) const;

    // "start,requests,2xx,3xx,4xx,5xx,502,503,504,error_log_events" with ISO times (UTC), one
    // row per bucket; name goes into a leading column when given (several servers in one file).
    QString toCsv(const QString &name = {}, bool header = true) const;

private:
    qint64 m_bucketSeconds = 60;
    QList<ChartPoint> m_points;
};

} // namespace gs::gui
