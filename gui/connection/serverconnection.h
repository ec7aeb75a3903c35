#pragma once

#include "checks/diagnosisreport.h"
#include "connection/connectionsummary.h"
#include "connection/servertreemodel.h"
#include "inventory/server.h"
#include "ssh/connectoptions.h"
#include "util/result.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QThreadPool;
class QTimer;

namespace gs::remote {
class RemoteHost;
}
namespace gs::secrets {
class SecretStore;
}

namespace gs::gui {

class DiagnosisJob;
class GuiPoster;
class GuiInteraction;

// The app's link to one server: owns its RemoteHost (one SSH session in its own thread) and the
// GuiInteraction that asks for host keys and secrets, tracks the connection state, reopens a lost
// connection, and runs what the user asks for (test connection, diagnose) without ever blocking
// the GUI thread. Lives on the GUI thread.
class ServerConnection : public QObject
{
    Q_OBJECT

public:
    using ConnectionState = ServerTreeModel::ConnectionState;

    ServerConnection(const inventory::Server &server,
                     secrets::SecretStore *store,
                     QWidget *dialogParent,
                     QThreadPool *pool,
                     QObject *parent = nullptr);
    ~ServerConnection() override;

    const inventory::Server &server() const { return m_server; }
    // Takes edits; a change of address, port, user or key files drops the open session.
    void setServer(const inventory::Server &server);

    ConnectionState state() const { return m_state; }
    const QString &stateMessage() const { return m_stateMessage; }
    bool isBusy() const;

    // Connects when needed, then reads the server's facts: testFinished() tells what it found.
    void testConnection();
    // Connects when needed, then runs the whole checklist on a worker thread.
    // settleSeconds: after an action, wait (bounded) for services to come up before judging.
    void diagnose(qint64 windowSeconds = 3600, int settleSeconds = 0);
    // Stops what runs: a dialog waiting for the user, a connection attempt, a diagnosis.
    void cancel();

    // Work that blocks on the server (service control, a probe): runs on a worker with the open
    // host and returns what to do next on the GUI thread. Its continuation must guard whatever
    // it touches (QPointer): it runs only while this connection lives.
    using HostTask = std::function<std::function<void()>(remote::RemoteHost &host)>;
    // Connects when needed, then runs task on a worker; failed(error) on the GUI thread when the
    // server cannot be reached. activity is shown in the status bar while it runs.
    void
    runTask(const QString &activity, HostTask task, std::function<void(const gs::Error &)> failed);
    // Shows progress of a running task in the status bar (GUI thread).
    void setTaskActivity(const QString &text) { setActivity(text); }

    // The server's one SSH session, for pages that run blocking work of their own on workers
    // (Config, Error rates): made on first use with the app's prompts (host key, password,
    // sudo) and opened by its first command. Diagnose, tests and actions use the same one, so
    // a secret given once serves them all. An error when the server's settings cannot make a
    // session (ProxyJump). hostReplaced() says when it goes (server edited, connection dropped).
    [[nodiscard]] Result<std::shared_ptr<remote::RemoteHost>> sharedHost();

    // ConnectOptions for an inventory server: ~/.ssh/config applied as `ssh ADDRESS` would,
    // host keys asked about (the GUI policy). Fails for what the session cannot do (ProxyJump).
    [[nodiscard]] static Result<ssh::ConnectOptions>
    connectOptions(const inventory::Server &server);

Q_SIGNALS:
    // The session sharedHost() gave is gone: pages holding it must ask for the new one.
    void hostReplaced();
    void stateChanged(gs::gui::ServerTreeModel::ConnectionState state, const QString &message);
    // Something started or ended that the status bar should show (text empty when idle).
    void activityChanged(const QString &text);
    void testFinished(bool ok, const gs::gui::ConnectionSummary &summary, const QString &error);
    void diagnosisStarted();
    void diagnosisProgress(const QString &step);
    void checkDone(const gs::checks::CheckResult &result);
    // error set: the server could not be reached (report empty); cancelled: stopped by the user.
    void diagnosisFinished(const gs::checks::DiagnosisReport &report,
                           const std::optional<gs::Error> &error,
                           bool cancelled);

private:
    using OpenCallback = std::function<void(const Result<ssh::SessionInfo> &)>;
    void ensureOpen(OpenCallback callback);
    Result<void> makeHostIfNeeded();
    void finishOpen(const Result<ssh::SessionInfo> &result);
    void dropHost();
    void setState(ConnectionState state, const QString &message);
    void setActivity(const QString &text);
    void onConnectionLost(const Error &reason);
    // Runs handler(result) on the GUI thread once the future ends, unless this is gone by then.
    template<typename T, typename Handler>
    void whenDone(QFuture<T> future, Handler handler);

    inventory::Server m_server;
    inventory::Server m_hostServer; // what m_host was made for
    QPointer<secrets::SecretStore> m_store;
    QPointer<QWidget> m_dialogParent;
    QThreadPool *m_pool = nullptr;
    std::shared_ptr<GuiPoster> m_poster;
    std::shared_ptr<GuiInteraction> m_interaction;
    std::shared_ptr<remote::RemoteHost> m_host;
    ConnectionState m_state = ConnectionState::NotConnected;
    QString m_stateMessage;
    QList<OpenCallback> m_openCallbacks;
    bool m_opening = false;
    quint64 m_openGeneration = 0; // bumped by cancel(): a stale open() result is ignored
    bool m_testing = false;
    quint64 m_factsId = 0;
    QPointer<DiagnosisJob> m_job;
    bool m_diagnosing = false; // from diagnose() until diagnosisFinished()
    int m_tasks = 0;           // runTask()s under way
    QTimer *m_reconnectTimer = nullptr;
    int m_reconnectAttempts = 0;
};

} // namespace gs::gui
