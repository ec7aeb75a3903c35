#pragma once

#include <QWidget>

#include <optional>

class QComboBox;
class QDateTimeEdit;
class QPushButton;

namespace gs::gui {

// The time range of the Charts page: presets (15 min, 1 h, 24 h, 7 d), the whole log (local
// files), or a custom span picked with two date-time editors.
class ChartRangeBar : public QWidget
{
    Q_OBJECT

public:
    enum Preset { Last15Minutes, LastHour, Last24Hours, Last7Days, WholeLog, Custom };

    explicit ChartRangeBar(QWidget *parent = nullptr);

    Preset preset() const;
    void setPreset(Preset preset);
    // Seconds back from the end for the presets; nullopt for WholeLog and Custom.
    std::optional<qint64> window() const;
    // The bucket a server is asked for with this preset (remote reads).
    qint64 bucketSeconds() const;
    // The custom span (epoch seconds).
    qint64 customFrom() const;
    qint64 customTo() const;
    void setCustomRange(qint64 from, qint64 to);
    // Local files may show the whole log; a server is always read with a window.
    void setWholeLogAllowed(bool allowed);

    QComboBox *combo() const { return m_combo; }

Q_SIGNALS:
    void rangeChanged();

private:
    void updateCustomVisibility();

    QComboBox *m_combo = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QPushButton *m_apply = nullptr;
};

} // namespace gs::gui
