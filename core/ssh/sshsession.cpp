#include "ssh/sshsession.h"

#include "ssh/authenticator.h"
#include "ssh/hostkeyverifier.h"
#include "util/logcategories.h"
#include "util/shellquote.h"

#include <QFile>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>

namespace gs::ssh {

struct PendingExec
{
    enum class State { Opening, Executing, Writing, Reading, WaitingForStatus };
    quint64 id = 0;
    ExecRequest request;
    QString command; // what actually runs (sudo-wrapped when privileged)
    QByteArray input;
    qsizetype inputOffset = 0;
    bool stripSudoPrompt = false;
    SshSession::Completion done;
    ChannelPtr channel;
    State state = State::Opening;
    QDeadlineTimer deadline;
    QElapsedTimer elapsed;
    QElapsedTimer running; // since the server accepted the command
    ExecResult result;
    bool requeue = false; // the server refused the channel; run it when another one ends
    bool spare = false;   // runs on a channel opened ahead (SpareChannels)
    int openRetries = 0;
    QDeadlineTimer retryAfter{0};
};

namespace {

constexpr int kPollIntervalMs = 5;
constexpr int kMaxOpenRetries = 20;
constexpr int kOpenRetryDelayMs = 20;

Error connectError(ssh_session session, const ConnectOptions &options)
{
    const QString detail = QString::fromUtf8(ssh_get_error(session));
    const QString target = options.displayName();
    const QString lower = detail.toLower();
    if (lower.contains(QLatin1String("timeout")) || lower.contains(QLatin1String("timed out"))) {
        return makeError(ErrorCode::Timeout,
                         QStringLiteral("%1 did not answer within %2 seconds.")
                                 .arg(target)
                                 .arg(options.connectTimeoutMs / 1000),
                         QStringLiteral("Check that the server is up and that a firewall lets "
                                        "you reach port %1.")
                                 .arg(options.port));
    }
    if (lower.contains(QLatin1String("refused")) || lower.contains(QLatin1String("no route"))
        || lower.contains(QLatin1String("unreachable"))
        || lower.contains(QLatin1String("failed to resolve"))
        || lower.contains(QLatin1String("name or service not known"))
        || lower.contains(QLatin1String("connection failed"))) {
        return makeError(ErrorCode::Unreachable,
                         QStringLiteral("Could not reach %1: %2").arg(target, detail),
                         QStringLiteral("Check the address and port, and that sshd runs on the "
                                        "server."));
    }
    return makeError(ErrorCode::ProtocolError,
                     QStringLiteral("The SSH handshake with %1 failed: %2").arg(target, detail),
                     QStringLiteral("Check that port %1 is an SSH server.").arg(options.port));
}

QByteArray randomMarker()
{
    // A prompt no command output will contain, so it can be found and removed from stderr.
    return "[gatescope-sudo-" + QByteArray::number(QRandomGenerator::system()->generate64(), 36)
           + "]";
}

} // namespace

SshSession::SshSession(ConnectOptions options, std::shared_ptr<SshInteraction> interaction)
    : m_options(std::move(options))
    , m_interaction(std::move(interaction))
    , m_sudoMarker(randomMarker())
    , m_first(m_options.firstCommand)
    , m_channelLimit(std::max(1, m_options.maxChannels))
{}

SshSession::~SshSession()
{
    closeWithError(makeError(ErrorCode::Cancelled, QStringLiteral("The connection was closed.")));
}

bool SshSession::isOpen() const
{
    return m_session && ssh_is_connected(m_session.get());
}

Result<SessionInfo> SshSession::open()
{
    if (isOpen())
        return m_info;
    closeWithError(makeError(ErrorCode::Cancelled, QStringLiteral("Reconnecting.")));
    m_session.reset(ssh_new());
    if (!m_session)
        return makeError(ErrorCode::ProtocolError, QStringLiteral("libssh could not start."));
    ssh_session session = m_session.get();

    const QByteArray host = m_options.host.toUtf8();
    const QByteArray user = m_options.user.toUtf8();
    const QByteArray knownHosts = QFile::encodeName(HostKeyVerifier::knownHostsPath(m_options));
    const unsigned int port = static_cast<unsigned int>(m_options.port);
    const long timeoutSeconds = std::max(1, m_options.connectTimeoutMs / 1000);
    // The user's ssh_config is parsed by us, never by libssh: in libssh 0.10 a
    // "StrictHostKeyChecking no" there would make an unknown host key read as trusted.
    const int no = 0;
    const int yes = 1;
    ssh_options_set(session, SSH_OPTIONS_PROCESS_CONFIG, &no);
    ssh_options_set(session, SSH_OPTIONS_STRICTHOSTKEYCHECK, &yes);
    ssh_options_set(session, SSH_OPTIONS_HOST, host.constData());
    ssh_options_set(session, SSH_OPTIONS_PORT, &port);
    if (!user.isEmpty())
        ssh_options_set(session, SSH_OPTIONS_USER, user.constData());
    ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, knownHosts.constData());
    ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeoutSeconds);

    qCDebug(lcSsh).noquote() << "connecting to" << m_options.displayName() << "known hosts"
                             << HostKeyVerifier::knownHostsPath(m_options);
    if (ssh_connect(session) != SSH_OK) {
        Error error = connectError(session, m_options);
        qCInfo(lcSsh).noquote() << "connect failed:" << error.text();
        m_session.reset();
        return error;
    }
    auto hostKey = HostKeyVerifier(session, m_options, m_interaction.get()).verify();
    if (!hostKey) {
        qCInfo(lcSsh).noquote() << "host key refused:" << hostKey.error().text();
        m_session.reset();
        return hostKey.error();
    }
    qCDebug(lcSsh).noquote() << "host key" << hostKey->keyType << hostKey->fingerprint
                             << "verified";
    auto method = Authenticator(session, m_options, m_interaction.get()).authenticate();
    if (!method) {
        qCInfo(lcSsh).noquote() << "login failed:" << method.error().text();
        m_session.reset();
        return method.error();
    }
    char *rawUser = nullptr;
    ssh_options_get(session, SSH_OPTIONS_USER, &rawUser);
    m_info = SessionInfo{};
    m_info.user = QString::fromUtf8(rawUser);
    ssh_string_free_char(rawUser);
    m_info.serverBanner = QString::fromUtf8(ssh_get_serverbanner(session));
    m_info.authMethod = *method;
    m_info.hostKey = *hostKey;
    // The first commands' channels open while sudo is probed: their round trips overlap.
    ssh_set_blocking(session, 0);
    m_spares.fill(session, m_channelLimit);
    ssh_set_blocking(session, 1);
    probePrivilege();
    qCDebug(lcSsh).noquote() << "logged in as" << m_info.user << "by" << m_info.authMethod
                             << "privilege" << privilegeName(m_info.privilege);

    // From here on the session is driven from the event loop.
    ssh_set_blocking(session, 0);
    m_notifier = new QSocketNotifier(ssh_get_fd(session), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SshSession::pump);
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(kPollIntervalMs);
    connect(m_pollTimer, &QTimer::timeout, this, &SshSession::pump);
    m_keepaliveTimer = new QTimer(this);
    m_keepaliveTimer->setInterval(m_options.keepaliveIntervalMs);
    connect(m_keepaliveTimer, &QTimer::timeout, this, &SshSession::sendKeepalive);
    m_keepaliveTimer->start();
    m_lastProgress.start();
    updatePolling();
    return m_info;
}

Result<QByteArray>
SshSession::execBlocking(const QString &command, const QByteArray &input, int *status)
{
    ssh_session session = m_session.get();
    // A spare first: a server allowing one or two sessions (MaxSessions) may have given them to
    // the spares, and a fresh channel would be refused. Blocking, its open simply completes.
    SpareChannels::Taken spare = m_spares.take();
    ChannelPtr channel
            = spare.channel ? std::move(spare.channel) : ChannelPtr(ssh_channel_new(session));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK
        || ssh_channel_request_exec(channel.get(), command.toUtf8().constData()) != SSH_OK) {
        return makeError(ErrorCode::ProtocolError,
                         QStringLiteral("Could not run a command: %1")
                                 .arg(QString::fromUtf8(ssh_get_error(session))));
    }
    if (!input.isEmpty())
        ssh_channel_write(channel.get(), input.constData(), static_cast<uint32_t>(input.size()));
    ssh_channel_send_eof(channel.get());
    QByteArray output;
    char buffer[4096];
    for (int stream : {0, 1}) {
        for (;;) {
            const int n = ssh_channel_read_timeout(
                    channel.get(), buffer, sizeof buffer, stream, m_options.commandTimeoutMs);
            if (n <= 0)
                break;
            output.append(buffer, n);
        }
    }
    *status = ssh_channel_get_exit_status(channel.get());
    return output;
}

void SshSession::probePrivilege()
{
    m_sudoRefused = false;
    int status = -1;
    // The caller's first command rides along: its answer waits in m_first (submit()).
    auto probe = execBlocking(
            m_first.wrap(QStringLiteral("id -u; sudo -n true 2>&1; echo \"sudo-rc=$?\"")),
            {},
            &status);
    if (!probe) {
        m_info.privilege = Privilege::Unknown;
        m_info.privilegeDetail = probe.error().message;
        return;
    }
    const QByteArray out = m_first.split(*probe);
    if (out.startsWith("0\n")) {
        m_info.privilege = Privilege::Root;
        return;
    }
    if (m_options.sudo == ConnectOptions::Sudo::Never) {
        m_info.privilege = Privilege::NoSudo;
        m_info.privilegeDetail = QStringLiteral("sudo is turned off for this server.");
        return;
    }
    if (out.contains("sudo-rc=0")) {
        m_info.privilege = Privilege::SudoNoPassword;
        return;
    }
    if (out.contains("sudo-rc=127") || out.contains("not found")) {
        m_info.privilege = Privilege::NoSudo;
        m_info.privilegeDetail = QStringLiteral("sudo is not installed on the server.");
        return;
    }
    if (!out.contains("password is required")) {
        m_info.privilege = Privilege::NoSudo;
        m_info.privilegeDetail
                = QStringLiteral("%1 may not use sudo on this server.").arg(m_info.user);
        return;
    }
    m_info.privilege = Privilege::SudoNeedsPassword;
    m_info.privilegeDetail = QStringLiteral("sudo needs %1's password; checks that need root "
                                            "will be skipped without it.")
                                     .arg(m_info.user);
    // Asked once per login: a user who declined, or a login sudo refuses, is not asked again
    // when the session reconnects.
    if (m_sudoNotAsked)
        return;
    if (!askSudoPassword(QStringLiteral("sudo password for %1").arg(m_info.user)))
        m_sudoNotAsked = true;
}

bool SshSession::askSudoPassword(const QString &prompt)
{
    if (!m_interaction)
        return false;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        SecretRequest request;
        request.kind = SecretRequest::Kind::SudoPassword;
        request.target = m_options.displayName();
        request.prompt = prompt;
        request.attempt = attempt;
        const auto secret = m_interaction->askSecret(request);
        if (!secret)
            return false;
        const QByteArray password = secret->value.toUtf8();
        // The password goes on stdin after our random prompt, never into argv.
        int status = -1;
        auto check = execBlocking(QStringLiteral("sudo -S -p %1 true 2>&1; echo \"sudo-rc=$?\"")
                                          .arg(gs::shellQuote(QString::fromLatin1(m_sudoMarker))),
                                  password + '\n',
                                  &status);
        if (check && check->contains("sudo-rc=0")) {
            m_sudoPassword = password;
            m_sudoRefused = false;
            m_info.privilege = Privilege::SudoWithPassword;
            m_info.privilegeDetail.clear();
            return true;
        }
        if (check && (check->contains("not in the sudoers") || check->contains("may not run"))) {
            m_info.privilege = Privilege::NoSudo;
            m_info.privilegeDetail = QStringLiteral("%1 is not allowed to use sudo on this server "
                                                    "(not in the sudoers file).")
                                             .arg(m_info.user);
            return false;
        }
        m_interaction->secretRejected(request);
    }
    return false;
}

QString SshSession::wrapPrivileged(const QString &command) const
{
    switch (m_info.privilege) {
    case Privilege::Root:
    case Privilege::Unknown:
    case Privilege::NoSudo:
    case Privilege::SudoNeedsPassword: return command;
    case Privilege::SudoNoPassword:
        return QStringLiteral("sudo -n -- sh -c %1").arg(gs::shellQuote(command));
    case Privilege::SudoWithPassword:
        return QStringLiteral("sudo -S -p %1 -- sh -c %2")
                .arg(gs::shellQuote(QString::fromLatin1(m_sudoMarker)), gs::shellQuote(command));
    }
    return command;
}

void SshSession::submit(ExecRequest request, quint64 id, Completion done)
{
    if (std::optional<ExecResult> early = m_first.take(request)) {
        qCDebug(lcRemote).noquote()
                << "answered" << id << "from the login's round trip:"
                << (request.label.isEmpty() ? request.command.left(300) : request.label);
        done(std::move(*early));
        return;
    }
    // Asked only while nothing runs: the question blocks this thread, as it does in open().
    if (request.privileged && m_sudoRefused && isOpen() && m_active.empty() && m_queued.empty()) {
        ssh_set_blocking(m_session.get(), 1); // as in open(): the check below waits for sudo
        askSudoPassword(
                QStringLiteral("The sudo password for %1 has changed: enter the current one")
                        .arg(m_info.user));
        ssh_set_blocking(m_session.get(), 0);
    }
    auto exec = std::make_unique<PendingExec>();
    exec->id = id;
    exec->command = request.privileged ? wrapPrivileged(request.command) : request.command;
    exec->input = request.stdinData;
    if (request.privileged && m_info.privilege == Privilege::SudoWithPassword) {
        exec->input.prepend(m_sudoPassword + '\n');
        exec->stripSudoPrompt = true;
    }
    const int timeout = request.timeoutMs > 0 ? request.timeoutMs : m_options.commandTimeoutMs;
    exec->deadline = QDeadlineTimer(timeout);
    exec->request = std::move(request);
    exec->done = std::move(done);
    if (!isOpen()) {
        finish(*exec,
               makeError(ErrorCode::Unreachable,
                         QStringLiteral("Not connected to %1.").arg(m_options.displayName())));
        return;
    }
    if (exec->request.privileged && m_sudoRefused) {
        finish(*exec, sudoRefusedError());
        return;
    }
    // The command, never its input: that may be a file being written or sudo's password.
    qCDebug(lcRemote).noquote() << "run" << id << (exec->request.privileged ? "(privileged)" : "")
                                << (exec->request.label.isEmpty() ? exec->request.command.left(300)
                                                                  : exec->request.label);
    m_queued.push_back(std::move(exec));
    startQueued();
    pump();
}

void SshSession::cancel(quint64 id)
{
    auto fail = [this, id](std::deque<std::unique_ptr<PendingExec>> &list) {
        for (auto it = list.begin(); it != list.end(); ++it) {
            if ((*it)->id == id) {
                finish(**it, makeError(ErrorCode::Cancelled, QStringLiteral("Cancelled.")));
                list.erase(it);
                return true;
            }
        }
        return false;
    };
    if (!fail(m_queued))
        fail(m_active);
    startQueued();
    updatePolling();
}

void SshSession::startQueued()
{
    while (!m_queued.empty() && static_cast<int>(m_active.size()) < m_channelLimit) {
        if (!m_queued.front()->retryAfter.hasExpired())
            break;
        std::unique_ptr<PendingExec> exec = std::move(m_queued.front());
        m_queued.pop_front();
        exec->elapsed.start();
        // Spares first, open or still opening: they hold sessions the server counts.
        if (SpareChannels::Taken spare = m_spares.take(); spare.channel) {
            exec->channel = std::move(spare.channel);
            exec->state = spare.open ? PendingExec::State::Executing : PendingExec::State::Opening;
            exec->spare = true;
            m_active.push_back(std::move(exec));
            continue;
        }
        exec->channel.reset(ssh_channel_new(m_session.get()));
        if (!exec->channel) {
            finish(*exec,
                   makeError(ErrorCode::ProtocolError,
                             QStringLiteral("Could not open an SSH channel.")));
            continue;
        }
        m_active.push_back(std::move(exec));
    }
    updatePolling();
}

void SshSession::pump()
{
    if (!m_session)
        return;
    for (auto it = m_active.begin(); it != m_active.end();) {
        PendingExec &exec = **it;
        if (exec.deadline.hasExpired()) {
            // Silent since the server last said anything about this command (its acceptance,
            // or before the channel opened): the accept's own reply must not hide a pause
            // that came right after it.
            const qint64 waited
                    = exec.running.isValid() ? exec.running.elapsed() : exec.elapsed.elapsed();
            const bool peerSilent = m_lastProgress.elapsed() >= std::max<qint64>(waited, 1000);
            const QString what
                    = exec.request.label.isEmpty() ? exec.request.command : exec.request.label;
            if (peerSilent) {
                // Nothing at all arrived while this command waited: the server stopped answering
                // (paused, or the network dropped without a reset). Everything on it fails so.
                finish(exec,
                       stoppedAnswering(QStringLiteral("nothing arrived for %1 seconds while it "
                                                       "ran %2")
                                                .arg(waited / 1000)
                                                .arg(what)));
                it = m_active.erase(it);
                failSession(stoppedAnswering({}));
                return;
            }
            finish(exec,
                   makeError(ErrorCode::Timeout,
                             QStringLiteral("The command did not finish within %1 seconds: %2")
                                     .arg(exec.elapsed.elapsed() / 1000)
                                     .arg(what),
                             QStringLiteral("The server may be overloaded; try again or raise "
                                            "the timeout.")));
            it = m_active.erase(it);
            continue;
        }
        if (!step(exec)) {
            if (exec.requeue) {
                exec.requeue = false;
                exec.state = PendingExec::State::Opening;
                m_queued.push_front(std::move(*it));
            }
            it = m_active.erase(it);
            continue;
        }
        if (!m_session)
            return; // step() found the connection dead and failed everything
        ++it;
    }
    checkLiveness();
    if (!m_session)
        return;
    startQueued();
    // Only while busy: the next round's channels open during this one; an idle connection keeps
    // no more than what the last round left (and lets those go, see sendKeepalive).
    if (!m_active.empty())
        m_spares.fill(m_session.get(),
                      m_channelLimit - static_cast<int>(m_active.size()) - m_spares.count());
}

bool SshSession::step(PendingExec &exec)
{
    ssh_channel channel = exec.channel.get();
    auto channelError = [&](const QString &what) {
        if (!ssh_is_connected(m_session.get())) {
            failSession(connectionLostError());
            return true; // failSession finished this one too; the list is gone
        }
        finish(exec,
               makeError(ErrorCode::ProtocolError,
                         QStringLiteral("%1: %2").arg(
                                 what, QString::fromUtf8(ssh_get_error(m_session.get())))));
        return false;
    };

    for (;;) {
        switch (exec.state) {
        case PendingExec::State::Opening: {
            const int rc = ssh_channel_open_session(channel);
            if (rc == SSH_AGAIN)
                return true;
            if (rc != SSH_OK) {
                if (ssh_is_connected(m_session.get()) && exec.openRetries < kMaxOpenRetries) {
                    // The server allows fewer sessions per connection than we tried (sshd's
                    // MaxSessions), or has not yet seen our last close: use as many channels as
                    // are open now and queue this command again, a little later.
                    int open = 0;
                    for (const auto &other : m_active)
                        open += other.get() != &exec && other->state != PendingExec::State::Opening;
                    open += m_spares.count(); // they hold sessions too
                    m_channelLimit = std::max(1, open);
                    ++exec.openRetries;
                    exec.retryAfter = QDeadlineTimer(kOpenRetryDelayMs * exec.openRetries);
                    exec.channel.reset();
                    exec.requeue = true;
                    return false;
                }
                return channelError(QStringLiteral("Could not open a channel"));
            }
            m_lastProgress.restart();
            exec.state = PendingExec::State::Executing;
            break;
        }
        case PendingExec::State::Executing: {
            const int rc = ssh_channel_request_exec(channel, exec.command.toUtf8().constData());
            if (rc == SSH_AGAIN)
                return true;
            if (rc != SSH_OK && exec.spare && ssh_is_connected(m_session.get())) {
                // A channel opened ahead that the server closed meanwhile: open a fresh one.
                exec.spare = false;
                exec.channel.reset(ssh_channel_new(m_session.get()));
                channel = exec.channel.get();
                exec.state = PendingExec::State::Opening;
                break;
            }
            if (rc != SSH_OK)
                return channelError(QStringLiteral("The server refused to run the command"));
            m_lastProgress.restart();
            exec.running.start();
            exec.state = PendingExec::State::Writing;
            break;
        }
        case PendingExec::State::Writing: {
            if (exec.inputOffset < exec.input.size()) {
                const int n = ssh_channel_write(
                        channel,
                        exec.input.constData() + exec.inputOffset,
                        static_cast<uint32_t>(exec.input.size() - exec.inputOffset));
                if (n == SSH_ERROR)
                    return channelError(QStringLiteral("Could not send input"));
                exec.inputOffset += n;
                if (exec.inputOffset < exec.input.size())
                    return true;
            }
            ssh_channel_send_eof(channel);
            exec.state = PendingExec::State::Reading;
            break;
        }
        case PendingExec::State::Reading: {
            char buffer[16384];
            bool any = false;
            for (int stream : {0, 1}) {
                for (;;) {
                    const int n
                            = ssh_channel_read_nonblocking(channel, buffer, sizeof buffer, stream);
                    if (n == SSH_ERROR)
                        return channelError(QStringLiteral("Reading the command's output failed"));
                    if (n <= 0)
                        break;
                    any = true;
                    exec.result.bytesReceived += n;
                    if (stream == 0 && exec.request.onStdout) {
                        exec.request.onStdout(QByteArray(buffer, n));
                        continue;
                    }
                    QByteArray &target = stream == 0 ? exec.result.stdOut : exec.result.stdErr;
                    bool &truncated = stream == 0 ? exec.result.stdOutTruncated
                                                  : exec.result.stdErrTruncated;
                    const qint64 room = exec.request.maxOutputBytes - target.size();
                    if (room < n)
                        truncated = true;
                    if (room > 0)
                        target.append(buffer, static_cast<qsizetype>(std::min<qint64>(room, n)));
                }
            }
            if (any)
                m_lastProgress.restart();
            if (!ssh_channel_is_eof(channel) && !ssh_channel_is_closed(channel))
                return true;
            exec.state = PendingExec::State::WaitingForStatus;
            break;
        }
        case PendingExec::State::WaitingForStatus: {
            const int status = ssh_channel_get_exit_status(channel);
            if (status >= 0) {
                ExecResult result = std::move(exec.result);
                result.exitStatus = status;
                finish(exec, std::move(result));
                return false;
            }
            if (ssh_channel_is_closed(channel) || !ssh_is_connected(m_session.get())) {
                // libssh reports -1 both for "no status sent" and for errors: never success.
                finish(exec,
                       makeError(ErrorCode::ProtocolError,
                                 QStringLiteral("The command ended without an exit status (it "
                                                "may have been killed by a signal): %1")
                                         .arg(exec.request.label.isEmpty() ? exec.request.command
                                                                           : exec.request.label)));
                return false;
            }
            return true;
        }
        }
    }
}

void SshSession::finish(PendingExec &exec, Result<ExecResult> result)
{
    if (result.ok()) {
        result->durationMs = exec.elapsed.isValid() ? exec.elapsed.elapsed() : 0;
        // sudo prompts once; a second prompt means it refused the password (changed since the
        // session began) and nothing ran.
        if (exec.stripSudoPrompt && result->stdErr.count(m_sudoMarker) > 1) {
            forgetSudoPassword();
            result = sudoRefusedError();
        } else if (exec.stripSudoPrompt) {
            const qsizetype at = result->stdErr.indexOf(m_sudoMarker);
            if (at >= 0)
                result->stdErr.remove(at, m_sudoMarker.size());
        }
    }
    if (exec.channel) {
        if (m_session && ssh_is_connected(m_session.get())
            && !ssh_channel_is_closed(exec.channel.get()))
            ssh_channel_close(exec.channel.get());
        exec.channel.reset();
    }
    if (result.ok())
        qCDebug(lcRemote).noquote() << "done" << exec.id << "exit" << result->exitStatus << "in"
                                    << result->durationMs << "ms";
    else
        qCDebug(lcRemote).noquote() << "failed" << exec.id << result.error().text();
    if (exec.done) {
        auto done = std::move(exec.done);
        exec.done = nullptr;
        done(std::move(result));
    }
}

void SshSession::failSession(const Error &error)
{
    closeWithError(error);
    Q_EMIT connectionLost(error);
}

void SshSession::forgetSudoPassword()
{
    qCInfo(lcSsh).noquote() << "sudo refused the password it was given; it is forgotten";
    m_sudoPassword.fill('\0');
    m_sudoPassword.clear();
    m_sudoRefused = true;
    m_info.privilegeDetail = sudoRefusedError().message;
}

Error SshSession::sudoRefusedError() const
{
    return makeError(ErrorCode::PermissionDenied,
                     QStringLiteral("sudo on %1 no longer accepts the password given for %2 (it "
                                    "may have been changed since this session began). Nothing "
                                    "was run with it.")
                             .arg(m_options.displayName(), m_info.user),
                     QStringLiteral("Gatescope asks for the current sudo password before the next "
                                    "command that needs root; until it has it, such commands are "
                                    "not run."));
}

Error SshSession::connectionLostError() const
{
    return makeError(ErrorCode::Unreachable,
                     QStringLiteral("The connection to %1 was lost.").arg(m_options.displayName()),
                     QStringLiteral("It will be reopened on the next use."));
}

Error SshSession::stoppedAnswering(const QString &how) const
{
    return makeError(
            ErrorCode::Timeout,
            how.isEmpty()
                    ? QStringLiteral("%1 stopped answering.").arg(m_options.displayName())
                    : QStringLiteral("%1 stopped answering: %2.").arg(m_options.displayName(), how),
            QStringLiteral("Check that the server is up and not overloaded, then try "
                           "again; the connection is reopened then."));
}

void SshSession::checkLiveness()
{
    const qint64 limit = std::max(m_options.commandTimeoutMs, 2000);
    if (m_active.empty()) {
        m_probe.reset();
        return;
    }
    if (!m_probe) {
        if (m_lastProgress.elapsed() < limit)
            return;
        m_probe.reset(ssh_channel_new(m_session.get()));
        m_probeStarted.start();
        if (!m_probe)
            return;
    }
    const int rc = ssh_channel_open_session(m_probe.get());
    if (rc == SSH_AGAIN) {
        if (m_probeStarted.elapsed() < limit)
            return;
        m_probe.reset();
        failSession(stoppedAnswering(QStringLiteral("nothing arrived for %1 seconds, and it "
                                                    "did not answer a request for a new channel")
                                             .arg((m_lastProgress.elapsed() + 500) / 1000)));
        return;
    }
    // An answer, yes or no (a server at MaxSessions refuses): it is alive.
    m_probe.reset();
    if (rc == SSH_ERROR && !ssh_is_connected(m_session.get())) {
        failSession(connectionLostError());
        return;
    }
    m_lastProgress.restart();
}

void SshSession::closeWithError(const Error &error)
{
    if (m_session)
        qCDebug(lcSsh).noquote() << "session to" << m_options.displayName()
                                 << "closed:" << error.text();
    m_first.clear();
    auto active = std::move(m_active);
    auto queued = std::move(m_queued);
    m_active.clear();
    m_queued.clear();
    delete m_notifier;
    m_notifier = nullptr;
    delete m_pollTimer;
    m_pollTimer = nullptr;
    delete m_keepaliveTimer;
    m_keepaliveTimer = nullptr;
    // Channels go before the session that owns them.
    m_probe.reset();
    m_spares.clear();
    for (auto &exec : active)
        exec->channel.reset();
    m_session.reset();
    for (auto &exec : active)
        finish(*exec, error);
    for (auto &exec : queued)
        finish(*exec, error);
}

void SshSession::sendKeepalive()
{
    if (!m_session)
        return;
    m_spares.prune();
    // libssh 0.10 has no client keepalive; an ignore message keeps NAT state alive and makes a
    // dead connection show as a write error.
    if (ssh_send_ignore(m_session.get(), "keepalive") != SSH_OK
        || !ssh_is_connected(m_session.get())) {
        failSession(connectionLostError());
    }
}

void SshSession::updatePolling()
{
    const bool busy = !m_active.empty() || !m_queued.empty();
    if (m_notifier)
        m_notifier->setEnabled(busy);
    if (m_pollTimer) {
        if (busy && !m_pollTimer->isActive())
            m_pollTimer->start();
        else if (!busy)
            m_pollTimer->stop();
    }
}

} // namespace gs::ssh
