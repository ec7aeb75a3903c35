#pragma once

#include "actions/servicecontrol.h"
#include "checks/diagnosisreport.h"
#include "findings/finding.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

namespace gs::remote {
class RemoteHost;
}

namespace gs::gui {

class ConnectionManager;
class GuiPoster;
class MainWindow;
class ProbeDialog;
class ServiceConfirmDialog;
class ServerView;

// Acting on a server from the GUI: a finding's fix, the Services panel's buttons, Reproduce.
// Every service action goes the same way: read what the server has (worker), show the exact
// commands in a non-modal confirmation, run them on a worker with progress in the status bar,
// append it to the audit log, re-run the checks and say in plain words what is true now (a
// finding that is gone turns its card green). Read-only servers get no actions. GUI thread.
class ActionController : public QObject
{
    Q_OBJECT

public:
    ActionController(MainWindow *window, ConnectionManager *manager);
    ~ActionController() override;

    // The finding's service fix (FindingFix::forFinding); other findings have no action here.
    void fixFinding(const QString &server, const findings::Finding &finding);
    // Asks (confirmation with the exact commands), then runs; `finding` is what it should fix.
    void serviceAction(const QString &server,
                       const QString &service,
                       actions::ServiceAction action,
                       const std::optional<findings::Finding> &finding = {});
    // Reads the server's services for the Overview's Services panel.
    void refreshServices(const QString &server);
    // The Reproduce dialog, its URL set to the site that failed.
    ProbeDialog *reproduce(const QString &server);

    bool isRunning(const QString &server) const { return m_running.contains(server); }
    // What the last action on a server came to, in plain words.
    QString lastOutcome(const QString &server) const { return m_outcomes.value(server); }

    // "PHP-FPM (…) is running; sites: php.lab 200" from the action and the checks after it.
    static QString outcomeText(const actions::ServiceOutcome &outcome,
                               const checks::DiagnosisReport &report);
    // Whether the report's site check passed: every site nginx serves answers.
    static bool sitesAnswer(const checks::DiagnosisReport &report);

Q_SIGNALS:
    // A confirmation is on screen (tests answer it).
    void confirmationShown(gs::gui::ServiceConfirmDialog *dialog);
    // `sitesAnswer`: the checks ran again after the action and every site answers.
    void actionFinished(const QString &server, const QString &outcome, bool sitesAnswer);
    void auditChanged(const QString &server);

private:
    void connectConfigPage(ServerView *view);
    void run(const QString &server,
             const actions::ServicePlan &plan,
             const QStringList &commands,
             actions::ServiceAction action,
             const std::optional<findings::Finding> &finding,
             bool snapshotFirst = false);
    void finishAfterRecheck(const QString &server,
                            const actions::ServiceOutcome &outcome,
                            const std::optional<findings::Finding> &finding);
    // Worker thread: a whole-tree snapshot before a risky action, audited; empty when taken,
    // else what to tell the user (the action does not run).
    static QString takeSnapshot(remote::RemoteHost &host,
                                const QString &server,
                                const QString &nginxConfig,
                                const QString &note);
    void setRunning(const QString &server, bool running);
    bool refuseReadOnly(const QString &server);
    void say(const QString &text);

    QPointer<MainWindow> m_window;
    ConnectionManager *m_manager = nullptr;
    std::shared_ptr<GuiPoster> m_poster;
    QHash<QString, bool> m_running;
    QHash<QString, QString> m_outcomes;
    QString m_restartAsked;      // the Config page asked for a restart on this server
    QString m_restartAfterApply; // ... and the user confirmed it: its outcome goes there
};

} // namespace gs::gui
