// The shell scripts of the diagnosis run by a local /bin/sh on files made in a temporary
// directory: what they print is what the models parse.

#include "checks/fpmmodel.h"
#include "checks/hostmodel.h"
#include "checks/initscriptreport.h"
#include "checks/remotescripts.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace remotescripts = gs::checks::remotescripts;

namespace {

QByteArray runShell(const QString &script)
{
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
    if (!sh.waitForFinished(20000)) {
        ADD_FAILURE() << "script did not finish";
        return {};
    }
    return sh.readAllStandardOutput();
}

void write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

TEST(RemoteScripts, FpmConfig_CatsMainFileAndEveryIncludeMatch)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    // A directory name a shell would split or expand, to prove the quoting.
    const QString root = dir.path() + QStringLiteral("/php 8.2 'fpm' $HOME");
    write(root + QStringLiteral("/php-fpm.conf"),
          QStringLiteral("[global]\nerror_log = /var/log/x.log\ninclude=%1/pool.d/*.conf ; pools\n")
                  .arg(root)
                  .toUtf8());
    write(root + QStringLiteral("/pool.d/a.conf"), "[a]\nlisten = /run/a.sock\n");
    write(root + QStringLiteral("/pool.d/b.conf"),
          "[b]\nlisten = 127.0.0.1:9001\ninclude=\"rel/*.inc\"\n");
    write(root + QStringLiteral("/pool.d/ignored.txt"), "[ignored]\n");
    write(dir.path() + QStringLiteral("/prefix/rel/c.inc"), "pm.max_children = 7\n");

    gs::checks::RawObservations raw;
    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = 0;
    output.out = runShell(remotescripts::fpmConfig(root + QStringLiteral("/php-fpm.conf"),
                                                   dir.path() + QStringLiteral("/prefix")));
    const QString config = root + QStringLiteral("/php-fpm.conf");
    raw.outputs.insert(QStringLiteral("fpmconf:") + config, output);
    gs::discovery::HostFacts facts;
    facts.fpm.masters.append({1, QStringLiteral("php-fpm8.2"), config, QStringLiteral("root")});
    const auto model
            = gs::checks::FpmModel::build(raw, facts, QDateTime::fromSecsSinceEpoch(0, Qt::UTC));
    ASSERT_EQ(model.instances.size(), 1);
    const auto &instance = model.instances.first();
    EXPECT_TRUE(instance.configRead) << output.out.constData();
    EXPECT_EQ(instance.files.size(), 4) << output.out.constData();
    ASSERT_NE(instance.conf.pool(QStringLiteral("a")), nullptr);
    ASSERT_NE(instance.conf.pool(QStringLiteral("b")), nullptr);
    EXPECT_EQ(instance.conf.pool(QStringLiteral("b"))->maxChildren(), 7);
    EXPECT_EQ(instance.conf.pool(QStringLiteral("ignored")), nullptr);
}

TEST(RemoteScripts, FpmConfig_MissingFileSaysSo)
{
    const QByteArray out
            = runShell(remotescripts::fpmConfig(QStringLiteral("/nonexistent/php-fpm.conf"), {}));
    EXPECT_TRUE(out.contains("@@unreadable /nonexistent/php-fpm.conf")) << out.constData();
}

TEST(RemoteScripts, ProcessLimits_ReportsThisProcess)
{
    const qint64 self = QCoreApplication::applicationPid();
    gs::checks::RawObservations raw;
    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = 0;
    output.out = runShell(remotescripts::processLimits({static_cast<int>(self)}));
    raw.outputs.insert(QStringLiteral("procs"), output);
    const auto host = gs::checks::HostModel::build(raw);
    const auto *me = host.process(self);
    ASSERT_NE(me, nullptr) << output.out.constData();
    EXPECT_GT(me->rssKb, 0);
    EXPECT_GT(me->nofileSoft, 0);
    EXPECT_GT(me->fds, 0); // our own /proc/PID/fd is readable
    EXPECT_FALSE(me->comm.isEmpty());
    // The shell that ran the script is a child of this process: listed too.
    EXPECT_FALSE(host.childrenOf(self).isEmpty());
}

TEST(RemoteScripts, ProcessLimits_AMasterGoneMeanwhile_ScansEveryProcess)
{
    // Pid 2^22+1 is above any pid_max: it has no children file, so the script reads all of /proc.
    const qint64 self = QCoreApplication::applicationPid();
    gs::checks::RawObservations raw;
    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = 0;
    output.out = runShell(remotescripts::processLimits({4194305, static_cast<int>(self)}));
    raw.outputs.insert(QStringLiteral("procs"), output);
    const auto host = gs::checks::HostModel::build(raw);
    ASSERT_NE(host.process(self), nullptr) << output.out.constData();
    EXPECT_FALSE(host.childrenOf(self).isEmpty());
}

TEST(RemoteScripts, System_ReadsLimitsAndCountsTimeWaitOnce)
{
    gs::checks::RawObservations raw;
    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = 0;
    output.out = runShell(remotescripts::system());
    raw.outputs.insert(QStringLiteral("system"), output);
    const auto host = gs::checks::HostModel::build(raw);
    EXPECT_GT(host.filesMax, 0) << output.out.constData();
    EXPECT_GT(host.portHigh, host.portLow);
    // ss is on this machine: a count, zero included, never the "no ss" -1.
    EXPECT_GE(host.timeWait, 0) << output.out.constData();
    const auto parts = gs::checks::HostModel::sections(output.out);
    EXPECT_TRUE(parts.contains(QStringLiteral("timewait-peers")));
}

TEST(RemoteScripts, Sockets_ListsOurTcpAndUnixListenersWithThisProcessAsOwner)
{
    QTcpServer tcp;
    ASSERT_TRUE(tcp.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QLocalServer local;
    ASSERT_TRUE(local.listen(dir.filePath(QStringLiteral("gs.sock"))));

    gs::checks::RawObservations raw;
    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = 0;
    output.out = runShell(remotescripts::sockets());
    raw.outputs.insert(QStringLiteral("sockets"), output);
    const auto host = gs::checks::HostModel::build(raw);
    ASSERT_EQ(host.socketsTool, QStringLiteral("ss")) << output.out.constData();
    const qint64 self = QCoreApplication::applicationPid();
    const auto ownedBySelf = [self](const gs::sys::SocketTableParser::Socket &socket) {
        for (const auto &owner : socket.owners) {
            if (owner.pid == self)
                return true;
        }
        return false;
    };
    const auto listeners = host.listenersFor(QStringLiteral("127.0.0.1"), tcp.serverPort());
    ASSERT_EQ(listeners.size(), 1) << output.out.constData();
    EXPECT_TRUE(ownedBySelf(listeners.first()));
    const auto unixListeners = host.unixListenersAt(local.fullServerName());
    ASSERT_EQ(unixListeners.size(), 1) << output.out.constData();
    EXPECT_TRUE(ownedBySelf(unixListeners.first()));
}

TEST(RemoteScripts, Firewall_NamesEachToolOrItsAbsence)
{
    const auto parts = gs::checks::HostModel::sections(runShell(remotescripts::firewall()));
    for (const QString &tool :
         {QStringLiteral("iptables"), QStringLiteral("nft"), QStringLiteral("ufw")})
        EXPECT_TRUE(parts.contains(tool) || parts.contains(tool + QStringLiteral(" missing")))
                << tool.toStdString();
}

TEST(RemoteScripts, ResolveHost_EndsWithTheExitStatus)
{
    const QByteArray out = runShell(remotescripts::resolveHost(QStringLiteral("localhost")));
    EXPECT_TRUE(out.trimmed().endsWith("rc=0") || out.contains("rc=127")) << out.constData();
    const QByteArray bad
            = runShell(remotescripts::resolveHost(QStringLiteral("no-such-host.invalid")));
    EXPECT_FALSE(bad.trimmed().endsWith("rc=0")) << bad.constData();
}

TEST(RemoteScripts, InitScriptFor_FindsTheScriptNamingThePort_ItsStatusAndLogTail)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    // A directory name a shell would split or expand, to prove the quoting.
    const QString init = dir.path() + QStringLiteral("/init 'd' $HOME");
    const QString log = dir.path() + QStringLiteral("/shop.log");
    write(log, "line 1\nline 2\nImportError: No module named flask\n");
    // Names the port too, but is not executable: not a script that runs anything.
    write(init + QStringLiteral("/README"), "PORT=27649\n");
    write(init + QStringLiteral("/other"), "#!/bin/sh\n# listens on 127.0.0.1:276490\nexit 0\n");
    write(init + QStringLiteral("/shop-app"),
          QStringLiteral("#!/bin/sh\nPORT=27649\nLOGFILE=%1\n"
                         "[ \"$1\" = status ] && { echo \"shop-app is not running\"; exit 3; }\n"
                         "exit 1\n")
                  .arg(log)
                  .toUtf8());
    for (const QString &name : {QStringLiteral("other"), QStringLiteral("shop-app")})
        QFile::setPermissions(init + QLatin1Char('/') + name,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ExeOwner);

    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = 0;
    output.out = runShell(remotescripts::initScriptFor(27649, {}, init));
    const auto report = gs::checks::InitScriptReport::parse(output);
    ASSERT_TRUE(report.has_value()) << output.out.constData();
    EXPECT_EQ(report->script, init + QStringLiteral("/shop-app"));
    EXPECT_EQ(report->name(), QStringLiteral("shop-app"));
    EXPECT_EQ(report->status, 3);
    EXPECT_TRUE(report->stopped());
    EXPECT_EQ(report->statusLines, QStringList{QStringLiteral("shop-app is not running")});
    ASSERT_EQ(report->logs.size(), 1);
    EXPECT_EQ(report->logs.first().path, log);
    EXPECT_EQ(report->logs.first().lines.last(),
              QStringLiteral("ImportError: No module named flask"));

    // Another port: nothing names it.
    output.out = runShell(remotescripts::initScriptFor(27650, {}, init));
    EXPECT_EQ(output.out, QByteArray("@@noscript\n"));
    EXPECT_FALSE(gs::checks::InitScriptReport::parse(output).has_value());
}
