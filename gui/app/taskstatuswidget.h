#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

namespace gs::gui {

// The status bar's progress area: what is running, a busy bar and a Cancel button.
// Whoever runs a task calls begin(), progress() as it goes and finish() at the end, and
// listens to cancelRequested() (which does not stop anything by itself).
class TaskStatusWidget : public QWidget
{
    Q_OBJECT

public:
    explicit TaskStatusWidget(QWidget *parent = nullptr);

    void begin(const QString &text);
    void progress(const QString &text);
    // Ends the task; the text stays visible for a few seconds.
    void finish(const QString &text);

    bool isBusy() const { return m_busy; }
    QString text() const;

Q_SIGNALS:
    void cancelRequested();

private:
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QToolButton *m_cancel = nullptr;
    QTimer *m_clearTimer = nullptr;
    bool m_busy = false;
};

} // namespace gs::gui
