#pragma once

#include "actions/servicecontrol.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace gs::gui {

// Asks before a service action runs: what will happen, the exact commands (config test first),
// the unit's last journal (or log file) lines where they help, and which PHP-FPM when several are
// known. Non-modal (open()); accepted() means run plan() as shown. Plans are pure: choosing another
// service re-plans here without touching the server.
class ServiceConfirmDialog : public QDialog
{
    Q_OBJECT

public:
    ServiceConfirmDialog(const actions::ServiceControl::HostServices &services,
                         const QString &serverName,
                         const QString &service,
                         actions::ServiceAction action,
                         const QString &journal,
                         QWidget *parent = nullptr);

    // The plan that runs on confirmation; empty when the service cannot be planned.
    const std::optional<actions::ServicePlan> &plan() const { return m_plan; }
    // The exact commands as shown, config test first.
    QStringList commands() const;
    actions::ServiceAction action() const { return m_action; }
    // Another name ("php-fpm:/etc/php/8.2/fpm/php-fpm.conf"): the plan follows.
    void setServiceName(const QString &name);
    // "Take a snapshot of the whole configuration first": the user marked the action risky.
    bool snapshotFirst() const;
    QCheckBox *snapshotCheck() const { return m_snapshot; }
    QComboBox *serviceChoice() const { return m_choice; }
    QPushButton *runButton() const { return m_run; }

    static QString actionVerb(actions::ServiceAction action);

private:
    void replan();

    actions::ServiceControl::HostServices m_services;
    actions::ServiceAction m_action;
    std::optional<actions::ServicePlan> m_plan;
    QComboBox *m_choice = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_commands = nullptr;
    QLabel *m_error = nullptr;
    QCheckBox *m_snapshot = nullptr;
    QPushButton *m_run = nullptr;
};

} // namespace gs::gui
