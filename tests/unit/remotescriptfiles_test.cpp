// The diagnosis's probes kept as core/scripts/*.sh that remotescripts_test.cpp does not run: run
// by a local sh against sockets and files made here, arguments a shell would split or expand.

#include "shscript.h"

#include "checks/remotescripts.h"
#include "config/snapshotscript.h"

#include <QDir>
#include <QFile>
#include <QLocalServer>
#include <QTcpServer>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace remotescripts = gs::checks::remotescripts;

TEST(RemoteScriptFiles, ProbeTcp_OpenPort_Refused_AndTheHttpAnswer)
{
    QTcpServer server;
    ASSERT_TRUE(server.listen(QHostAddress::LocalHost, 0));
    const int port = server.serverPort();
    const gs::test::ShRun open = gs::test::runSh(
            remotescripts::probeTcp(QStringLiteral("127.0.0.1"), port, QString(), 3));
    ASSERT_EQ(open.exitCode, 0) << open.err.constData();
    if (open.out.startsWith("tcp=unknown"))
        GTEST_SKIP() << "no bash on this machine";
    EXPECT_EQ(open.out, QByteArray("tcp=open\n"));

    server.close();
    const gs::test::ShRun refused = gs::test::runSh(
            remotescripts::probeTcp(QStringLiteral("127.0.0.1"), port, QStringLiteral("http"), 3));
    EXPECT_TRUE(refused.out.startsWith("tcp=failed ")) << refused.out.constData();
    // curl's answer follows: no HTTP status from a closed port.
    EXPECT_TRUE(refused.out.contains("http=000 time=")) << refused.out.constData();
}

TEST(RemoteScriptFiles, ProbeTcp_AHostThatIsNoHost_IsNeverRun)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString marker = dir.filePath(QStringLiteral("pwned"));
    const gs::test::ShRun run = gs::test::runSh(
            remotescripts::probeTcp(QStringLiteral("$(touch ") + marker + QStringLiteral(")"),
                                    80,
                                    QStringLiteral("https"),
                                    2));
    EXPECT_FALSE(run.out.contains("tcp=open")) << run.out.constData();
    EXPECT_FALSE(QFile::exists(marker)) << "an argument was executed";
}

TEST(RemoteScriptFiles, ProbeUnix_TheSocketAndEveryParentDirectory)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString sub = dir.path() + QStringLiteral("/run 'fpm' $HOME");
    ASSERT_TRUE(QDir().mkpath(sub));
    QLocalServer local;
    ASSERT_TRUE(local.listen(sub + QStringLiteral("/php.sock")));
    const gs::test::ShRun run = gs::test::runSh(remotescripts::probeUnix(local.fullServerName()));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QList<QByteArray> lines = run.out.split('\n');
    ASSERT_GE(lines.size(), 3) << run.out.constData();
    EXPECT_TRUE(lines.first().startsWith("type=socket owner=")) << run.out.constData();
    EXPECT_TRUE(run.out.contains(QStringLiteral("dir=%1 owner=").arg(sub).toUtf8()))
            << run.out.constData();
    EXPECT_FALSE(run.out.contains("dir=/ ")) << "the root is not listed";

    const gs::test::ShRun missing
            = gs::test::runSh(remotescripts::probeUnix(sub + QStringLiteral("/gone.sock")));
    EXPECT_TRUE(missing.out.startsWith("type=missing\n")) << missing.out.constData();
}

TEST(RemoteScriptFiles, KernelOom_SaysWhereItLooked)
{
    const gs::test::ShRun run = gs::test::runSh(remotescripts::kernelOom(0));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.out.startsWith("@@journal\n") || run.out.startsWith("@@dmesg\n"))
            << run.out.constData();
    if (run.out.startsWith("@@dmesg\n")) {
        EXPECT_TRUE(run.out.contains("@@uptime\n")) << run.out.constData();
    }
}

TEST(RemoteScriptFiles, UnitForAddress_NoUnitNamesIt_NoUnit)
{
    // A socket path no unit file names, with characters grep would read as a pattern.
    const gs::test::ShRun run = gs::test::runSh(
            remotescripts::unitForAddress(0, QStringLiteral("/nowhere/[gs].* 'x'.sock"), 0));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_EQ(run.out, QByteArray("@@nounit\n"));
}

TEST(RemoteScriptFiles, UnitState_ANamedUnit_IsReportedUnderItsName)
{
    const gs::test::ShRun run
            = gs::test::runSh(remotescripts::unitState(QStringLiteral("gs-test-$(id).service"), 0));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.out.startsWith("@@unit gs-test-$(id).service\n")) << run.out.constData();
    EXPECT_TRUE(run.out.contains("@@journal\n"));
}

TEST(RemoteScriptFiles, SnapshotList_EachManifestThenItsTarballSize)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString root = dir.path() + QStringLiteral("/backups 'b' $HOME");
    const QString snapshots = gs::config::SnapshotScript::directory(root);
    ASSERT_TRUE(QDir().mkpath(snapshots));
    const auto write = [&](const QString &name, const QByteArray &content) {
        QFile file(snapshots + QLatin1Char('/') + name);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(content);
    };
    write(QStringLiteral("20261121T120003Z-aaa.manifest"), "id\t20261121T120003Z-aaa\n");
    write(QStringLiteral("20261121T120003Z-aaa.tar.gz"), "12345");
    write(QStringLiteral("20261122T120003Z-bbb.manifest"), "id\t20261122T120003Z-bbb\n");
    const gs::test::ShRun run = gs::test::runSh(gs::config::SnapshotScript::listCommand(root));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_EQ(run.out,
              QByteArray("@@snapshot\t20261121T120003Z-aaa\nid\t20261121T120003Z-aaa\n"
                         "@@tarball\t5\n"
                         "@@snapshot\t20261122T120003Z-bbb\nid\t20261122T120003Z-bbb\n"));
    const gs::test::ShRun none = gs::test::runSh(
            gs::config::SnapshotScript::listCommand(dir.path() + QStringLiteral("/none")));
    EXPECT_EQ(none.exitCode, 0);
    EXPECT_TRUE(none.out.isEmpty());
}
