#include "labtest.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <memory>
#include <vector>

namespace gs::test {

namespace {

constexpr int kCommandTimeoutMs = 120000;

QStringList curlArgs(const QString &url)
{
    return {QStringLiteral("-s"),
            QStringLiteral("--noproxy"),
            QStringLiteral("*"),
            QStringLiteral("--max-time"),
            QStringLiteral("60"),
            QStringLiteral("-o"),
            QStringLiteral("/dev/null"),
            QStringLiteral("-w"),
            QStringLiteral("%{http_code}"),
            url};
}

LabTest::Http toHttp(QProcess &process)
{
    LabTest::Http http;
    if (!process.waitForFinished(kCommandTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return http;
    }
    http.curlExit = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    http.status = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    return http;
}

} // namespace

LabTest::Command LabTest::run(const QString &program,
                              const QStringList &args,
                              const QByteArray &stdinData,
                              const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, args);
    Command result;
    if (!process.waitForStarted()) {
        result.err = process.errorString();
        return result;
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    if (!process.waitForFinished(kCommandTimeoutMs)) {
        // What it printed until then says which step hung.
        process.kill();
        process.waitForFinished();
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QStringLiteral("timed out after %1 s; stderr until then:\n%2")
                             .arg(kCommandTimeoutMs / 1000)
                             .arg(QString::fromUtf8(process.readAllStandardError()));
        return result;
    }
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

LabTest::Http LabTest::httpGet(const QString &url)
{
    QProcess process;
    process.start(QStringLiteral("curl"), curlArgs(url));
    return toHttp(process);
}

QList<LabTest::Http> LabTest::httpGetConcurrently(const QStringList &urls)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (const QString &url : urls) {
        processes.push_back(std::make_unique<QProcess>());
        processes.back()->start(QStringLiteral("curl"), curlArgs(url));
    }
    QList<Http> results;
    for (auto &process : processes)
        results << toHttp(*process);
    return results;
}

qint64 LabTest::fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

QString LabTest::readFrom(const QString &path, qint64 offset)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() < offset)
        offset = 0; // rotated or truncated: everything is new
    file.seek(offset);
    return QString::fromUtf8(file.readAll());
}

QString
LabTest::waitForText(const QString &path, qint64 offset, const QString &needle, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QString text = readFrom(path, offset);
    while (!text.contains(needle) && !deadline.hasExpired()) {
        QThread::msleep(100);
        text = readFrom(path, offset);
    }
    return text;
}

void LabTest::SetUp()
{
    const LabEnv::RunResult reset = LabEnv::reset();
    ASSERT_TRUE(reset.ok()) << "gslab reset failed (is the lab running? ctest starts it with the "
                               "lab.start fixture):\n"
                            << reset.output.toStdString();
    auto loaded = LabEnv::load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().text().toStdString();
    m_lab = loaded.value();
}

void LabTest::TearDown()
{
    if (m_broke) {
        const LabEnv::RunResult reset = LabEnv::reset();
        EXPECT_TRUE(reset.ok()) << reset.output.toStdString();
    }
}

::testing::AssertionResult LabTest::breakLab(const QString &name)
{
    m_broke = true;
    const LabEnv::RunResult result = LabEnv::breakage(name);
    if (result.ok())
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "gslab break " << name.toStdString() << " failed: " << result.output.toStdString();
}

LabTest::Command LabTest::ssh(const QString &role,
                              const QString &remoteCommand,
                              const QStringList &extraOptions,
                              const QString &askpassSecret,
                              const QByteArray &stdinData) const
{
    const LabEnv::User user = lab().user(role);
    // ssh keeps the first value of an option: the caller's options go first to win.
    QStringList args = extraOptions;
    args << QStringList{QStringLiteral("-F"),
                        QStringLiteral("/dev/null"),
                        QStringLiteral("-p"),
                        QString::number(lab().sshPort()),
                        QStringLiteral("-o"),
                        QStringLiteral("UserKnownHostsFile=") + lab().knownHostsPath(),
                        QStringLiteral("-o"),
                        QStringLiteral("StrictHostKeyChecking=yes"),
                        QStringLiteral("-o"),
                        QStringLiteral("ConnectTimeout=20")};
    if (!user.key.isEmpty())
        args << QStringLiteral("-i") << user.key << QStringLiteral("-o")
             << QStringLiteral("IdentitiesOnly=yes");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QTemporaryDir askpassDir;
    if (askpassSecret.isEmpty()) {
        args << QStringLiteral("-o") << QStringLiteral("BatchMode=yes");
    } else {
        // OpenSSH asks SSH_ASKPASS for passwords, keyboard-interactive answers and passphrases;
        // the secret travels in the environment, never in argv.
        const QString script = askpassDir.filePath(QStringLiteral("askpass"));
        QFile file(script);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\nprintf '%s\\n' \"$GS_ASKPASS_SECRET\"\n");
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner
                            | QFileDevice::ExeOwner);
        env.insert(QStringLiteral("SSH_ASKPASS"), script);
        env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("force"));
        env.insert(QStringLiteral("GS_ASKPASS_SECRET"), askpassSecret);
        env.insert(QStringLiteral("DISPLAY"), QStringLiteral(":0"));
        args << QStringLiteral("-o") << QStringLiteral("NumberOfPasswordPrompts=1");
    }
    args << user.name + QLatin1Char('@') + lab().sshHost() << remoteCommand;
    return run(QStringLiteral("ssh"), args, stdinData, env);
}

LabTest::Command LabTest::nginxTest() const
{
    return run(lab().nginxBinary(), QStringList(lab().nginxArgs()) << QStringLiteral("-t"));
}

ssh::ConnectOptions LabTest::keyLogin(const QString &role) const
{
    ssh::ConnectOptions options;
    options.host = lab().sshHost();
    options.port = lab().sshPort();
    options.user = lab().user(role).name;
    options.identityFiles << lab().user(role).key;
    options.identitiesOnly = true;
    options.useAgent = false;
    options.knownHostsFile = lab().knownHostsPath();
    return options;
}

int freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace gs::test
