#include "charts/chartrangebar.h"

#include "charts/chartseriesdata.h"

#include <QComboBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>

namespace gs::gui {

ChartRangeBar::ChartRangeBar(QWidget *parent)
    : QWidget(parent)
{
    auto layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(new QLabel(tr("Range:")));
    m_combo = new QComboBox;
    m_combo->setObjectName(QStringLiteral("rangeCombo"));
    m_combo->addItem(tr("Last 15 minutes"));
    m_combo->addItem(tr("Last hour"));
    m_combo->addItem(tr("Last 24 hours"));
    m_combo->addItem(tr("Last 7 days"));
    m_combo->addItem(tr("Whole log"));
    m_combo->addItem(tr("Custom…"));
    m_combo->setCurrentIndex(LastHour);
    layout->addWidget(m_combo);

    const QDateTime now = QDateTime::currentDateTime();
    m_from = new QDateTimeEdit(now.addSecs(-3600));
    m_from->setObjectName(QStringLiteral("rangeFrom"));
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_to = new QDateTimeEdit(now);
    m_to->setObjectName(QStringLiteral("rangeTo"));
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_apply = new QPushButton(tr("Apply"));
    m_apply->setObjectName(QStringLiteral("rangeApply"));
    layout->addWidget(m_from);
    layout->addWidget(new QLabel(QStringLiteral("–")));
    layout->addWidget(m_to);
    layout->addWidget(m_apply);
    updateCustomVisibility();

    connect(m_combo, &QComboBox::currentIndexChanged, this, [this]() {
        updateCustomVisibility();
        if (preset() != Custom)
            Q_EMIT rangeChanged();
    });
    connect(m_apply, &QPushButton::clicked, this, &ChartRangeBar::rangeChanged);
}

void ChartRangeBar::updateCustomVisibility()
{
    const bool custom = preset() == Custom;
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    m_apply->setVisible(custom);
    // The dash between the editors.
    if (auto *dash = qobject_cast<QLabel *>(layout()->itemAt(3)->widget()))
        dash->setVisible(custom);
}

ChartRangeBar::Preset ChartRangeBar::preset() const
{
    return static_cast<Preset>(m_combo->currentIndex());
}

void ChartRangeBar::setPreset(Preset preset)
{
    m_combo->setCurrentIndex(preset);
}

std::optional<qint64> ChartRangeBar::window() const
{
    switch (preset()) {
    case Last15Minutes: return 15 * 60;
    case LastHour: return 3600;
    case Last24Hours: return 86400;
    case Last7Days: return 7 * 86400;
    case WholeLog:
    case Custom: break;
    }
    return std::nullopt;
}

qint64 ChartRangeBar::bucketSeconds() const
{
    switch (preset()) {
    case Last15Minutes: return 10;
    case LastHour: return 60;
    case Last24Hours: return 300;
    case Last7Days: return 3600;
    case WholeLog: return 60;
    case Custom:
        return ChartSeriesData::niceBucket(qMax<qint64>(customTo() - customFrom(), 60), 300);
    }
    return 60;
}

qint64 ChartRangeBar::customFrom() const
{
    return m_from->dateTime().toSecsSinceEpoch();
}

qint64 ChartRangeBar::customTo() const
{
    return m_to->dateTime().toSecsSinceEpoch();
}

void ChartRangeBar::setCustomRange(qint64 from, qint64 to)
{
    m_from->setDateTime(QDateTime::fromSecsSinceEpoch(from));
    m_to->setDateTime(QDateTime::fromSecsSinceEpoch(to));
}

void ChartRangeBar::setWholeLogAllowed(bool allowed)
{
    auto *model = qobject_cast<QStandardItemModel *>(m_combo->model());
    if (QStandardItem *item = model ? model->item(WholeLog) : nullptr)
        item->setEnabled(allowed);
    if (!allowed && preset() == WholeLog)
        setPreset(LastHour);
}

} // namespace gs::gui
