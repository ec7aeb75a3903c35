// The SSH layer against the lab's real sshd: host keys, every login method, failures that a
// user meets (wrong password, dead or paused server), concurrency and quoting.

#include "labtest.h"

#include "checks/gatherer.h"
#include "remote/remotehost.h"
#include "util/shellquote.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <mutex>
#include <thread>

using namespace gs;
using gs::test::freePort;
using gs::test::LabTest;

namespace {

// Everything Gatescope logs while a test switches its categories on (any thread).
std::mutex g_logMutex;
QStringList g_log;

void captureLog(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    std::lock_guard lock(g_logMutex);
    g_log << QString::fromLatin1(context.category ? context.category : "") + QStringLiteral(": ")
                     + message;
}

// Answers like a scripted user and records what it was asked.
class ScriptedInteraction : public ssh::SshInteraction
{
public:
    ssh::HostKeyDecision decision = ssh::HostKeyDecision::Refuse;
    QString password;
    QString sudoPassword;
    QString passphrase;
    std::atomic<int> hostKeyQuestions{0};
    std::atomic<int> secretQuestions{0};

    ssh::HostKeyDecision askHostKey(const ssh::HostKeyInfo &) override
    {
        ++hostKeyQuestions;
        return decision;
    }
    std::optional<ssh::Secret> askSecret(const ssh::SecretRequest &request) override
    {
        ++secretQuestions;
        if (request.attempt > 1)
            return std::nullopt; // never loop on a refused secret
        QString value;
        switch (request.kind) {
        case ssh::SecretRequest::Kind::KeyPassphrase: value = passphrase; break;
        case ssh::SecretRequest::Kind::SudoPassword: value = sudoPassword; break;
        default: value = password; break;
        }
        if (value.isEmpty())
            return std::nullopt;
        return ssh::Secret{value, false};
    }
};

class SshTest : public LabTest
{
protected:
    ssh::ConnectOptions optionsFor(const QString &role) const
    {
        ssh::ConnectOptions options;
        options.host = lab().sshHost();
        options.port = lab().sshPort();
        const auto user = lab().user(role);
        options.user = user.name;
        if (!user.key.isEmpty())
            options.identityFiles << user.key;
        options.identitiesOnly = true;
        options.useAgent = false;
        options.knownHostsFile = lab().knownHostsPath();
        options.commandTimeoutMs = 15000;
        return options;
    }

    void requireRole(const QString &role)
    {
        if (!lab().hasUser(role))
            GTEST_SKIP() << "the lab has no '" << role.toStdString()
                         << "' user (it runs without root)";
    }

    static Result<ssh::SessionInfo> openHost(remote::RemoteHost &host)
    {
        return host.open().result();
    }
};

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return "<missing>";
    return file.readAll();
}

} // namespace

TEST_F(SshTest, KeyAuth_ConnectsAndRunsACommand)
{
    remote::RemoteHost host(optionsFor(QStringLiteral("key")));
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->authMethod, QStringLiteral("publickey"));
    EXPECT_EQ(opened->hostKey.fingerprint, lab().hostKeyFingerprint());
    auto result = host.run(QStringLiteral("echo out; echo err >&2; exit 3"));
    ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
    EXPECT_EQ(result->exitStatus, 3);
    EXPECT_EQ(result->stdOut, "out\n");
    EXPECT_EQ(result->stdErr, "err\n");
}

TEST_F(SshTest, PasswordAuth_UsesTheGivenPassword)
{
    requireRole(QStringLiteral("password"));
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->password = lab().user(QStringLiteral("password")).password;
    remote::RemoteHost host(optionsFor(QStringLiteral("password")), interaction);
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->authMethod, QStringLiteral("password"));
}

TEST_F(SshTest, KeyboardInteractive_AnswersThePrompt)
{
    requireRole(QStringLiteral("kbdint"));
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->password = lab().user(QStringLiteral("kbdint")).password;
    remote::RemoteHost host(optionsFor(QStringLiteral("kbdint")), interaction);
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->authMethod, QStringLiteral("keyboard-interactive"));
}

TEST_F(SshTest, EncryptedKey_AsksForThePassphrase)
{
    requireRole(QStringLiteral("passphrase_key"));
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->passphrase = lab().user(QStringLiteral("passphrase_key")).passphrase;
    remote::RemoteHost host(optionsFor(QStringLiteral("passphrase_key")), interaction);
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->authMethod, QStringLiteral("publickey"));
    EXPECT_GE(interaction->secretQuestions.load(), 1);
}

TEST_F(SshTest, AgentAuth_UsesTheTestsOwnAgent)
{
    QTemporaryDir dir;
    const QString socket = dir.filePath(QStringLiteral("agent.sock"));
    QProcess agent;
    agent.start(QStringLiteral("ssh-agent"), {QStringLiteral("-D"), QStringLiteral("-a"), socket});
    ASSERT_TRUE(agent.waitForStarted());
    const auto stopAgent = qScopeGuard([&agent] {
        agent.kill();
        agent.waitForFinished();
    });
    for (int i = 0; i < 100 && !QFile::exists(socket); ++i)
        QThread::msleep(50);
    auto add = run(QStringLiteral("ssh-add"), {lab().user(QStringLiteral("key")).key}, {}, [&] {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), socket);
        return env;
    }());
    ASSERT_EQ(add.exitCode, 0) << add.err.toStdString();

    const QByteArray previous = qgetenv("SSH_AUTH_SOCK");
    qputenv("SSH_AUTH_SOCK", QFile::encodeName(socket));
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.identityFiles.clear(); // only the agent knows the key
    options.useAgent = true;
    remote::RemoteHost host(options);
    auto opened = openHost(host);
    if (previous.isEmpty())
        qunsetenv("SSH_AUTH_SOCK");
    else
        qputenv("SSH_AUTH_SOCK", previous);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->authMethod, QStringLiteral("agent"));
}

TEST_F(SshTest, UnknownHostKey_RefusedWithoutAcceptNew_KnownHostsUntouched)
{
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
    QFile::copy(QStringLiteral("/dev/null"), knownHosts);
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.knownHostsFile = knownHosts;
    remote::RemoteHost host(options);
    auto opened = openHost(host);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::HostKeyUnknown);
    EXPECT_TRUE(opened.error().message.contains(lab().hostKeyFingerprint()));
    EXPECT_EQ(fileBytes(knownHosts), QByteArray());
}

TEST_F(SshTest, UnknownHostKey_AcceptNewRecordsIt_ThenStrictConnectWorks)
{
    QTemporaryDir dir;
    const QString knownHosts = dir.filePath(QStringLiteral("sub/known_hosts"));
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.knownHostsFile = knownHosts;
    options.unknownHostKey = ssh::UnknownHostKeyPolicy::AcceptNew;
    {
        remote::RemoteHost host(options);
        auto opened = openHost(host);
        ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    }
    EXPECT_TRUE(fileBytes(knownHosts).contains("ssh-ed25519"));
    options.unknownHostKey = ssh::UnknownHostKeyPolicy::Refuse;
    remote::RemoteHost again(options);
    auto opened = openHost(again);
    EXPECT_TRUE(opened.ok()) << opened.error().text().toStdString();
}

TEST_F(SshTest, UnknownHostKey_AskedAndRefused_IsHostKeyUnknown)
{
    QTemporaryDir dir;
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->decision = ssh::HostKeyDecision::Refuse;
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.knownHostsFile = dir.filePath(QStringLiteral("known_hosts"));
    options.unknownHostKey = ssh::UnknownHostKeyPolicy::Ask;
    remote::RemoteHost host(options, interaction);
    auto opened = openHost(host);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::HostKeyUnknown);
    EXPECT_EQ(interaction->hostKeyQuestions.load(), 1);
}

TEST_F(SshTest, ChangedHostKey_RefusedEvenWithAcceptNew)
{
    QTemporaryDir dir;
    // A different ed25519 key recorded for the lab's address: a changed key.
    const QString otherKey = dir.filePath(QStringLiteral("other"));
    ASSERT_EQ(run(QStringLiteral("ssh-keygen"),
                  {QStringLiteral("-q"),
                   QStringLiteral("-t"),
                   QStringLiteral("ed25519"),
                   QStringLiteral("-N"),
                   QString(),
                   QStringLiteral("-f"),
                   otherKey})
                      .exitCode,
              0);
    const QByteArray publicKey
            = fileBytes(otherKey + QStringLiteral(".pub")).split(' ').mid(0, 2).join(' ');
    const QString knownHosts = dir.filePath(QStringLiteral("known_hosts"));
    QFile file(knownHosts);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("[127.0.0.1]:" + QByteArray::number(lab().sshPort()) + ' ' + publicKey + '\n');
    file.close();
    const QByteArray before = fileBytes(knownHosts);

    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.knownHostsFile = knownHosts;
    options.unknownHostKey = ssh::UnknownHostKeyPolicy::AcceptNew;
    remote::RemoteHost host(options);
    auto opened = openHost(host);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::HostKeyChanged);
    EXPECT_TRUE(opened.error().hint.contains(QStringLiteral("ssh-keygen -R")));
    EXPECT_EQ(fileBytes(knownHosts), before);
}

TEST_F(SshTest, UserConfigStrictHostKeyCheckingNo_ChangesNothing)
{
    QTemporaryDir home;
    QDir(home.path()).mkpath(QStringLiteral(".ssh"));
    QFile config(home.filePath(QStringLiteral(".ssh/config")));
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write("Host *\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n");
    config.close();
    const QByteArray previousHome = qgetenv("HOME");
    qputenv("HOME", QFile::encodeName(home.path()));
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.knownHostsFile = home.filePath(QStringLiteral(".ssh/known_hosts"));
    remote::RemoteHost host(options);
    auto opened = openHost(host);
    qputenv("HOME", previousHome);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::HostKeyUnknown);
    EXPECT_FALSE(QFile::exists(options.knownHostsFile));
}

TEST_F(SshTest, WrongPassword_IsAuthFailed)
{
    requireRole(QStringLiteral("password"));
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->password = QStringLiteral("definitely-not-the-password");
    remote::RemoteHost host(optionsFor(QStringLiteral("password")), interaction);
    auto opened = openHost(host);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::AuthFailed);
}

TEST_F(SshTest, Unreachable_IsAClearError)
{
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.port = freePort(); // nothing listens there
    remote::RemoteHost host(options);
    auto opened = openHost(host);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, ErrorCode::Unreachable);
    EXPECT_FALSE(opened.error().hint.isEmpty());
}

TEST_F(SshTest, MissingExitStatus_IsAnErrorNotSuccess)
{
    remote::RemoteHost host(optionsFor(QStringLiteral("key")));
    ASSERT_TRUE(openHost(host).ok());
    // The shell kills itself: sshd reports an exit signal, never an exit status.
    auto result = host.run(QStringLiteral("kill -9 $$"));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::ProtocolError);
}

TEST_F(SshTest, HostileArguments_ComeBackByteExact)
{
    remote::RemoteHost host(optionsFor(QStringLiteral("key")));
    ASSERT_TRUE(openHost(host).ok());
    const QStringList hostile = {
            QStringLiteral("it's \"quoted\""),
            QStringLiteral("$(touch /tmp/gs-pwned)"),
            QStringLiteral("`id`"),
            QStringLiteral("a;b&&c||d|e"),
            QStringLiteral("line1\nline2\n"),
            QStringLiteral("-n"),
            QStringLiteral("--help"),
            QStringLiteral("grüße 日本語 🚀"),
            QStringLiteral("$HOME ${PATH} \\ * ~"),
            QString(),
    };
    for (const QString &argument : hostile) {
        auto result = host.run(
                gs::shellCommand(QStringLiteral("printf"), {QStringLiteral("%s"), argument}));
        ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
        EXPECT_EQ(result->stdOut, argument.toUtf8()) << argument.toStdString();
    }
    EXPECT_FALSE(QFile::exists(QStringLiteral("/tmp/gs-pwned")));
}

TEST_F(SshTest, ManyConcurrentCommands_OverOneSession)
{
    remote::RemoteHost host(optionsFor(QStringLiteral("key")));
    ASSERT_TRUE(openHost(host).ok());
    std::vector<QFuture<Result<remote::CommandResult>>> futures;
    for (int i = 0; i < 20; ++i) {
        remote::CommandRequest request;
        request.command = QStringLiteral("sleep 0.2; echo %1").arg(i);
        futures.push_back(host.start(request));
    }
    for (int i = 0; i < 20; ++i) {
        auto result = futures[static_cast<size_t>(i)].result();
        ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
        EXPECT_EQ(result->stdOut, QByteArray::number(i) + '\n');
    }
}

TEST_F(SshTest, ServerWithMaxSessions2_StillCompletes20ConcurrentCommands)
{
    // A second sshd from the lab's own config, allowing 2 sessions per connection.
    const QString labConfig = QDir(lab().dir()).filePath(QStringLiteral("ssh/sshd_config"));
    QByteArray config = fileBytes(labConfig);
    ASSERT_FALSE(config.startsWith("<missing>")) << labConfig.toStdString();
    const int port = freePort();
    QTemporaryDir dir;
    QList<QByteArray> lines = config.split('\n');
    for (QByteArray &line : lines) {
        if (line.startsWith("Port "))
            line = "Port " + QByteArray::number(port);
        else if (line.startsWith("PidFile "))
            line = "PidFile " + QFile::encodeName(dir.filePath(QStringLiteral("sshd.pid")));
    }
    lines.insert(1, "MaxSessions 2");
    const QString path = dir.filePath(QStringLiteral("sshd_config"));
    QFile out(path);
    ASSERT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(lines.join('\n'));
    out.close();
    QProcess sshd;
    sshd.start(QStringLiteral("/usr/sbin/sshd"),
               {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), path});
    ASSERT_TRUE(sshd.waitForStarted());
    // Stopped also when an assertion below ends the test early.
    const auto stopSshd = qScopeGuard([&sshd] {
        sshd.terminate();
        sshd.waitForFinished();
    });
    for (int i = 0; i < 100; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(port));
        if (probe.waitForConnected(100))
            break;
        QThread::msleep(50);
    }

    QTemporaryDir khDir;
    // With sudo: the sudo probe at login must get one of the two sessions, even though channels
    // are opened ahead (SpareChannels) at the same moment.
    ssh::ConnectOptions options = optionsFor(QStringLiteral("sudo_nopasswd"));
    options.port = port;
    options.knownHostsFile = khDir.filePath(QStringLiteral("known_hosts"));
    options.unknownHostKey = ssh::UnknownHostKeyPolicy::AcceptNew;
    {
        remote::RemoteHost host(options);
        ASSERT_TRUE(openHost(host).ok());
        EXPECT_EQ(host.info().privilege, ssh::Privilege::SudoNoPassword)
                << host.info().privilegeDetail.toStdString();
        auto root = host.runPrivileged(QStringLiteral("id -u"));
        ASSERT_TRUE(root.ok()) << root.error().text().toStdString();
        EXPECT_EQ(root->stdOut, QByteArray("0\n"));
        std::vector<QFuture<Result<remote::CommandResult>>> futures;
        for (int i = 0; i < 20; ++i)
            futures.push_back(host.start(QStringLiteral("echo %1").arg(i)));
        for (int i = 0; i < 20; ++i) {
            auto result = futures[static_cast<size_t>(i)].result();
            ASSERT_TRUE(result.ok()) << i << ": " << result.error().text().toStdString();
            EXPECT_EQ(result->stdOut, QByteArray::number(i) + '\n');
        }
    }
}

TEST_F(SshTest, SessionProcessKilledMidCommand_ClearErrorThenReconnects)
{
    remote::RemoteHost host(optionsFor(QStringLiteral("key")));
    ASSERT_TRUE(openHost(host).ok());
    // The shell's parent is the sshd process that holds this connection's socket.
    auto who = host.run(QStringLiteral("echo $PPID"));
    ASSERT_TRUE(who.ok());
    const int sshdPid = who->stdOut.trimmed().toInt();
    ASSERT_GT(sshdPid, 1);
    auto running = host.start(QStringLiteral("sleep 30"));
    QThread::msleep(300);
    ASSERT_EQ(::kill(sshdPid, SIGKILL), 0);
    auto result = running.result();
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().code == ErrorCode::Unreachable
                || result.error().code == ErrorCode::ProtocolError)
            << errorCodeName(result.error().code).toStdString();
    // The next use opens a new session by itself.
    auto again = host.run(QStringLiteral("echo back"));
    ASSERT_TRUE(again.ok()) << again.error().text().toStdString();
    EXPECT_EQ(again->stdOut, "back\n");
}

TEST_F(SshTest, PausedServer_TimesOutWithinTheCommandTimeout)
{
    ssh::ConnectOptions options = optionsFor(QStringLiteral("key"));
    options.commandTimeoutMs = 3000;
    remote::RemoteHost host(options);
    ASSERT_TRUE(openHost(host).ok());
    auto who = host.run(QStringLiteral("echo $PPID"));
    ASSERT_TRUE(who.ok());
    const int sshdPid = who->stdOut.trimmed().toInt();
    ASSERT_GT(sshdPid, 1);
    ASSERT_EQ(::kill(sshdPid, SIGSTOP), 0);
    auto result = host.run(QStringLiteral("echo never"));
    ::kill(sshdPid, SIGCONT);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::Timeout);
}

TEST_F(SshTest, SudoPassword_NeverAppearsInAnyCommandLine)
{
    requireRole(QStringLiteral("sudo_password"));
    const auto user = lab().user(QStringLiteral("sudo_password"));
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->sudoPassword = user.password;
    remote::RemoteHost host(optionsFor(QStringLiteral("sudo_password")), interaction);
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    ASSERT_EQ(opened->privilege, ssh::Privilege::SudoWithPassword)
            << opened->privilegeDetail.toStdString();

    std::atomic<bool> stop{false};
    std::atomic<int> leaks{0};
    std::atomic<int> scans{0};
    const QByteArray secret = user.password.toUtf8();
    std::thread watcher([&] {
        while (!stop) {
            for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
                QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
                if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(secret))
                    ++leaks;
            }
            ++scans;
        }
    });
    for (int i = 0; i < 5; ++i) {
        auto result = host.runPrivileged(QStringLiteral("id -u; sleep 0.3"));
        ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
        EXPECT_EQ(result->stdOut, "0\n");
        EXPECT_FALSE(result->stdErr.contains("gatescope-sudo")); // the prompt marker is removed
    }
    stop = true;
    watcher.join();
    EXPECT_GT(scans.load(), 0);
    EXPECT_EQ(leaks.load(), 0);
}

// A diagnosis batch goes as two bundles (with sudo, without): each command must still come back
// with its own output, status and time limit, whichever way sudo is reached.
static void expectBundledBatch(remote::RemoteHost &host)
{
    using checks::Gatherer;
    const QList<Gatherer::Command> batch{
            {QStringLiteral("root-id"), QStringLiteral("id -u"), true, -1},
            {QStringLiteral("root-fails"), QStringLiteral("echo oops >&2; exit 4"), true, -1},
            {QStringLiteral("root-slow"), QStringLiteral("echo begun; sleep 8"), true, 1000},
            {QStringLiteral("user-id"), QStringLiteral("id -u"), false, -1},
            {QStringLiteral("user-text"), QStringLiteral("printf 'a\nb'"), false, -1},
    };
    checks::RawObservations raw;
    Gatherer(host).run(batch, raw);
    ASSERT_EQ(raw.outputs.size(), batch.size());

    const auto *rootId = raw.get(QStringLiteral("root-id"));
    EXPECT_TRUE(rootId->ok()) << rootId->error.toStdString() << rootId->err.constData();
    EXPECT_EQ(rootId->out, "0\n");
    EXPECT_TRUE(rootId->privileged);
    EXPECT_EQ(rootId->command, QStringLiteral("id -u"));

    const auto *fails = raw.get(QStringLiteral("root-fails"));
    EXPECT_TRUE(fails->ran);
    EXPECT_EQ(fails->exitStatus, 4);
    EXPECT_EQ(fails->err, "oops\n");

    const auto *slow = raw.get(QStringLiteral("root-slow"));
    EXPECT_FALSE(slow->ran);
    EXPECT_TRUE(slow->error.contains(QStringLiteral("did not finish within 1 seconds")))
            << slow->error.toStdString();
    EXPECT_EQ(slow->out, "begun\n");

    const auto *userId = raw.get(QStringLiteral("user-id"));
    EXPECT_TRUE(userId->ok());
    EXPECT_NE(userId->out, "0\n");
    EXPECT_FALSE(userId->privileged);
    EXPECT_EQ(raw.get(QStringLiteral("user-text"))->out, "a\nb");
}

// Support switches the gatescope.* categories on (QT_LOGGING_RULES); what they write says what
// happened (connect, host key, login, sudo, each command) and never carries a secret: not the
// login password, not sudo's password, not a command's input.
TEST_F(SshTest, Logging_SaysWhatHappened_NeverASecret)
{
    requireRole(QStringLiteral("sudo_password"));
    requireRole(QStringLiteral("password"));
    {
        std::lock_guard lock(g_logMutex);
        g_log.clear();
    }
    QLoggingCategory::setFilterRules(QStringLiteral("gatescope.*.debug=true"));
    const QtMessageHandler previous = qInstallMessageHandler(captureLog);
    const auto restore = qScopeGuard([previous] {
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
    });
    const QByteArray input = "file-content-that-must-not-be-logged";
    {
        const auto sudoUser = lab().user(QStringLiteral("sudo_password"));
        auto interaction = std::make_shared<ScriptedInteraction>();
        interaction->sudoPassword = sudoUser.password;
        remote::RemoteHost host(optionsFor(QStringLiteral("sudo_password")), interaction);
        ASSERT_TRUE(openHost(host).ok());
        auto privileged = host.runPrivileged(QStringLiteral("id -u"));
        ASSERT_TRUE(privileged.ok()) << privileged.error().text().toStdString();
        remote::CommandRequest request;
        request.command = QStringLiteral("wc -c");
        request.stdinData = input;
        request.privileged = true; // sudo's password goes in ahead of the input
        auto withInput = host.run(request);
        ASSERT_TRUE(withInput.ok()) << withInput.error().text().toStdString();
    }
    {
        auto interaction = std::make_shared<ScriptedInteraction>();
        interaction->password = lab().user(QStringLiteral("password")).password;
        remote::RemoteHost host(optionsFor(QStringLiteral("password")), interaction);
        ASSERT_TRUE(openHost(host).ok());
    }
    std::lock_guard lock(g_logMutex);
    const QString all = g_log.join(QLatin1Char('\n'));
    EXPECT_TRUE(all.contains(QStringLiteral("gatescope.ssh: host key"))) << all.toStdString();
    EXPECT_TRUE(all.contains(QStringLiteral("gatescope.ssh: logged in as"))) << all.toStdString();
    EXPECT_TRUE(all.contains(QStringLiteral("sudo_password"))) << all.toStdString();
    EXPECT_TRUE(all.contains(QStringLiteral("gatescope.remote: run"))) << all.toStdString();
    EXPECT_TRUE(all.contains(QStringLiteral("wc -c"))) << all.toStdString();
    for (const QString &secret : {lab().user(QStringLiteral("sudo_password")).password,
                                  lab().user(QStringLiteral("password")).password,
                                  QString::fromLatin1(input)}) {
        ASSERT_FALSE(secret.isEmpty());
        EXPECT_FALSE(all.contains(secret)) << "logged: " << secret.toStdString();
    }
}

// Issue 14's fault "the sudo password changed between two commands": the admin changes it while
// Gatescope holds the old one. sudo then refuses it (and would read the command's own input as
// more attempts): the command must fail as "no longer accepts the password", never as the
// command's own failure or with its work half done, and the next command must ask again.
TEST_F(SshTest, SudoPasswordChangedMidSession_FailsClearly_AsksAgain)
{
    requireRole(QStringLiteral("sudo_password"));
    const auto user = lab().user(QStringLiteral("sudo_password"));
    const auto setPassword = [&](const QString &password) {
        return run(QStringLiteral("chpasswd"),
                   {},
                   (user.name + QLatin1Char(':') + password).toUtf8())
                .exitCode;
    };
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->sudoPassword = user.password;
    remote::RemoteHost host(optionsFor(QStringLiteral("sudo_password")), interaction);
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    ASSERT_EQ(opened->privilege, ssh::Privilege::SudoWithPassword);
    auto before = host.runPrivileged(QStringLiteral("id -u"));
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->stdOut, "0\n");

    const QString changed = QStringLiteral("changed-") + user.password;
    ASSERT_EQ(setPassword(changed), 0);
    const auto restore = qScopeGuard([&] { setPassword(user.password); });
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("site.conf"));
    QFile old(target);
    ASSERT_TRUE(old.open(QIODevice::WriteOnly) && old.write("old\n") == 4);
    old.close();

    // A write through sudo with input, as safe apply's is: sudo reads the input's lines as
    // more password attempts and runs nothing.
    remote::CommandRequest write;
    write.command = QStringLiteral("cat > %1").arg(gs::shellQuote(target));
    write.stdinData = "new line 1\nnew line 2\nnew line 3\n";
    write.privileged = true;
    const int asked = interaction->secretQuestions;
    auto refused = host.run(write);
    ASSERT_FALSE(refused.ok()) << "exit " << refused->exitStatus << ": "
                               << refused->stdErr.toStdString();
    EXPECT_EQ(refused.error().code, ErrorCode::PermissionDenied);
    EXPECT_TRUE(refused.error().message.contains(QStringLiteral("no longer accepts the password")))
            << refused.error().text().toStdString();
    EXPECT_FALSE(refused.error().text().contains(user.password));
    QFile after(target);
    ASSERT_TRUE(after.open(QIODevice::ReadOnly));
    EXPECT_EQ(after.readAll(), "old\n");
    EXPECT_EQ(interaction->secretQuestions, asked) << "nothing is asked while a command runs";

    // The user declines to give the new one: commands that need root fail at once, the same way;
    // commands that do not are unaffected.
    interaction->sudoPassword.clear();
    auto declined = host.runPrivileged(QStringLiteral("id -u"));
    ASSERT_FALSE(declined.ok());
    EXPECT_TRUE(declined.error().message.contains(QStringLiteral("no longer accepts")));
    EXPECT_EQ(interaction->secretQuestions, asked + 1);
    auto plain = host.run(QStringLiteral("echo still-here"));
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->stdOut, "still-here\n");

    // Given the new one, work goes on in the same session.
    interaction->sudoPassword = changed;
    auto again = host.runPrivileged(QStringLiteral("id -u"));
    ASSERT_TRUE(again.ok()) << again.error().text().toStdString();
    EXPECT_EQ(again->stdOut, "0\n");
    EXPECT_EQ(interaction->secretQuestions, asked + 2);
}

// Issue 11: "a login that cannot sudo is asked for a sudo password on every run". The app keeps
// one session per server; declined once, the question does not come back when that session
// reconnects (a dropped connection, a cancel).
TEST_F(SshTest, SudoPasswordDeclined_IsNotAskedAgainOnReconnect)
{
    requireRole(QStringLiteral("sudo_password"));
    auto interaction = std::make_shared<ScriptedInteraction>(); // no sudo password: declines
    remote::RemoteHost host(optionsFor(QStringLiteral("sudo_password")), interaction);
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->privilege, ssh::Privilege::SudoNeedsPassword);
    EXPECT_EQ(interaction->secretQuestions, 1);
    host.cancelAll(); // closes the connection: the next command reconnects
    auto again = host.run(QStringLiteral("echo again"));
    ASSERT_TRUE(again.ok()) << again.error().text().toStdString();
    EXPECT_EQ(again->stdOut, "again\n");
    EXPECT_EQ(interaction->secretQuestions, 1);
}

TEST_F(SshTest, DiagnosisBatch_BundledWithPasswordlessSudo_KeepsEachCommandApart)
{
    requireRole(QStringLiteral("sudo_nopasswd"));
    remote::RemoteHost host(optionsFor(QStringLiteral("sudo_nopasswd")));
    ASSERT_TRUE(openHost(host).ok());
    ASSERT_TRUE(host.canRunPrivileged());
    expectBundledBatch(host);
}

TEST_F(SshTest, DiagnosisBatch_BundledWithSudoPassword_KeepsEachCommandApart)
{
    requireRole(QStringLiteral("sudo_password"));
    auto interaction = std::make_shared<ScriptedInteraction>();
    interaction->sudoPassword = lab().user(QStringLiteral("sudo_password")).password;
    remote::RemoteHost host(optionsFor(QStringLiteral("sudo_password")), interaction);
    ASSERT_TRUE(openHost(host).ok());
    ASSERT_TRUE(host.canRunPrivileged());
    expectBundledBatch(host);
}

TEST_F(SshTest, NoSudoUser_IsReportedNotFatal)
{
    requireRole(QStringLiteral("nosudo"));
    remote::RemoteHost host(optionsFor(QStringLiteral("nosudo")));
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_TRUE(opened->privilege == ssh::Privilege::NoSudo
                || opened->privilege == ssh::Privilege::SudoNeedsPassword);
    EXPECT_FALSE(host.canRunPrivileged());
}

TEST_F(SshTest, PasswordlessSudo_RunsPrivileged)
{
    requireRole(QStringLiteral("sudo_nopasswd"));
    remote::RemoteHost host(optionsFor(QStringLiteral("sudo_nopasswd")));
    auto opened = openHost(host);
    ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
    EXPECT_EQ(opened->privilege, ssh::Privilege::SudoNoPassword);
    auto result = host.runPrivileged(QStringLiteral("id -u"));
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(result->stdOut, "0\n");
}

// ConnectOptions::firstCommand: run once, with the login, answered once, and the privilege the
// login finds is the same as without it, whoever logs in.
TEST_F(SshTest, FirstCommand_RidesWithTheLogin_AnsweredOnce_PrivilegeUnchanged)
{
    const QString counter = QDir::tempPath() + QStringLiteral("/gs-first-")
                            + QString::number(QRandomGenerator::global()->generate64(), 36);
    const auto cleanup = qScopeGuard([&] { QFile::remove(counter); });
    const QString first
            = QStringLiteral("echo x >> %1; wc -l < %1; printf 'no newline'; echo warn >&2; exit 3")
                      .arg(shellQuote(counter));
    struct Login
    {
        QString role;
        std::vector<ssh::Privilege> expected;
    };
    const std::vector<Login> logins{
            {QStringLiteral("sudo_nopasswd"), {ssh::Privilege::SudoNoPassword}},
            {QStringLiteral("sudo_password"), {ssh::Privilege::SudoWithPassword}},
            {QStringLiteral("nosudo"), {ssh::Privilege::NoSudo, ssh::Privilege::SudoNeedsPassword}},
            {QStringLiteral("root"), {ssh::Privilege::Root}},
            {QStringLiteral("key"), {}}, // whatever it is without a first command
    };
    int tried = 0;
    for (const Login &login : logins) {
        if (!lab().hasUser(login.role))
            continue;
        ++tried;
        SCOPED_TRACE(login.role.toStdString());
        QFile::remove(counter);
        auto interaction = std::make_shared<ScriptedInteraction>();
        interaction->sudoPassword = lab().user(login.role).password;
        ssh::ConnectOptions options = optionsFor(login.role);
        remote::RemoteHost plain(options, interaction);
        const auto without = openHost(plain);
        ASSERT_TRUE(without.ok()) << without.error().text().toStdString();

        options.firstCommand = first;
        remote::RemoteHost host(options, interaction);
        const auto opened = openHost(host);
        ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
        EXPECT_EQ(opened->privilege, without->privilege);
        if (!login.expected.empty()) {
            EXPECT_NE(std::find(login.expected.begin(), login.expected.end(), opened->privilege),
                      login.expected.end())
                    << opened->privilegeDetail.toStdString();
        }
        EXPECT_EQ(fileBytes(counter), "x\n"); // it ran at login, once

        auto answered = host.run(first);
        ASSERT_TRUE(answered.ok()) << answered.error().text().toStdString();
        EXPECT_EQ(answered->stdOut.trimmed(), "1\nno newline");
        EXPECT_TRUE(answered->stdOut.endsWith("no newline")) << answered->stdOut.toStdString();
        EXPECT_EQ(answered->stdErr, "warn\n");
        EXPECT_EQ(answered->exitStatus, 3);
        EXPECT_EQ(fileBytes(counter), "x\n"); // answered, not run again

        auto again = host.run(first); // the answer is given once
        ASSERT_TRUE(again.ok());
        EXPECT_EQ(again->stdOut, "2\nno newline");
        EXPECT_EQ(again->stdErr, "warn\n");
        EXPECT_EQ(again->exitStatus, 3);
    }
    EXPECT_GT(tried, 0);
}

TEST_F(SshTest, FirstCommand_NotAnsweredAfterAnotherCommandOrWithSudo)
{
    requireRole(QStringLiteral("sudo_nopasswd"));
    const QString first = QStringLiteral("id -u; echo $$");
    ssh::ConnectOptions options = optionsFor(QStringLiteral("sudo_nopasswd"));
    options.firstCommand = first;
    {
        // Something else first (a fix, a reload): the login's answer may be out of date.
        remote::RemoteHost host(options);
        ASSERT_TRUE(openHost(host).ok());
        ASSERT_TRUE(host.run(QStringLiteral("true")).ok());
        auto one = host.run(first);
        auto two = host.run(first);
        ASSERT_TRUE(one.ok() && two.ok());
        EXPECT_NE(one->stdOut, two->stdOut); // both ran: two shells, two pids
    }
    {
        // Asked with sudo: it must run as root, not be answered by the login's run.
        remote::RemoteHost host(options);
        ASSERT_TRUE(openHost(host).ok());
        auto privileged = host.runPrivileged(first);
        ASSERT_TRUE(privileged.ok());
        EXPECT_TRUE(privileged->stdOut.startsWith("0\n")) << privileged->stdOut.toStdString();
    }
}
