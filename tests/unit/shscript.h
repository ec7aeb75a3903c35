#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

// Helpers for the tests that run core/scripts/*.sh locally under sh: the script with its input on
// stdin, and a second holder of the host lock (flock(1), as another change would hold it).
namespace gs::test {

struct ShRun
{
    int exitCode = -1; // -1: did not finish within a minute
    QByteArray out;
    QByteArray err;
};

inline ShRun runSh(const QString &script, const QByteArray &input = {})
{
    QProcess sh;
    sh.start(QStringLiteral("sh"), {QStringLiteral("-c"), script});
    ShRun run;
    if (!sh.waitForStarted())
        return run;
    sh.write(input);
    sh.closeWriteChannel();
    if (!sh.waitForFinished(60000)) {
        sh.kill();
        sh.waitForFinished();
        return run;
    }
    run.exitCode = sh.exitStatus() == QProcess::NormalExit ? sh.exitCode() : -1;
    run.out = sh.readAllStandardOutput();
    run.err = sh.readAllStandardError();
    return run;
}

// Whether this machine has what the lock needs (flock from util-linux).
inline bool hasFlock()
{
    return QProcess::execute(QStringLiteral("sh"),
                             {QStringLiteral("-c"), QStringLiteral("command -v flock >/dev/null")})
           == 0;
}

// Another process holding the host lock until it is released or killed (a run that died).
class LockHolder
{
public:
    explicit LockHolder(const QString &lockFile)
        : m_process(std::make_unique<QProcess>())
    {
        // One process that is the holder: killing it closes the descriptor, as a dead run's does.
        m_process->start(QStringLiteral("sh"),
                         {QStringLiteral("-c"),
                          QStringLiteral("exec 9>>\"$0\" && flock 9 && exec sleep 60"),
                          lockFile});
        // Held once a non-blocking attempt fails (bounded: a broken flock fails the test).
        for (int i = 0; i < 100 && !m_held; ++i) {
            m_held = QProcess::execute(QStringLiteral("flock"),
                                       {QStringLiteral("-n"), lockFile, QStringLiteral("true")})
                     != 0;
            if (!m_held)
                m_process->waitForFinished(50);
        }
    }
    ~LockHolder() { kill(); }
    LockHolder(const LockHolder &) = delete;
    LockHolder &operator=(const LockHolder &) = delete;

    bool held() const { return m_held; }
    qint64 pid() const { return m_process->processId(); }
    // Ends the holder the way a dead run ends: killed, without unlocking anything.
    void kill()
    {
        if (m_process->state() == QProcess::NotRunning)
            return;
        m_process->kill();
        m_process->waitForFinished();
    }

private:
    std::unique_ptr<QProcess> m_process;
    bool m_held = false;
};

} // namespace gs::test
