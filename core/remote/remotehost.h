#pragma once

#include "remote/commandrequest.h"
#include "ssh/connectoptions.h"
#include "ssh/sessioninfo.h"
#include "ssh/sshinteraction.h"
#include "util/result.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace gs::ssh {
class SshSession;
}

namespace gs::remote {

// A server reached over SSH: the public face of the SSH layer. Owns one SshSession in its own
// worker thread; every method here may be called from any thread. Futures resolve on the
// session's thread: continue them with QFuture::then(context, ...) to get back to yours.
// The blocking run() is for worker threads (checks, CLI), never for the GUI thread.
// A dropped connection is reopened on the next command (host key checked again).
class RemoteHost : public QObject
{
    Q_OBJECT

public:
    explicit RemoteHost(ssh::ConnectOptions options,
                        std::shared_ptr<ssh::SshInteraction> interaction = {},
                        QObject *parent = nullptr);
    ~RemoteHost() override;

    const ssh::ConnectOptions &options() const { return m_options; }

    // Connect, verify the host key, log in, probe sudo. Resolves at once when already open.
    QFuture<Result<ssh::SessionInfo>> open();
    // What open() found; empty before the first successful open.
    ssh::SessionInfo info() const;

    // Runs a command (opening the session first when needed). `id` receives a handle for cancel().
    QFuture<Result<CommandResult>> start(CommandRequest request, quint64 *id = nullptr);
    QFuture<Result<CommandResult>> start(const QString &command, quint64 *id = nullptr);
    void cancel(quint64 id);
    // Fails everything running or queued with `cancelled` and closes the connection.
    void cancelAll();

    // Blocking conveniences for worker threads.
    Result<CommandResult> run(CommandRequest request);
    Result<CommandResult> run(const QString &command, int timeoutMs = -1);
    Result<CommandResult> runPrivileged(const QString &command, int timeoutMs = -1);

    // True when privileged commands really run privileged (root or working sudo).
    bool canRunPrivileged() const;

Q_SIGNALS:
    void connectionLost(const gs::Error &reason);

private:
    ssh::ConnectOptions m_options;
    QThread m_thread;
    ssh::SshSession *m_session = nullptr; // lives in m_thread; deleted there
    std::atomic<quint64> m_nextId{1};
    mutable QMutex m_mutex;
    ssh::SessionInfo m_info;
};

} // namespace gs::remote
