#include "charts/chartview.h"

#include "common/theme.h"

#include "logs/errorlineclassifier.h"

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QKeyEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QRubberBand>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <limits>
#include <numeric>

namespace gs::gui {

namespace {

constexpr int kDragThreshold = 5;

QColor classColor(int index)
{
    static const QColor colors[] = {QColor(0x5b, 0xb5, 0x6b),  // 2xx
                                    QColor(0x5c, 0x9c, 0xd6),  // 3xx
                                    QColor(0xf0, 0xb4, 0x3c),  // 4xx
                                    QColor(0xe0, 0x5a, 0x4f)}; // 5xx
    return colors[index];
}

QColor eventColor(const QString &kind)
{
    if (kind == QLatin1String("oom.kill"))
        return QColor(0x8e, 0x24, 0xaa);
    if (kind == QLatin1String("fpm.restart"))
        return QColor(0x1e, 0x88, 0xe5);
    // nginx reloads: a slate that reads on either background
    return Theme::isDark() ? QColor(0x90, 0xa4, 0xae) : QColor(0x45, 0x5a, 0x64);
}

QString eventGlyph(const QString &kind)
{
    if (kind == QLatin1String("oom.kill"))
        return QStringLiteral("OOM");
    if (kind == QLatin1String("fpm.restart"))
        return QStringLiteral("FPM");
    return QStringLiteral("reload");
}

qreal ms(qint64 seconds)
{
    return static_cast<qreal>(seconds) * 1000.0;
}

// Steps: the value holds over the whole bucket, so what is drawn is what was counted.
void appendStep(QLineSeries *series, qint64 start, qint64 end, qint64 value)
{
    series->append(ms(start), static_cast<qreal>(value));
    series->append(ms(end), static_cast<qreal>(value));
}

} // namespace

ChartView::ChartView(QWidget *parent)
    : QChartView(parent)
{
    setObjectName(QStringLiteral("chartView"));
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setRubberBand(QChartView::NoRubberBand); // ours spans the plot height and knows about clicks
    setMinimumHeight(260);
    // The chart draws its own background, axes and legend: follow a dark palette (the series
    // get their colours afterwards, so the theme does not override them).
    if (Theme::isDark())
        chart()->setTheme(QChart::ChartThemeDark);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    chart()->setBackgroundRoundness(0);
    m_band = new QRubberBand(QRubberBand::Rectangle, viewport());
    m_band->hide();
}

void ChartView::setData(const ChartSeriesData &primary,
                        const QString &primaryName,
                        const std::optional<ChartSeriesData> &comparison,
                        const QString &comparisonName,
                        const QList<logs::TimelineEvent> &events)
{
    m_data = primary;
    m_name = primaryName;
    m_comparison = comparison;
    m_comparisonName = comparisonName;
    m_events = events;
    m_selected.reset();
    rebuild();
}

void ChartView::rebuild()
{
    QChart *c = chart();
    c->removeAllSeries();
    for (QAbstractAxis *axis : c->axes())
        c->removeAxis(axis);
    delete m_axisX;
    delete m_axisY;
    delete m_seriesOwner;
    m_seriesOwner = new QObject(this);

    m_axisX = new QDateTimeAxis;
    m_axisX->setFormat(QStringLiteral("MMM d HH:mm"));
    m_axisX->setTickCount(7);
    m_axisX->setTitleText(tr("Time (this computer's time zone)"));
    m_axisY = new QValueAxis;
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    const qint64 bucket = m_data.bucketSeconds();
    m_axisY->setTitleText(tr("Requests / %1")
                                  .arg(bucket % 3600 == 0 ? tr("%1 h").arg(bucket / 3600)
                                       : bucket % 60 == 0 ? tr("%1 min").arg(bucket / 60)
                                                          : tr("%1 s").arg(bucket)));
    c->addAxis(m_axisX, Qt::AlignBottom);
    c->addAxis(m_axisY, Qt::AlignLeft);

    const auto attach = [&](QAbstractSeries *series) {
        c->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    };

    const QList<ChartPoint> &points = m_data.points();
    static const char *const kClassNames[] = {"2xx", "3xx", "4xx", "5xx"};
    QLineSeries *lower = nullptr;
    std::vector<qint64> cumulative(static_cast<std::size_t>(points.size()), 0);
    for (int cls = 0; cls < 4; ++cls) {
        auto *upper = new QLineSeries(m_seriesOwner);
        for (qsizetype i = 0; i < points.size(); ++i) {
            const ChartPoint &p = points.at(i);
            cumulative[static_cast<std::size_t>(i)] += p.classes[static_cast<std::size_t>(cls)];
            appendStep(upper, p.start, p.start + bucket, cumulative[static_cast<std::size_t>(i)]);
        }
        auto *area = new QAreaSeries(upper, lower);
        area->setName(QLatin1String(kClassNames[cls]));
        QColor fill = classColor(cls);
        fill.setAlpha(150);
        area->setBrush(fill);
        area->setPen(QPen(classColor(cls).darker(115), 1));
        attach(area);
        lower = upper;
    }

    struct StatusLine
    {
        const char *name;
        qint64 ChartPoint::*member;
        QColor color;
    };
    const StatusLine statusLines[] = {{"502", &ChartPoint::s502, QColor(0x9b, 0x11, 0x1e)},
                                      {"503", &ChartPoint::s503, QColor(0xd3, 0x6b, 0x00)},
                                      {"504", &ChartPoint::s504, QColor(0x5e, 0x35, 0xb1)}};
    for (const StatusLine &line : statusLines) {
        auto *series = new QLineSeries;
        series->setName(QLatin1String(line.name));
        for (const ChartPoint &p : points)
            appendStep(series, p.start, p.start + bucket, p.*(line.member));
        series->setPen(QPen(line.color, 2.2));
        attach(series);
    }

    if (m_comparison) {
        const qint64 cb = m_comparison->bucketSeconds();
        auto *total = new QLineSeries;
        total->setName(tr("%1: requests").arg(m_comparisonName));
        auto *errors = new QLineSeries;
        errors->setName(tr("%1: 5xx").arg(m_comparisonName));
        for (const ChartPoint &p : m_comparison->points()) {
            appendStep(total, p.start, p.start + cb, p.requests);
            appendStep(errors, p.start, p.start + cb, p.classes[3]);
        }
        QPen totalPen(Theme::isDark() ? QColor(0xb0, 0xbe, 0xc5) : QColor(0x37, 0x47, 0x4f),
                      1.6,
                      Qt::DashLine);
        total->setPen(totalPen);
        QPen errorPen(QColor(0xc6, 0x28, 0x28), 2.2, Qt::DashDotLine);
        errors->setPen(errorPen);
        attach(total);
        attach(errors);
    }

    if (m_data.isEmpty() && (!m_comparison || m_comparison->isEmpty())) {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_viewFrom = now - 3600;
        m_viewTo = now;
    } else {
        qint64 from = m_data.isEmpty() ? m_comparison->first() : m_data.first();
        qint64 to = m_data.isEmpty() ? m_comparison->end() : m_data.end();
        if (m_comparison && !m_comparison->isEmpty()) {
            from = qMin(from, m_comparison->first());
            to = qMax(to, m_comparison->end());
        }
        m_viewFrom = from;
        m_viewTo = qMax(to, from + 60);
    }
    c->setTitle(QString()); // the page's toolbar names the source
    setViewRange(m_viewFrom, m_viewTo);
}

bool ChartView::isZoomed() const
{
    if (m_data.isEmpty())
        return false;
    return m_viewFrom > m_data.first() || m_viewTo < m_data.end();
}

void ChartView::resetZoom()
{
    if (m_data.isEmpty())
        return;
    qint64 from = m_data.first();
    qint64 to = m_data.end();
    if (m_comparison && !m_comparison->isEmpty()) {
        from = qMin(from, m_comparison->first());
        to = qMax(to, m_comparison->end());
    }
    setViewRange(from, to);
}

void ChartView::setViewRange(qint64 from, qint64 to)
{
    if (to - from < 10)
        to = from + 10;
    m_viewFrom = from;
    m_viewTo = to;
    if (m_axisX) {
        m_axisX->setRange(QDateTime::fromSecsSinceEpoch(from), QDateTime::fromSecsSinceEpoch(to));
        const qint64 span = to - from;
        m_axisX->setFormat(span <= 2 * 3600    ? QStringLiteral("HH:mm:ss")
                           : span <= 2 * 86400 ? QStringLiteral("MMM d HH:mm")
                                               : QStringLiteral("MMM d"));
    }
    updateYAxis();
    viewport()->update();
    Q_EMIT viewRangeChanged(from, to);
}

void ChartView::updateYAxis()
{
    if (!m_axisY)
        return;
    qint64 max = 0;
    for (const ChartPoint &p : m_data.points()) {
        if (p.start + m_data.bucketSeconds() > m_viewFrom && p.start < m_viewTo)
            max = qMax(max, p.requests);
    }
    if (m_comparison) {
        for (const ChartPoint &p : m_comparison->points()) {
            if (p.start + m_comparison->bucketSeconds() > m_viewFrom && p.start < m_viewTo)
                max = qMax(max, p.requests);
        }
    }
    // Round the top up to a readable number with a little headroom.
    const double top = qMax<double>(4.0, static_cast<double>(max) * 1.12);
    double step = 1;
    while (top / step > 8)
        step *= (QString::number(step).startsWith(QLatin1Char('2')) ? 2.5 : 2);
    m_axisY->setRange(0, std::ceil(top / step) * step);
    m_axisY->setTickCount(static_cast<int>(std::ceil(top / step)) + 1);
}

void ChartView::setSelectedBucket(std::optional<qint64> start)
{
    m_selected = start;
    viewport()->update();
}

QRectF ChartView::plotRect() const
{
    const QRectF scene = chart()->mapToScene(chart()->plotArea()).boundingRect();
    return QRectF(mapFromScene(scene.topLeft()), mapFromScene(scene.bottomRight()));
}

qint64 ChartView::timeAt(qreal x) const
{
    const QRectF plot = plotRect();
    if (plot.width() <= 0)
        return m_viewFrom;
    const double fraction = (x - plot.left()) / plot.width();
    return m_viewFrom
           + static_cast<qint64>(std::floor(fraction * static_cast<double>(m_viewTo - m_viewFrom)));
}

qreal ChartView::xOf(qint64 time) const
{
    const QRectF plot = plotRect();
    if (m_viewTo <= m_viewFrom)
        return plot.left();
    return plot.left()
           + plot.width() * static_cast<double>(time - m_viewFrom)
                     / static_cast<double>(m_viewTo - m_viewFrom);
}

const logs::TimelineEvent *ChartView::eventNear(qreal x) const
{
    const logs::TimelineEvent *best = nullptr;
    qreal bestDistance = 6;
    for (const logs::TimelineEvent &event : m_events) {
        const qreal distance = std::abs(xOf(event.time) - x);
        if (distance <= bestDistance) {
            best = &event;
            bestDistance = distance;
        }
    }
    return best;
}

QString ChartView::toolTipAt(qint64 time) const
{
    QStringList lines;
    if (const ChartPoint *p = m_data.pointAt(time)) {
        const QString from = QDateTime::fromSecsSinceEpoch(p->start).toString(
                QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        lines << QStringLiteral("<b>%1</b> (%2 s)").arg(from).arg(m_data.bucketSeconds());
        lines << tr("%1 requests: %2 2xx, %3 3xx, %4 4xx, %5 5xx")
                         .arg(p->requests)
                         .arg(p->classes[0])
                         .arg(p->classes[1])
                         .arg(p->classes[2])
                         .arg(p->classes[3]);
        lines << tr("502: %1 · 503: %2 · 504: %3").arg(p->s502).arg(p->s503).arg(p->s504);
        if (p->errorEvents > 0)
            lines << tr("%n error-log event(s)", nullptr, static_cast<int>(p->errorEvents));
    }
    if (m_comparison) {
        if (const ChartPoint *p = m_comparison->pointAt(time)) {
            lines << tr("%1: %2 requests, %3 5xx")
                             .arg(m_comparisonName.toHtmlEscaped())
                             .arg(p->requests)
                             .arg(p->classes[3]);
        }
    }
    return lines.join(QStringLiteral("<br>"));
}

void ChartView::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    m_panFrom = m_viewFrom;
    m_panTo = m_viewTo;
    if (event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier))) {
        m_drag = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Pending;
    } else if (event->button() == Qt::RightButton) {
        resetZoom();
    }
    event->accept();
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const QRectF plot = plotRect();
    if (m_drag == Drag::Pending && std::abs(pos.x() - m_pressPos.x()) > kDragThreshold)
        m_drag = Drag::Zoom;
    if (m_drag == Drag::Zoom) {
        const int left = static_cast<int>(
                qBound(plot.left(), qreal(qMin(pos.x(), m_pressPos.x())), plot.right()));
        const int right = static_cast<int>(
                qBound(plot.left(), qreal(qMax(pos.x(), m_pressPos.x())), plot.right()));
        m_band->setGeometry(QRect(QPoint(left, static_cast<int>(plot.top())),
                                  QPoint(right, static_cast<int>(plot.bottom()))));
        m_band->show();
    } else if (m_drag == Drag::Pan && plot.width() > 0) {
        const double perPixel = static_cast<double>(m_panTo - m_panFrom) / plot.width();
        const qint64 shift = static_cast<qint64>((pos.x() - m_pressPos.x()) * perPixel);
        setViewRange(m_panFrom - shift, m_panTo - shift);
    } else if (m_drag == Drag::None && plot.contains(pos)) {
        QString text;
        if (const logs::TimelineEvent *marker = eventNear(pos.x())) {
            text = QStringLiteral("<b>%1</b> %2<br>%3")
                           .arg(logs::ErrorLineClassifier::label(marker->kind).toHtmlEscaped(),
                                QDateTime::fromSecsSinceEpoch(marker->time)
                                        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                marker->text.left(200).toHtmlEscaped());
        } else {
            text = toolTipAt(timeAt(pos.x()));
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, this);
    }
    event->accept();
}

void ChartView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Zoom) {
        m_band->hide();
        const qint64 a = timeAt(qMin(pos.x(), m_pressPos.x()));
        const qint64 b = timeAt(qMax(pos.x(), m_pressPos.x()));
        if (b - a >= 10)
            setViewRange(qMax(a, m_viewFrom), qMin(b, m_viewTo));
    } else if (m_drag == Drag::Pending && plotRect().contains(pos)) {
        if (const ChartPoint *p = m_data.pointAt(timeAt(pos.x()))) {
            setSelectedBucket(p->start);
            Q_EMIT bucketClicked(p->start, m_data.bucketSeconds());
        }
    }
    if (m_drag == Drag::Pan)
        unsetCursor();
    m_drag = Drag::None;
    event->accept();
}

void ChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    resetZoom();
    event->accept();
}

void ChartView::pan(qint64 seconds)
{
    setViewRange(m_viewFrom + seconds, m_viewTo + seconds);
}

void ChartView::zoomAround(qint64 center, double factor)
{
    const double span = static_cast<double>(m_viewTo - m_viewFrom) * factor;
    if (span < 60 || span > 400.0 * 86400)
        return;
    const double left
            = static_cast<double>(center - m_viewFrom) / static_cast<double>(m_viewTo - m_viewFrom);
    const qint64 from = center - static_cast<qint64>(span * left);
    setViewRange(from, from + static_cast<qint64>(span));
}

void ChartView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        event->ignore();
        return;
    }
    zoomAround(timeAt(event->position().x()), delta > 0 ? 0.8 : 1.25);
    event->accept();
}

void ChartView::keyPressEvent(QKeyEvent *event)
{
    const qint64 step = qMax<qint64>((m_viewTo - m_viewFrom) / 5, 1);
    switch (event->key()) {
    case Qt::Key_Left: pan(-step); break;
    case Qt::Key_Right: pan(step); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomAround((m_viewFrom + m_viewTo) / 2, 0.8); break;
    case Qt::Key_Minus: zoomAround((m_viewFrom + m_viewTo) / 2, 1.25); break;
    case Qt::Key_Home:
    case Qt::Key_Escape: resetZoom(); break;
    default: QChartView::keyPressEvent(event); return;
    }
    event->accept();
}

QList<int> ChartView::labelRows(const QList<qreal> &lefts, const QList<qreal> &widths, int rows)
{
    constexpr qreal kGap = 2;
    QList<qsizetype> order(lefts.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&lefts](qsizetype a, qsizetype b) {
        return lefts.at(a) < lefts.at(b);
    });
    QList<qreal> rowEnd(rows, -std::numeric_limits<qreal>::infinity());
    QList<int> row(lefts.size(), -1);
    for (const qsizetype i : std::as_const(order)) {
        for (int r = 0; r < rows; ++r) {
            if (lefts.at(i) >= rowEnd.at(r) + kGap) {
                row[i] = r;
                rowEnd[r] = lefts.at(i) + widths.at(i);
                break;
            }
        }
    }
    return row;
}

void ChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    // Scene coordinates: the chart fills the scene from its origin.
    const QRectF plot = chart()->mapToScene(chart()->plotArea()).boundingRect();
    if (plot.width() <= 0 || m_viewTo <= m_viewFrom)
        return;
    const auto sceneX = [&](qint64 time) {
        return plot.left()
               + plot.width() * static_cast<double>(time - m_viewFrom)
                         / static_cast<double>(m_viewTo - m_viewFrom);
    };
    painter->save();
    painter->setClipRect(plot.adjusted(0, -18, 0, 0));
    if (m_selected) {
        const qreal left = sceneX(*m_selected);
        const qreal right = sceneX(*m_selected + m_data.bucketSeconds());
        painter->fillRect(QRectF(left, plot.top(), qMax<qreal>(right - left, 2), plot.height()),
                          QColor(30, 100, 200, 45));
        painter->setPen(QPen(QColor(30, 100, 200, 160), 1));
        painter->drawRect(QRectF(left, plot.top(), qMax<qreal>(right - left, 2), plot.height()));
    }
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    painter->setFont(font);
    // Lines first, then the labels in rows: reloads close together stacked their labels on
    // one another.
    QList<const logs::TimelineEvent *> shown;
    QList<qreal> lefts;
    QList<qreal> widths;
    for (const logs::TimelineEvent &event : std::as_const(m_events)) {
        if (event.time < m_viewFrom || event.time > m_viewTo)
            continue;
        const qreal x = sceneX(event.time);
        painter->setPen(QPen(eventColor(event.kind), 1.4, Qt::DashLine));
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        shown << &event;
        lefts << x + 3;
        widths << painter->fontMetrics().horizontalAdvance(eventGlyph(event.kind)) + 8;
    }
    const qreal rowHeight = painter->fontMetrics().height() + 4;
    const QList<int> rows = labelRows(lefts, widths, 3);
    for (qsizetype i = 0; i < shown.size(); ++i) {
        if (rows.at(i) < 0)
            continue;
        const QColor color = eventColor(shown.at(i)->kind);
        const QString glyph = eventGlyph(shown.at(i)->kind);
        const QRectF label(lefts.at(i),
                           plot.top() + 2 + rows.at(i) * rowHeight,
                           widths.at(i),
                           painter->fontMetrics().height() + 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRoundedRect(label, 3, 3);
        painter->setPen(Qt::white);
        painter->drawText(label, Qt::AlignCenter, glyph);
    }
    painter->restore();
}

} // namespace gs::gui
