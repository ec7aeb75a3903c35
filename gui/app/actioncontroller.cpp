#include "app/actioncontroller.h"

#include "activity/activitypage.h"
#include "app/connectionmanager.h"
#include "app/mainwindow.h"
#include "app/serverview.h"
#include "app/taskstatuswidget.h"
#include "audit/auditlog.h"
#include "common/guiposter.h"
#include "config/configapplyview.h"
#include "config/configaudit.h"
#include "config/configpage.h"
#include "config/treesnapshot.h"
#include "connection/serverconnection.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/findingfix.h"
#include "diagnose/probedialog.h"
#include "inventory/inventorystore.h"
#include "overview/overviewpage.h"
#include "overview/serviceconfirmdialog.h"
#include "overview/servicespanel.h"
#include "remote/remotehost.h"
#include "util/shellquote.h"

#include <algorithm>
#include <utility>

namespace gs::gui {

namespace {

bool sameFinding(const findings::Finding &a, const findings::Finding &b)
{
    return a.id == b.id && a.upstream == b.upstream;
}

} // namespace

ActionController::ActionController(MainWindow *window, ConnectionManager *manager)
    : QObject(manager)
    , m_window(window)
    , m_manager(manager)
    , m_poster(std::make_shared<GuiPoster>(this))
{
    ServerView *view = window->serverView();
    connect(view->diagnosePage(), &DiagnosePage::fixRequested, this, &ActionController::fixFinding);
    connect(view->diagnosePage(),
            &DiagnosePage::reproduceRequested,
            this,
            [this](const QString &s) { reproduce(s); });
    ServicesPanel *panel = view->overviewPage()->servicesPanel();
    connect(panel,
            &ServicesPanel::actionRequested,
            this,
            [this, panel](const QString &service, actions::ServiceAction action) {
                serviceAction(panel->serverName(), service, action);
            });
    connect(panel, &ServicesPanel::refreshRequested, this, [this, panel] {
        refreshServices(panel->serverName());
    });
    connectConfigPage(view);
    connect(this, &ActionController::auditChanged, this, [this](const QString &server) {
        if (m_window && m_window->currentServerName() == server)
            m_window->serverView()->activityPage()->refresh();
    });
}

ActionController::~ActionController()
{
    m_poster->detach();
}

// An applied change that waits for a restart (a PHP-FPM pool's listen settings) offers it on the
// Config page; it runs as every service action does, and its outcome is shown where it was asked.
void ActionController::connectConfigPage(ServerView *view)
{
    ConfigApplyView *applyView = view->configPage()->applyView();
    connect(applyView, &ConfigApplyView::restartRequested, this, [this, view](const QString &name) {
        // Only a restart the user confirms counts as the apply's: asked, it waits for the
        // confirmation (see serviceAction); refused or never started, it is forgotten.
        m_restartAsked = view->serverName();
        serviceAction(view->serverName(), name, actions::ServiceAction::Restart);
        if (!isRunning(view->serverName()))
            m_restartAsked.clear();
    });
    connect(this,
            &ActionController::actionFinished,
            view->configPage(),
            [this, view](const QString &server, const QString &outcome, bool sitesAnswer) {
                if (m_restartAfterApply.isEmpty() || server != m_restartAfterApply)
                    return;
                m_restartAfterApply.clear();
                if (view->serverName() == server)
                    view->configPage()->showRestartOutcome(outcome, sitesAnswer);
            });
}

void ActionController::say(const QString &text)
{
    if (m_window)
        m_window->statusArea()->finish(text);
}

bool ActionController::refuseReadOnly(const QString &server)
{
    const inventory::Server *s = m_window ? m_window->store()->inventory().find(server) : nullptr;
    if (!s)
        return true;
    if (!s->readOnly)
        return false;
    say(tr("%1 is read-only (support mode): Gatescope does not change anything on it.")
                .arg(server));
    return true;
}

void ActionController::setRunning(const QString &server, bool running)
{
    if (running)
        m_running.insert(server, true);
    else
        m_running.remove(server);
    if (m_window && m_window->currentServerName() == server) {
        m_window->serverView()->diagnosePage()->setActionRunning(running);
        m_window->serverView()->overviewPage()->servicesPanel()->setBusy(running);
    }
}

void ActionController::fixFinding(const QString &server, const findings::Finding &finding)
{
    const FindingFix fix = FindingFix::forFinding(finding);
    if (fix.kind != FindingFix::Kind::Service)
        return;
    serviceAction(server, fix.service, fix.action, finding);
}

void ActionController::serviceAction(const QString &server,
                                     const QString &service,
                                     actions::ServiceAction action,
                                     const std::optional<findings::Finding> &finding)
{
    if (refuseReadOnly(server) || isRunning(server))
        return;
    ServerConnection *connection = m_manager->connection(server);
    if (!connection)
        return;
    const FindingFix fix = finding ? FindingFix::forFinding(*finding) : FindingFix{};
    const bool journal = fix.journal;
    // A service without a journal (an init script) writes to the log files its check named.
    const QStringList logFiles = fix.logFiles;
    setRunning(server, true);
    connection->runTask(
            tr("%1: reading its services…").arg(server),
            [this, server, service, action, finding, journal, logFiles](
                    remote::RemoteHost &host) -> std::function<void()> {
                const QString hostKey = host.options().displayName();
                auto services = actions::ServiceControl::inspect(host, hostKey);
                QString lines;
                if (services && !logFiles.isEmpty()) {
                    QStringList tails;
                    for (const QString &file : logFiles.mid(0, 3)) {
                        const auto read = host.runPrivileged(
                                QStringLiteral("tail -n 20 -- %1").arg(gs::shellQuote(file)));
                        tails << QStringLiteral("==> %1 <==").arg(file)
                              << (read ? QString::fromUtf8(read->stdOut).trimmed()
                                       : read.error().text());
                    }
                    lines = tails.join(QLatin1Char('\n'));
                } else if (services && journal) {
                    const auto read
                            = host.runPrivileged(QStringLiteral("journalctl -u %1 -n 20 --no-pager")
                                                         .arg(gs::shellQuote(service)));
                    lines = read ? QString::fromUtf8(read->stdOut).trimmed() : read.error().text();
                }
                return [this, server, service, action, finding, services, lines] {
                    setRunning(server, false);
                    const bool forApply = std::exchange(m_restartAsked, {}) == server;
                    if (!services) {
                        say(tr("%1: %2").arg(server, services.error().text()));
                        return;
                    }
                    auto dialog = new ServiceConfirmDialog(
                            *services, server, service, action, lines, m_window);
                    connect(dialog,
                            &QDialog::accepted,
                            this,
                            [this, server, dialog, finding, forApply] {
                                if (forApply)
                                    m_restartAfterApply = server;
                                if (dialog->plan())
                                    run(server,
                                        *dialog->plan(),
                                        dialog->commands(),
                                        dialog->action(),
                                        finding,
                                        dialog->snapshotFirst());
                            });
                    dialog->open();
                    Q_EMIT confirmationShown(dialog);
                };
            },
            [this, server](const Error &error) {
                setRunning(server, false);
                m_restartAsked.clear();
                say(tr("%1: %2").arg(server, error.text()));
            });
}

void ActionController::run(const QString &server,
                           const actions::ServicePlan &plan,
                           const QStringList &commands,
                           actions::ServiceAction action,
                           const std::optional<findings::Finding> &finding,
                           bool snapshotFirst)
{
    ServerConnection *connection = m_manager->connection(server);
    if (!connection || isRunning(server))
        return;
    setRunning(server, true);
    // Which nginx's trees a snapshot takes where several run: the one named, else the server's.
    QString nginxConfig = plan.kind == QLatin1String("nginx") ? plan.config : QString();
    if (const inventory::Server *s
        = m_window ? m_window->store()->inventory().find(server) : nullptr;
        s && nginxConfig.isEmpty())
        nginxConfig = s->nginxConfig;
    connection->runTask(
            tr("%1: %2 %3…")
                    .arg(server,
                         ServiceConfirmDialog::actionVerb(action).toLower() + QStringLiteral("ing"),
                         plan.service),
            [this,
             server,
             plan,
             commands,
             action,
             finding,
             snapshotFirst,
             nginxConfig,
             poster = m_poster](remote::RemoteHost &host) -> std::function<void()> {
                const QString hostKey = host.options().displayName();
                if (snapshotFirst) {
                    poster->post([this, server] {
                        if (ServerConnection *c = m_manager->connection(server))
                            c->setTaskActivity(
                                    tr("%1: taking a snapshot of the whole configuration…")
                                            .arg(server));
                    });
                    const QString refusal = takeSnapshot(
                            host,
                            server,
                            nginxConfig,
                            tr("before %1 %2")
                                    .arg(actions::serviceActionName(action), plan.service));
                    if (!refusal.isEmpty()) {
                        return [this, server, refusal] {
                            setRunning(server, false);
                            Q_EMIT auditChanged(server);
                            m_outcomes.insert(server, refusal);
                            say(refusal);
                            Q_EMIT actionFinished(server, refusal, false);
                        };
                    }
                }
                const auto outcome = actions::ServiceControl::execute(
                        host, plan, hostKey, [this, poster, server](const QString &line) {
                            poster->post([this, server, line] {
                                if (ServerConnection *c = m_manager->connection(server))
                                    c->setTaskActivity(tr("%1: %2").arg(server, line));
                            });
                        });
                audit::AuditEntry entry;
                entry.server = server;
                entry.host = hostKey;
                entry.action = QStringLiteral("service.") + actions::serviceActionName(action);
                entry.subject = plan.service;
                entry.command = commands.join(QLatin1String(" && "));
                entry.outcome = outcome.refused        ? QStringLiteral("refused")
                                : outcome.reachedState ? QStringLiteral("ok")
                                                       : QStringLiteral("failed");
                entry.detail = outcome.refused ? outcome.testOutput
                                               : outcome.log.join(QLatin1Char('\n')).right(2000);
                const auto logged = audit::AuditLog().append(entry);
                const QString warning = logged ? QString() : logged.error().text();
                return [this, server, outcome, finding, warning] {
                    setRunning(server, false);
                    Q_EMIT auditChanged(server);
                    if (!warning.isEmpty())
                        say(warning);
                    finishAfterRecheck(server, outcome, finding);
                };
            },
            [this, server](const Error &error) {
                setRunning(server, false);
                say(tr("%1: %2").arg(server, error.text()));
            });
}

QString ActionController::takeSnapshot(remote::RemoteHost &host,
                                       const QString &server,
                                       const QString &nginxConfig,
                                       const QString &note)
{
    config::TreeSnapshot::Options options;
    options.nginxConfig = nginxConfig;
    const config::SnapshotCreation creation = config::TreeSnapshot(host, options).create(note);
    (void)config::ConfigAudit::record(config::ConfigAudit::snapshot(
            config::ConfigAudit::Where::at(server, host), creation, note));
    if (creation.created)
        return {};
    return tr("%1: nothing was run: %2").arg(server, creation.message);
}

void ActionController::finishAfterRecheck(const QString &server,
                                          const actions::ServiceOutcome &outcome,
                                          const std::optional<findings::Finding> &finding)
{
    ServerConnection *connection = m_manager->connection(server);
    if (!connection)
        return;
    const QString state = outcome.running ? tr("running") : tr("stopped");
    if (outcome.refused) {
        const QString text
                = tr("%1: nothing was changed: the configuration test failed. %2")
                          .arg(server,
                               outcome.testOutput.trimmed().section(QLatin1Char('\n'), 0, 0));
        m_outcomes.insert(server, text);
        say(text);
        Q_EMIT actionFinished(server, text, false);
        refreshServices(server);
        return;
    }
    say(tr("%1: %2 is %3; checking again…").arg(server, outcome.plan.service, state));
    connect(
            connection,
            &ServerConnection::diagnosisFinished,
            this,
            [this, server, outcome, finding](const checks::DiagnosisReport &report,
                                             const std::optional<Error> &error,
                                             bool cancelled) {
                QString text;
                const bool answer = !error && !cancelled && sitesAnswer(report);
                if (error || cancelled) {
                    text = tr("%1: %2 is %3; the checks could not run again (%4).")
                                   .arg(server,
                                        outcome.plan.service,
                                        outcome.running ? tr("running") : tr("stopped"),
                                        error ? error->text() : tr("cancelled"));
                } else {
                    text = outcomeText(outcome, report);
                    const bool gone = finding
                                      && std::none_of(report.findings.begin(),
                                                      report.findings.end(),
                                                      [&finding](const findings::Finding &f) {
                                                          return sameFinding(f, *finding);
                                                      });
                    if (gone)
                        m_manager->markResolved(server, *finding, text);
                    else if (finding)
                        text += QLatin1Char(' ')
                                + tr("The finding is still there: see the "
                                     "Diagnose tab.");
                }
                m_outcomes.insert(server, text);
                say(text);
                Q_EMIT actionFinished(server, text, answer);
                refreshServices(server);
            },
            Qt::SingleShotConnection);
    m_manager->recheck(server);
}

QString ActionController::outcomeText(const actions::ServiceOutcome &outcome,
                                      const checks::DiagnosisReport &report)
{
    QString text;
    if (!outcome.reachedState)
        text = outcome.running ? tr("%1 did not stop.").arg(outcome.plan.service)
                               : tr("%1 did not start.").arg(outcome.plan.service);
    else
        text = outcome.running ? tr("%1 is running.").arg(outcome.plan.service)
                               : tr("%1 is stopped.").arg(outcome.plan.service);
    for (const checks::CheckResult &check : report.checks) {
        if (check.id == QLatin1String("nginx.sites") && !check.summary.isEmpty()) {
            text.chop(1);
            text += check.status == checks::CheckStatus::Pass
                            ? tr("; the sites now answer: %1.").arg(check.summary)
                            : tr("; but %1.").arg(check.summary);
        }
    }
    return text;
}

bool ActionController::sitesAnswer(const checks::DiagnosisReport &report)
{
    return std::any_of(report.checks.begin(), report.checks.end(), [](const auto &check) {
        return check.id == QLatin1String("nginx.sites")
               && check.status == checks::CheckStatus::Pass;
    });
}

void ActionController::refreshServices(const QString &server)
{
    ServerConnection *connection = m_manager->connection(server);
    if (!connection)
        return;
    connection->runTask(
            tr("%1: reading its services…").arg(server),
            [this, server](remote::RemoteHost &host) -> std::function<void()> {
                auto services
                        = actions::ServiceControl::inspect(host, host.options().displayName());
                return [this, server, services] {
                    if (!m_window || m_window->currentServerName() != server)
                        return;
                    ServicesPanel *panel = m_window->serverView()->overviewPage()->servicesPanel();
                    if (services)
                        panel->setServices(*services);
                    else
                        panel->setError(services.error().text());
                };
            },
            [this, server](const Error &error) {
                if (m_window && m_window->currentServerName() == server)
                    m_window->serverView()->overviewPage()->servicesPanel()->setError(error.text());
            });
}

ProbeDialog *ActionController::reproduce(const QString &server)
{
    ServerConnection *connection = m_manager->connection(server);
    if (!connection || !m_window || refuseReadOnly(server))
        return nullptr;
    const DiagnosisState state = m_manager->diagnosisState(server);
    auto dialog = new ProbeDialog(connection, server, ProbeDialog::failingUrl(state), m_window);
    connect(dialog, &ProbeDialog::probed, this, [this, server] { Q_EMIT auditChanged(server); });
    dialog->open();
    return dialog;
}

} // namespace gs::gui
