#pragma once

#include "charts/chartseriesdata.h"
#include "logs/timelineevent.h"

#include <QChartView>
#include <QList>
#include <QPoint>
#include <QPointer>

#include <optional>

class QDateTimeAxis;
class QRubberBand;
class QValueAxis;

namespace gs::gui {

// The error-rate chart: requests stacked by class (2xx/3xx/4xx/5xx) as areas, 502/503/504 as
// their own lines, an optional second server as dashed lines, and timeline events (reloads,
// restarts, OOM kills) as vertical markers. Left-drag zooms to the dragged time span (rubber
// band), Shift+drag or middle-drag pans, the wheel zooms around the cursor, a double-click, right
// click or Home shows everything again; a click on a bucket emits bucketClicked(). Hovering
// shows the bucket's counts (and a marker's log line) as a tooltip.
class ChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ChartView(QWidget *parent = nullptr);

    void setData(const ChartSeriesData &primary,
                 const QString &primaryName,
                 const std::optional<ChartSeriesData> &comparison,
                 const QString &comparisonName,
                 const QList<logs::TimelineEvent> &events);
    const ChartSeriesData &data() const { return m_data; }
    const std::optional<ChartSeriesData> &comparison() const { return m_comparison; }
    const QList<logs::TimelineEvent> &events() const { return m_events; }

    // The visible time span (epoch seconds); the data's whole span after setData().
    void setViewRange(qint64 from, qint64 to);
    void resetZoom();
    qint64 viewFrom() const { return m_viewFrom; }
    qint64 viewTo() const { return m_viewTo; }
    bool isZoomed() const;

    void setSelectedBucket(std::optional<qint64> start);
    // The tooltip text for the bucket holding time (and a marker within a few minutes), or "".
    QString toolTipAt(qint64 time) const;
    // Time at a viewport x position, and back (within the plot area).
    qint64 timeAt(qreal x) const;
    qreal xOf(qint64 time) const;

    // Where the event labels go: for labels starting at `lefts` (in any order) with `widths`,
    // the row each takes (0 at the top) so that none overlaps another, or -1 when all `rows`
    // are taken there (the event keeps its line; its tooltip names it). Pure.
    static QList<int> labelRows(const QList<qreal> &lefts, const QList<qreal> &widths, int rows);

Q_SIGNALS:
    void bucketClicked(qint64 start, qint64 bucketSeconds);
    void viewRangeChanged(qint64 from, qint64 to);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void rebuild();
    void updateYAxis();
    QRectF plotRect() const; // in viewport coordinates
    const logs::TimelineEvent *eventNear(qreal x) const;
    void pan(qint64 seconds);
    void zoomAround(qint64 center, double factor);

    ChartSeriesData m_data;
    std::optional<ChartSeriesData> m_comparison;
    QString m_name;
    QString m_comparisonName;
    QList<logs::TimelineEvent> m_events;
    QDateTimeAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    QObject *m_seriesOwner = nullptr; // parent of the line series behind the areas
    qint64 m_viewFrom = 0;
    qint64 m_viewTo = 0;
    std::optional<qint64> m_selected;

    enum class Drag { None, Pending, Zoom, Pan };
    Drag m_drag = Drag::None;
    QPoint m_pressPos;
    qint64 m_panFrom = 0;
    qint64 m_panTo = 0;
    QRubberBand *m_band = nullptr;
};

} // namespace gs::gui
