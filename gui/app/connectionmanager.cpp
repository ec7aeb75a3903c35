#include "app/connectionmanager.h"

#include "app/actioncontroller.h"
#include "app/mainwindow.h"
#include "app/serverview.h"
#include "app/taskstatuswidget.h"
#include "charts/chartspage.h"
#include "common/plural.h"
#include "config/configpage.h"
#include "connection/serverconnection.h"
#include "connection/serverdialog.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/reportexporter.h"
#include "inventory/inventorystore.h"
#include "overview/overviewpage.h"
#include "secrets/secretstore.h"

#include <QThreadPool>

#include <algorithm>

namespace gs::gui {

namespace {

// Each diagnosis blocks one worker while it waits on its server: enough for a fleet at once,
// without starving the app's other background work (the global pool).
constexpr int kMaxConcurrentDiagnoses = 32;

inventory::Server::LastResult lastResultOf(const DiagnosisState &state)
{
    inventory::Server::LastResult last;
    last.time = state.finished.toUTC();
    if (state.phase == DiagnosisState::Phase::Failed) {
        last.status = QStringLiteral("error");
        last.summary = state.error ? state.error->message : QString();
        return last;
    }
    last.status = QStringLiteral("ok");
    if (!state.report)
        return last;
    const auto worst = state.report->worstSeverity();
    last.worstSeverity = worst ? findings::Finding::severityName(*worst) : QString();
    int atWorst = 0;
    for (const findings::Finding &finding : state.report->findings) {
        if (worst && finding.severity == *worst && finding.state != findings::Finding::State::Past)
            ++atWorst;
    }
    if (state.report->exitCode() == 0 && !state.report->coverage.complete) {
        last.worstSeverity = QStringLiteral("incomplete");
        last.summary = ConnectionManager::tr("Not fully checked: %n check(s) could not run",
                                             nullptr,
                                             int(state.report->coverage.missing.size()));
    } else if (!worst) {
        last.summary = ConnectionManager::tr("No problems found");
    } else {
        const QString first = state.report->findings.first().title;
        last.summary
                = atWorst > 1
                          ? ConnectionManager::tr("%1 (+%n more)", nullptr, atWorst - 1).arg(first)
                          : first;
    }
    return last;
}

} // namespace

ConnectionManager::ConnectionManager(MainWindow *window,
                                     secrets::SecretStore *store,
                                     QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_store(store)
    , m_pool(new QThreadPool(this))
{
    m_pool->setMaxThreadCount(kMaxConcurrentDiagnoses);
    connect(window, &MainWindow::testConnectionRequested, this, [this](const inventory::Server &s) {
        testConnection(s.name);
    });
    connect(window, &MainWindow::diagnoseRequested, this, &ConnectionManager::diagnose);
    connect(window, &MainWindow::exportReportRequested, this, &ConnectionManager::exportReport);
    connect(window, &MainWindow::serverDialogOpened, this, &ConnectionManager::attachDialog);
    connect(window, &MainWindow::currentServerChanged, this, &ConnectionManager::showCurrent);
    connect(window->statusArea(),
            &TaskStatusWidget::cancelRequested,
            this,
            &ConnectionManager::cancelAll);

    window->serverView()->setConnectionLookup(
            [this](const QString &name) { return connection(name); });
    // Every change from the Config page is followed by a fresh diagnosis: "does it answer now"
    // is the question the change was for.
    connect(window->serverView()->configPage(),
            &ConfigPage::applyFinished,
            this,
            [this](const config::ApplyResult &result) {
                if (result.applied() && m_window)
                    recheck(m_window->serverView()->serverName());
            });
    DiagnosePage *page = window->serverView()->diagnosePage();
    connect(page, &DiagnosePage::cancelRequested, this, &ConnectionManager::cancel);
    connect(page, &DiagnosePage::copyRequested, this, &ConnectionManager::copyReport);
    connect(page, &DiagnosePage::exportRequested, this, &ConnectionManager::exportReport);

    inventory::InventoryStore *inventory = window->store();
    connect(inventory,
            &inventory::InventoryStore::reset,
            this,
            &ConnectionManager::syncWithInventory);
    connect(inventory,
            &inventory::InventoryStore::serverChanged,
            this,
            &ConnectionManager::syncWithInventory);
    m_actions = new ActionController(window, this);
    showCurrent();
}

ConnectionManager::~ConnectionManager()
{
    if (m_window)
        m_window->serverView()->setConnectionLookup({});
    // Connections first: their workers report to us until they are gone.
    qDeleteAll(m_connections);
    m_connections.clear();
}

ServerConnection *ConnectionManager::connection(const QString &name)
{
    if (ServerConnection *existing = m_connections.value(name))
        return existing;
    const inventory::Server *server
            = m_window ? m_window->store()->inventory().find(name) : nullptr;
    if (!server)
        return nullptr;
    auto connection = new ServerConnection(*server, m_store, m_window, m_pool, this);
    m_connections.insert(name, connection);
    connect(connection,
            &ServerConnection::stateChanged,
            this,
            [this, name](ServerTreeModel::ConnectionState state, const QString &message) {
                if (m_window)
                    m_window->setConnectionState(name, state, message);
            });
    connect(connection,
            &ServerConnection::activityChanged,
            this,
            [this, name](const QString &text) { onActivity(name, text); });
    connect(connection,
            &ServerConnection::testFinished,
            this,
            [this, name](bool ok, const ConnectionSummary &summary, const QString &error) {
                if (ok)
                    m_summaries.insert(name, summary.rows());
                m_lastFinished = ok ? tr("%1: %2").arg(name, summary.oneLine())
                                    : tr("%1: %2").arg(name, error);
                showCurrent();
            });
    connect(connection, &ServerConnection::diagnosisStarted, this, [this, name] {
        const DiagnosisState previous = m_states.value(name);
        DiagnosisState state;
        state.phase = DiagnosisState::Phase::Running;
        state.started = QDateTime::currentDateTimeUtc();
        // A "Resolved" card is what the re-check after its fix found; a newer diagnosis of
        // its own is the truth about the server now, and the card must not stay above it
        // claiming what it no longer sees.
        const bool recheck = m_rechecks.remove(name);
        if (recheck)
            state.resolved = previous.resolved;
        if (recheck && previous.report) {
            state.recheck = true;
            state.report = previous.report;
        }
        updateState(name, state);
    });
    connect(connection, &ServerConnection::diagnosisProgress, this, [this, name](const QString &s) {
        DiagnosisState state = m_states.value(name);
        state.step = s;
        updateState(name, state);
    });
    connect(connection,
            &ServerConnection::checkDone,
            this,
            [this, name](const checks::CheckResult &result) {
                DiagnosisState state = m_states.value(name);
                state.checks.append(result);
                updateState(name, state);
            });
    connect(connection,
            &ServerConnection::diagnosisFinished,
            this,
            [this, name](const checks::DiagnosisReport &report,
                         const std::optional<Error> &error,
                         bool cancelled) {
                DiagnosisState state = m_states.value(name);
                state.finished = QDateTime::currentDateTimeUtc();
                state.step.clear();
                if (error && !cancelled) {
                    state.recheck = false;
                    state.report.reset();
                    state.phase = DiagnosisState::Phase::Failed;
                    state.error = error;
                    m_lastFinished = tr("%1: %2").arg(name, error->text());
                } else if (cancelled) {
                    state.phase = DiagnosisState::Phase::Cancelled;
                    state.recheck = false;
                    if (!error)
                        state.report = report;
                    m_lastFinished = tr("%1: diagnosis cancelled.").arg(name);
                } else {
                    state.phase = DiagnosisState::Phase::Done;
                    state.report = report;
                    state.recheck = false;
                    // A fixed finding that is back is no longer resolved.
                    state.resolved.removeIf([&report](const DiagnosisState::Resolved &r) {
                        return std::any_of(report.findings.begin(),
                                           report.findings.end(),
                                           [&r](const findings::Finding &f) {
                                               return f.id == r.finding.id
                                                      && f.upstream == r.finding.upstream;
                                           });
                    });
                    m_lastFinished = tr("%1: %2.").arg(name, lastResultOf(state).summary);
                }
                saveLastResult(name, state);
                updateState(name, state);
            });
    return connection;
}

void ConnectionManager::attachDialog(ServerDialog *dialog)
{
    connect(dialog,
            &ServerDialog::testConnectionRequested,
            this,
            [this, dialog](const inventory::Server &typed) {
                // The server as typed, maybe unsaved: a connection of its own, gone with the
                // dialog. Its questions (host key, password) appear over the dialog.
                inventory::Server server = typed;
                if (server.name.trimmed().isEmpty())
                    server.name = QStringLiteral("new-server");
                auto old = dialog->findChild<ServerConnection *>();
                delete old;
                auto connection = new ServerConnection(server, m_store, dialog, m_pool, dialog);
                const QString label = server.name;
                connect(connection,
                        &ServerConnection::activityChanged,
                        this,
                        [this, label](const QString &text) { onActivity(label, text); });
                connect(connection,
                        &ServerConnection::testFinished,
                        dialog,
                        [dialog](bool ok, const ConnectionSummary &summary, const QString &error) {
                            dialog->setTestResult(ok, ok ? summary.text() : error);
                        });
                connection->testConnection();
            });
    connect(dialog, &QObject::destroyed, this, [this] {
        // A dialog closed mid-test takes its connection along; clear its status bar entry.
        for (auto it = m_activities.begin(); it != m_activities.end();) {
            if (!m_connections.contains(it.key()))
                it = m_activities.erase(it);
            else
                ++it;
        }
        onActivity({}, {});
    });
}

void ConnectionManager::syncWithInventory()
{
    if (!m_window)
        return;
    const inventory::Inventory &inventory = m_window->store()->inventory();
    for (auto it = m_connections.begin(); it != m_connections.end();) {
        const inventory::Server *server = inventory.find(it.key());
        if (!server) {
            // Removed (or renamed): its session goes, off the GUI thread.
            m_states.remove(it.key());
            m_summaries.remove(it.key());
            m_activities.remove(it.key());
            delete it.value();
            it = m_connections.erase(it);
            continue;
        }
        it.value()->setServer(*server);
        ++it;
    }
}

void ConnectionManager::recheck(const QString &name)
{
    ServerConnection *c = connection(name);
    if (!c)
        return;
    m_rechecks.insert(name);
    c->diagnose(3600, 10); // after an action: let the service come up before judging
}

void ConnectionManager::markResolved(const QString &name,
                                     const findings::Finding &finding,
                                     const QString &outcome)
{
    DiagnosisState state = m_states.value(name);
    state.resolved.removeIf([&finding](const DiagnosisState::Resolved &r) {
        return r.finding.id == finding.id && r.finding.upstream == finding.upstream;
    });
    state.resolved.prepend({finding, outcome});
    updateState(name, state);
}

void ConnectionManager::testConnection(const QString &name)
{
    if (ServerConnection *c = connection(name))
        c->testConnection();
}

void ConnectionManager::diagnose(const QStringList &names)
{
    for (const QString &name : names) {
        if (ServerConnection *c = connection(name))
            c->diagnose();
    }
    // One server: show its page, where the checklist fills in.
    if (names.size() == 1 && m_window && m_window->currentServerName() == names.first())
        m_window->serverView()->tabs()->setCurrentWidget(m_window->serverView()->diagnosePage());
}

void ConnectionManager::cancel(const QString &name)
{
    if (ServerConnection *c = m_connections.value(name))
        c->cancel();
}

void ConnectionManager::cancelAll()
{
    for (ServerConnection *c : std::as_const(m_connections))
        c->cancel();
    if (m_window) {
        for (ServerConnection *c : m_window->findChildren<ServerConnection *>())
            c->cancel();
    }
}

void ConnectionManager::updateState(const QString &name, const DiagnosisState &state)
{
    m_states.insert(name, state);
    Q_EMIT diagnosisStateChanged(name);
    if (m_window && m_window->currentServerName() == name) {
        m_window->serverView()->diagnosePage()->setState(state);
        if (state.phase == DiagnosisState::Phase::Done)
            m_window->serverView()->chartsPage()->refreshAfterDiagnosis();
    }
}

void ConnectionManager::saveLastResult(const QString &name, const DiagnosisState &state)
{
    if (!m_window || state.phase == DiagnosisState::Phase::Cancelled)
        return;
    if (Result<void> saved = m_window->store()->setLastResult(name, lastResultOf(state)); !saved)
        m_lastFinished = saved.error().text();
}

void ConnectionManager::onActivity(const QString &name, const QString &text)
{
    if (!m_window)
        return;
    if (!name.isEmpty()) {
        if (text.isEmpty())
            m_activities.remove(name);
        else
            m_activities.insert(name, text);
    }
    TaskStatusWidget *status = m_window->statusArea();
    if (m_activities.isEmpty()) {
        if (status->isBusy())
            status->finish(m_lastFinished);
        return;
    }
    const QString shown = activityLine(m_activities, m_window->currentServerName());
    if (status->isBusy())
        status->progress(shown);
    else
        status->begin(shown);
}

QString ConnectionManager::activityLine(const QHash<QString, QString> &activities,
                                        const QString &current)
{
    const QString own = activities.value(current);
    const qsizetype others = activities.size() - (activities.contains(current) ? 1 : 0);
    if (others == 0)
        return own;
    // With no server selected there is no "other": say how many are at work.
    if (current.isEmpty())
        return plural(others, tr("Working on %1 server…"), tr("Working on %1 servers…"));
    if (own.isEmpty()) {
        return plural(
                others, tr("Working on %1 other server…"), tr("Working on %1 other servers…"));
    }
    return own + QStringLiteral("  ·  ")
           + plural(others, tr("%1 other server busy"), tr("%1 other servers busy"));
}

void ConnectionManager::showCurrent()
{
    if (!m_window)
        return;
    onActivity({}, {}); // the status bar speaks for the server now selected
    const QString name = m_window->currentServerName();
    if (name.isEmpty())
        return;
    m_window->serverView()->diagnosePage()->setState(m_states.value(name));
    m_window->serverView()->overviewPage()->setConnectionDetails(m_summaries.value(name));
}

void ConnectionManager::copyReport(const QString &name)
{
    const DiagnosisState state = m_states.value(name);
    const inventory::Server *server
            = m_window ? m_window->store()->inventory().find(name) : nullptr;
    if (!state.report || !server) {
        if (m_window)
            m_window->statusArea()->finish(
                    tr("Diagnose %1 first; then there is a report.").arg(name));
        return;
    }
    ReportExporter::copyAsText(*server, *state.report, state.finished);
    m_window->statusArea()->finish(tr("Copied the report of %1.").arg(name));
}

void ConnectionManager::exportReport(const QString &name)
{
    const DiagnosisState state = m_states.value(name);
    const inventory::Server *server
            = m_window ? m_window->store()->inventory().find(name) : nullptr;
    if (!state.report || !server) {
        if (m_window)
            m_window->statusArea()->finish(
                    tr("Diagnose %1 first; then there is a report.").arg(name));
        return;
    }
    auto exporter = new ReportExporter(*server, *state.report, state.finished, m_window);
    connect(exporter, &ReportExporter::finished, this, [this](const QString &message) {
        if (m_window)
            m_window->statusArea()->finish(message);
    });
    exporter->start();
}

} // namespace gs::gui
