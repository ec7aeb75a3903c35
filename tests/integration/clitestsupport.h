#pragma once

// Helpers the integration tests share for running gatescope-cli and touching lab files.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace gs::test {

// What a finished gatescope-cli run gave; json is stdout parsed when it was a JSON object.
struct CliRun
{
    int exitCode = -1;
    QJsonObject json;
    QString out;
    QString err;
};

inline QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeBytes(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

inline QString sha256(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

// A gatescope-cli run in the background, its stderr watched while it runs (to act at a given
// step, e.g. kill the connection halfway through an apply).
class RunningCli
{
public:
    RunningCli(const QStringList &args, const QProcessEnvironment &env)
    {
        m_process.setProcessEnvironment(env);
        m_process.start(QStringLiteral(GS_CLI_PATH), args);
        m_process.closeWriteChannel();
    }

    // Waits (bounded) until stderr holds a match of `pattern`; returns the first capture.
    QString waitForErr(const QRegularExpression &pattern, int timeoutMs = 90000)
    {
        QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            m_err += QString::fromUtf8(m_process.readAllStandardError());
            const auto match = pattern.match(m_err);
            if (match.hasMatch())
                return match.captured(1);
            if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
                return {};
            m_process.waitForReadyRead(200);
        }
    }

    // The exit code; -1 when it crashed or did not finish in time (then it is killed).
    int finish(int timeoutMs = 240000)
    {
        if (!m_process.waitForFinished(timeoutMs)) {
            m_process.kill();
            m_process.waitForFinished();
            return -1;
        }
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        m_out = QString::fromUtf8(m_process.readAllStandardOutput());
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    const QString &err() const { return m_err; }
    QJsonObject json() const { return QJsonDocument::fromJson(m_out.toUtf8()).object(); }

private:
    QProcess m_process;
    QString m_err;
    QString m_out;
};

} // namespace gs::test
