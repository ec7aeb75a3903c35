#include "connection/serverconnection.h"

#include "checks/diagnosisrunner.h"
#include "checks/errorratesetting.h"
#include "common/guiposter.h"
#include "connection/diagnosisjob.h"
#include "connection/guiinteraction.h"
#include "discovery/factsscript.h"
#include "inventory/targetresolver.h"
#include "remote/remotehost.h"
#include "secrets/secretstore.h"

#include <QCoreApplication>
#include <QFuture>
#include <QSignalBlocker>
#include <QThread>
#include <QThreadPool>
#include <QTimer>

namespace gs::gui {

namespace {

constexpr int kMaxReconnectAttempts = 3;
constexpr int kReconnectDelayMs = 3000;

Error cancelledError()
{
    return makeError(ErrorCode::Cancelled, QCoreApplication::translate("gs::gui", "Cancelled."));
}

// The session thread's blocking teardown (it may be in the middle of a connect) must not run on
// the GUI thread: the last owner hands the host to a pool thread instead.
std::shared_ptr<remote::RemoteHost> makeHost(const ssh::ConnectOptions &options,
                                             std::shared_ptr<ssh::SshInteraction> interaction)
{
    auto host = new remote::RemoteHost(options, std::move(interaction));
    // The host gets no events; with no thread affinity it may be deleted from any thread.
    host->moveToThread(nullptr);
    return std::shared_ptr<remote::RemoteHost>(host, [](remote::RemoteHost *h) {
        QObject::disconnect(h, nullptr, nullptr, nullptr);
        QCoreApplication *app = QCoreApplication::instance();
        if (app && QThread::currentThread() == app->thread())
            QThreadPool::globalInstance()->start([h] { delete h; });
        else
            delete h;
    });
}

bool sameConnection(const inventory::Server &a, const inventory::Server &b)
{
    return a.address == b.address && a.port == b.port && a.user == b.user
           && a.identityFile == b.identityFile && a.knownHostsFile == b.knownHostsFile;
}

} // namespace

ServerConnection::ServerConnection(const inventory::Server &server,
                                   secrets::SecretStore *store,
                                   QWidget *dialogParent,
                                   QThreadPool *pool,
                                   QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_store(store)
    , m_dialogParent(dialogParent)
    , m_pool(pool)
    , m_poster(std::make_shared<GuiPoster>(this))
{
    m_reconnectTimer = new QTimer(this);
    m_reconnectTimer->setSingleShot(true);
    connect(m_reconnectTimer, &QTimer::timeout, this, [this] {
        ensureOpen([](const Result<ssh::SessionInfo> &) {});
    });
}

ServerConnection::~ServerConnection()
{
    m_poster->detach();
    if (m_job)
        m_job->cancel();
    const QSignalBlocker quiet(this); // no hostReplaced() from a connection being destroyed
    dropHost();
}

template<typename T, typename Handler>
void ServerConnection::whenDone(QFuture<T> future, Handler handler)
{
    // Not QFuture::then(this, ...): that asserts when the context dies before the future ends,
    // and a server can be removed while its connect is still running.
    future.then([poster = m_poster, handler = std::move(handler)](T result) mutable {
        poster->post([handler = std::move(handler), result = std::move(result)]() mutable {
            handler(result);
        });
    });
}

bool ServerConnection::isBusy() const
{
    return m_opening || m_testing || m_diagnosing || m_tasks > 0;
}

Result<ssh::ConnectOptions> ServerConnection::connectOptions(const inventory::Server &server)
{
    Result<ssh::ConnectOptions> options = inventory::TargetResolver::resolve(server);
    if (options)
        options->unknownHostKey = ssh::UnknownHostKeyPolicy::Ask; // the app asks, always
    return options;
}

void ServerConnection::setServer(const inventory::Server &server)
{
    const bool reconnect = !sameConnection(server, m_server);
    m_server = server;
    if (reconnect && !isBusy()) {
        dropHost();
        setState(ConnectionState::NotConnected, {});
    }
}

void ServerConnection::setState(ConnectionState state, const QString &message)
{
    m_state = state;
    m_stateMessage = message;
    Q_EMIT stateChanged(state, message);
}

void ServerConnection::setActivity(const QString &text)
{
    Q_EMIT activityChanged(text);
}

void ServerConnection::dropHost()
{
    if (m_interaction)
        m_interaction->detach();
    if (m_host)
        m_host->cancelAll();
    m_interaction.reset();
    const bool had = m_host != nullptr;
    m_host.reset();
    if (had)
        Q_EMIT hostReplaced();
}

Result<void> ServerConnection::makeHostIfNeeded()
{
    if (m_host)
        return {};
    Result<ssh::ConnectOptions> options = connectOptions(m_server);
    if (!options)
        return options.error();
    // Most connections open to diagnose: its first round rides with the login.
    options->firstCommand = checks::DiagnosisRunner::firstCommand(options->commandTimeoutMs);
    m_hostServer = m_server;
    m_interaction = std::make_shared<GuiInteraction>(this, m_dialogParent, m_store);
    m_host = makeHost(*options, m_interaction);
    connect(m_host.get(),
            &remote::RemoteHost::connectionLost,
            this,
            &ServerConnection::onConnectionLost,
            Qt::QueuedConnection);
    return {};
}

Result<std::shared_ptr<remote::RemoteHost>> ServerConnection::sharedHost()
{
    if (m_host && !sameConnection(m_hostServer, m_server) && !isBusy())
        dropHost();
    if (auto made = makeHostIfNeeded(); !made)
        return made.error();
    return m_host;
}

void ServerConnection::ensureOpen(OpenCallback callback)
{
    m_openCallbacks.append(std::move(callback));
    if (m_opening)
        return;
    // Edited while busy (setServer kept the session for what was running): start afresh now.
    if (m_host && !sameConnection(m_hostServer, m_server) && !(m_job && m_job->isRunning()))
        dropHost();
    if (auto made = makeHostIfNeeded(); !made) {
        finishOpen(made.error());
        return;
    }
    m_opening = true;
    if (m_state != ConnectionState::Connected)
        setState(ConnectionState::Connecting, {});
    const quint64 generation = m_openGeneration;
    whenDone(m_host->open(), [this, generation](const Result<ssh::SessionInfo> &result) {
        if (generation != m_openGeneration)
            return; // cancelled meanwhile: cancel() answered the callbacks already
        finishOpen(result);
    });
}

void ServerConnection::finishOpen(const Result<ssh::SessionInfo> &result)
{
    m_opening = false;
    if (result) {
        m_reconnectAttempts = 0;
        setState(ConnectionState::Connected,
                 tr("Logged in as %1 with %2.").arg(result->user, result->authMethod));
    } else if (result.error().code == ErrorCode::Cancelled) {
        setState(ConnectionState::NotConnected, tr("Cancelled."));
    } else {
        setState(ConnectionState::Failed, result.error().text());
    }
    const QList<OpenCallback> callbacks = std::exchange(m_openCallbacks, {});
    for (const OpenCallback &callback : callbacks)
        callback(result);
}

void ServerConnection::onConnectionLost(const Error &reason)
{
    if (m_state != ConnectionState::Connected)
        return;
    if (m_reconnectAttempts >= kMaxReconnectAttempts) {
        setState(ConnectionState::Failed,
                 tr("The connection was lost: %1 Gatescope reconnects when you next use this "
                    "server.")
                         .arg(reason.text()));
        return;
    }
    ++m_reconnectAttempts;
    setState(ConnectionState::Connecting,
             tr("The connection was lost (%1); reconnecting…").arg(reason.message));
    m_reconnectTimer->start(kReconnectDelayMs * m_reconnectAttempts);
}

void ServerConnection::cancel()
{
    m_reconnectTimer->stop();
    if (m_interaction)
        m_interaction->cancelPending();
    if (m_job)
        m_job->cancel();
    if (m_opening) {
        ++m_openGeneration;
        // The session may still be inside its connect; closing it afterwards keeps it clean.
        if (m_host)
            m_host->cancelAll();
        finishOpen(cancelledError());
    }
    if (m_testing) {
        if (m_host && m_factsId)
            m_host->cancel(m_factsId);
    }
}

void ServerConnection::testConnection()
{
    if (m_testing)
        return;
    m_testing = true;
    setActivity(tr("Connecting to %1…").arg(m_server.name));
    const QString target = m_server.displayAddress();
    ensureOpen([this, target](const Result<ssh::SessionInfo> &opened) {
        if (!opened) {
            m_testing = false;
            setActivity({});
            Q_EMIT testFinished(false, ConnectionSummary{}, opened.error().text());
            return;
        }
        setActivity(tr("Reading what runs on %1…").arg(m_server.name));
        ConnectionSummary summary;
        summary.target = target;
        summary.session = *opened;
        whenDone(m_host->start(discovery::FactsScript::script(), &m_factsId),
                 [this, summary](const Result<remote::CommandResult> &probe) mutable {
                     m_testing = false;
                     m_factsId = 0;
                     setActivity({});
                     if (probe)
                         summary.facts = discovery::FactsScript::parse(probe->stdOut);
                     else
                         summary.factsError = probe.error().text();
                     if (!probe && probe.error().code == ErrorCode::Cancelled) {
                         Q_EMIT testFinished(false, summary, probe.error().text());
                         return;
                     }
                     setState(ConnectionState::Connected, summary.oneLine());
                     Q_EMIT testFinished(true, summary, {});
                 });
    });
}

void ServerConnection::diagnose(qint64 windowSeconds, int settleSeconds)
{
    if (m_diagnosing)
        return;
    m_diagnosing = true;
    setActivity(tr("Connecting to %1…").arg(m_server.name));
    Q_EMIT diagnosisStarted();
    ensureOpen([this, windowSeconds, settleSeconds](const Result<ssh::SessionInfo> &opened) {
        if (!opened) {
            m_diagnosing = false;
            setActivity({});
            const bool cancelled = opened.error().code == ErrorCode::Cancelled;
            Q_EMIT diagnosisFinished({}, opened.error(), cancelled);
            return;
        }
        checks::DiagnosisRunner::Options options;
        options.windowSeconds = windowSeconds;
        // The app has no preferences dialog: the threshold is the settings file's, the same
        // one `gatescope-cli diagnose` reads.
        options.errorRateThresholdPercent = checks::ErrorRateSetting::load();
        options.nginxConfig = m_server.nginxConfig;
        options.settleSeconds = settleSeconds;
        auto job = new DiagnosisJob(m_host, options, m_pool, this);
        m_job = job;
        connect(job, &DiagnosisJob::progress, this, [this](const QString &step) {
            setActivity(tr("%1: %2…").arg(m_server.name, step));
            Q_EMIT diagnosisProgress(step);
        });
        connect(job, &DiagnosisJob::checkDone, this, &ServerConnection::checkDone);
        connect(job,
                &DiagnosisJob::finished,
                this,
                [this, job](const checks::DiagnosisReport &report, bool cancelled) {
                    job->deleteLater();
                    m_diagnosing = false;
                    setActivity({});
                    if (cancelled)
                        setState(ConnectionState::NotConnected, tr("Cancelled."));
                    Q_EMIT diagnosisFinished(report, std::nullopt, cancelled);
                });
        job->start();
    });
}

void ServerConnection::runTask(const QString &activity,
                               HostTask task,
                               std::function<void(const Error &)> failed)
{
    ++m_tasks;
    setActivity(tr("Connecting to %1…").arg(m_server.name));
    ensureOpen([this, activity, task = std::move(task), failed = std::move(failed)](
                       const Result<ssh::SessionInfo> &opened) mutable {
        if (!opened) {
            --m_tasks;
            setActivity({});
            failed(opened.error());
            return;
        }
        setActivity(activity);
        // The host is shared with the worker: it outlives this connection if need be.
        m_pool->start([host = m_host, poster = m_poster, task = std::move(task), this]() mutable {
            std::function<void()> next = task(*host);
            poster->post([this, next = std::move(next)] {
                --m_tasks;
                setActivity({});
                if (next)
                    next();
            });
        });
    });
}

} // namespace gs::gui
