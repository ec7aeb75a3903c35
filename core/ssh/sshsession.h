#pragma once

#include "ssh/connectoptions.h"
#include "ssh/execrequest.h"
#include "ssh/firstcommand.h"
#include "ssh/sessioninfo.h"
#include "ssh/sparechannels.h"
#include "ssh/sshhandles.h"
#include "ssh/sshinteraction.h"
#include "util/result.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>

class QSocketNotifier;
class QTimer;

namespace gs::ssh {

struct PendingExec;

// One SSH connection to one host. Lives in its own worker thread (libssh forbids using a session
// from two threads): every method must be called on that thread; RemoteHost does the hopping.
// After open(), commands run concurrently as separate exec channels, non-blocking, polled from
// the thread's event loop, at most ConnectOptions::maxChannels at once, the rest queued.
class SshSession : public QObject
{
    Q_OBJECT

public:
    SshSession(ConnectOptions options, std::shared_ptr<SshInteraction> interaction);
    ~SshSession() override;

    // Connects, verifies the host key, logs in and finds out how privileged commands can run.
    // Blocks this (worker) thread for up to the connect timeout plus the user's answers.
    Result<SessionInfo> open();
    bool isOpen() const;
    const SessionInfo &info() const { return m_info; }

    using Completion = std::function<void(Result<ExecResult>)>;
    // Queues a command; `done` is called exactly once, on this thread, when it finishes, fails,
    // times out or is cancelled.
    void submit(ExecRequest request, quint64 id, Completion done);
    void cancel(quint64 id);
    // Fails every running and queued command with the given error and closes the connection.
    void closeWithError(const Error &error);

Q_SIGNALS:
    // The connection ended on its own (dropped, dead peer); the next use reopens it.
    void connectionLost(const gs::Error &reason);

private:
    Result<QByteArray> execBlocking(const QString &command, const QByteArray &input, int *status);
    void probePrivilege();
    // Asks the user for the sudo password (up to three tries) and keeps it when sudo takes it.
    bool askSudoPassword(const QString &prompt);
    // sudo refused the password this session holds: drop it; privileged commands fail with
    // sudoRefusedError() until askSudoPassword() gets one that works.
    void forgetSudoPassword();
    Error sudoRefusedError() const;
    QString wrapPrivileged(const QString &command) const;
    void pump();
    void startQueued();
    bool step(PendingExec &exec); // false when finished
    void finish(PendingExec &exec, Result<ExecResult> result);
    void failSession(const Error &error);
    void sendKeepalive();
    // While commands run and nothing has arrived for a command limit, asks the server for a
    // channel: a live one answers (yes or no), a hung one does not, and the session fails as
    // "stopped answering" instead of waiting out a long command's own limit (an apply's is
    // minutes).
    void checkLiveness();
    // The errors a whole session fails with: the connection dropped, or the server went silent
    // (`how` says what showed it; empty for the commands caught in it).
    Error connectionLostError() const;
    Error stoppedAnswering(const QString &how) const;
    void updatePolling();

    ConnectOptions m_options;
    std::shared_ptr<SshInteraction> m_interaction;
    SessionPtr m_session;
    SessionInfo m_info;
    QByteArray m_sudoPassword;   // in memory only, for this session
    QByteArray m_sudoMarker;     // random prompt marker for sudo -S -p
    FirstCommand m_first;        // ConnectOptions::firstCommand's answer, from the login
    bool m_sudoRefused = false;  // the password stopped working mid-session
    bool m_sudoNotAsked = false; // declined or refused once: reconnects do not ask again
    int m_channelLimit = 8;      // lowered when the server refuses channels (MaxSessions)
    std::deque<std::unique_ptr<PendingExec>> m_queued;
    std::deque<std::unique_ptr<PendingExec>> m_active;
    QSocketNotifier *m_notifier = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_keepaliveTimer = nullptr;
    QElapsedTimer m_lastProgress; // any channel moved; a dead peer shows as none for too long
    ChannelPtr m_probe;           // checkLiveness()'s channel open, while it waits for the answer
    SpareChannels m_spares;       // opened ahead, so that a command skips the open's round trip
    QElapsedTimer m_probeStarted;
};

} // namespace gs::ssh
