#include "remote/remotehost.h"

#include "ssh/sshsession.h"

#include <QCoreApplication>
#include <QPromise>

namespace gs::remote {

namespace {

void assertNotGuiThread()
{
    // Waiting on the network on the GUI thread would freeze the window.
    QCoreApplication *app = QCoreApplication::instance();
    Q_ASSERT_X(
            !(app && QThread::currentThread() == app->thread() && app->inherits("QGuiApplication")),
            "RemoteHost::run",
            "blocking run() called on the GUI thread");
    Q_UNUSED(app);
}

} // namespace

RemoteHost::RemoteHost(ssh::ConnectOptions options,
                       std::shared_ptr<ssh::SshInteraction> interaction,
                       QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_thread.setObjectName(QStringLiteral("ssh:") + m_options.host);
    m_session = new ssh::SshSession(m_options, std::move(interaction));
    m_session->moveToThread(&m_thread);
    connect(m_session,
            &ssh::SshSession::connectionLost,
            this,
            &RemoteHost::connectionLost,
            Qt::DirectConnection);
    m_thread.start();
}

RemoteHost::~RemoteHost()
{
    // The session's notifiers and timers belong to its thread: delete it there, then stop.
    ssh::SshSession *session = m_session;
    QMetaObject::invokeMethod(
            session, [session] { delete session; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QFuture<Result<ssh::SessionInfo>> RemoteHost::open()
{
    auto promise = std::make_shared<QPromise<Result<ssh::SessionInfo>>>();
    promise->start();
    QMetaObject::invokeMethod(m_session, [this, promise] {
        auto result = m_session->open();
        if (result) {
            QMutexLocker lock(&m_mutex);
            m_info = *result;
        }
        promise->addResult(std::move(result));
        promise->finish();
    });
    return promise->future();
}

ssh::SessionInfo RemoteHost::info() const
{
    QMutexLocker lock(&m_mutex);
    return m_info;
}

QFuture<Result<CommandResult>> RemoteHost::start(CommandRequest request, quint64 *id)
{
    const quint64 commandId = m_nextId++;
    if (id)
        *id = commandId;
    auto promise = std::make_shared<QPromise<Result<CommandResult>>>();
    promise->start();
    QMetaObject::invokeMethod(m_session,
                              [this, promise, commandId, request = std::move(request)]() mutable {
                                  auto deliver = [promise](Result<CommandResult> result) {
                                      promise->addResult(std::move(result));
                                      promise->finish();
                                  };
                                  if (!m_session->isOpen()) {
                                      auto opened = m_session->open();
                                      if (!opened) {
                                          deliver(opened.error());
                                          return;
                                      }
                                      QMutexLocker lock(&m_mutex);
                                      m_info = *opened;
                                  }
                                  m_session->submit(std::move(request), commandId, deliver);
                              });
    return promise->future();
}

QFuture<Result<CommandResult>> RemoteHost::start(const QString &command, quint64 *id)
{
    CommandRequest request;
    request.command = command;
    return start(std::move(request), id);
}

void RemoteHost::cancel(quint64 id)
{
    QMetaObject::invokeMethod(m_session, [this, id] { m_session->cancel(id); });
}

void RemoteHost::cancelAll()
{
    QMetaObject::invokeMethod(m_session, [this] {
        m_session->closeWithError(makeError(ErrorCode::Cancelled, QStringLiteral("Cancelled.")));
    });
}

Result<CommandResult> RemoteHost::run(CommandRequest request)
{
    assertNotGuiThread();
    return start(std::move(request)).result();
}

Result<CommandResult> RemoteHost::run(const QString &command, int timeoutMs)
{
    CommandRequest request;
    request.command = command;
    request.timeoutMs = timeoutMs;
    return run(std::move(request));
}

Result<CommandResult> RemoteHost::runPrivileged(const QString &command, int timeoutMs)
{
    CommandRequest request;
    request.command = command;
    request.timeoutMs = timeoutMs;
    request.privileged = true;
    return run(std::move(request));
}

bool RemoteHost::canRunPrivileged() const
{
    const ssh::Privilege privilege = info().privilege;
    return privilege == ssh::Privilege::Root || privilege == ssh::Privilege::SudoNoPassword
           || privilege == ssh::Privilege::SudoWithPassword;
}

} // namespace gs::remote
