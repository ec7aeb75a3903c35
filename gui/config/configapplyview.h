#pragma once

#include "config/applyresult.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace gs::gui {

// The safe-apply protocol as it happens: one row per step (lock, preflight, backup, candidate,
// validate, reload, health, rollback...) with its status and detail, the selected step's output
// (the validator's messages, the health report) below, and the outcome at the top.
class ConfigApplyView : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigApplyView(QWidget *parent = nullptr);

    void start(const QString &title);
    void updateStep(const config::ApplyStep &step);
    void finish(const config::ApplyResult &result);
    // The restart offered after finish() ran: says what it came to, below the apply's outcome,
    // in the "healthy" colour only when the sites answer now.
    void showRestartOutcome(const QString &outcome, bool sitesAnswer);

    // The step's status word ("ok", "failed", ...), empty when there is no such step.
    QString stepStatus(const QString &name) const;
    QStringList stepNames() const;
    QString outcomeText() const;
    QTreeWidget *stepList() const { return m_steps; }
    QPlainTextEdit *outputView() const { return m_output; }
    // Shown when the change waits for a restart (a PHP-FPM pool's listen settings).
    QPushButton *restartButton() const { return m_restart; }

Q_SIGNALS:
    // The user asks for the restart the applied change needs; `service` is named as
    // ServiceControl names it ("php-fpm:/etc/php/8.2/fpm/php-fpm.conf").
    void restartRequested(const QString &service);

private:
    void showOutput(QTreeWidgetItem *item);

    QLabel *m_title = nullptr;
    QLabel *m_outcome = nullptr;
    QPushButton *m_restart = nullptr;
    QString m_restartService;
    QTreeWidget *m_steps = nullptr;
    QPlainTextEdit *m_output = nullptr;
    QHash<QString, QString> m_outputs;
};

} // namespace gs::gui
