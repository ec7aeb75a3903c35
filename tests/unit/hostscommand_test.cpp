// gatescope-cli hosts, end to end: the real binary against an inventory in a temporary directory.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class HostsCommand : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        ASSERT_TRUE(QFileInfo(QStringLiteral(GS_CLI_PATH)).isExecutable())
                << "build gatescope-cli first: " << GS_CLI_PATH;
    }

    CliRun run(const QStringList &args)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GATESCOPE_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(GS_CLI_PATH), QStringList{QStringLiteral("hosts")} + args);
        EXPECT_TRUE(process.waitForFinished(30000));
        return CliRun{process.exitCode(),
                      process.readAllStandardOutput(),
                      process.readAllStandardError()};
    }

    QJsonArray listJson()
    {
        const CliRun list = run({QStringLiteral("list"), QStringLiteral("--json")});
        EXPECT_EQ(list.exitCode, 0) << list.err.constData();
        return QJsonDocument::fromJson(list.out).object().value(QStringLiteral("hosts")).toArray();
    }

    QTemporaryDir m_dir;
};

} // namespace

TEST_F(HostsCommand, AddListRemove_RoundTripThroughTheFile)
{
    EXPECT_TRUE(listJson().isEmpty());
    const CliRun add = run({QStringLiteral("add"),           QStringLiteral("demo-server"),
                            QStringLiteral("--host"),        QStringLiteral("127.0.0.1"),
                            QStringLiteral("--port"),        QStringLiteral("2201"),
                            QStringLiteral("--user"),        QStringLiteral("gslab"),
                            QStringLiteral("--identity"),    QStringLiteral("/keys/id"),
                            QStringLiteral("--known-hosts"), QStringLiteral("/keys/known"),
                            QStringLiteral("--group"),       QStringLiteral("Demo"),
                            QStringLiteral("--tag"),         QStringLiteral("php"),
                            QStringLiteral("--tag"),         QStringLiteral("lab"),
                            QStringLiteral("--notes"),       QStringLiteral("the lab")});
    ASSERT_EQ(add.exitCode, 0) << add.err.constData();
    EXPECT_TRUE(QFile::exists(m_dir.filePath(QStringLiteral("data/inventory.json"))));

    const QJsonArray hosts = listJson();
    ASSERT_EQ(hosts.size(), 1);
    const QJsonObject host = hosts.first().toObject();
    EXPECT_EQ(host.value(QStringLiteral("name")).toString(), QStringLiteral("demo-server"));
    EXPECT_EQ(host.value(QStringLiteral("host")).toString(), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(host.value(QStringLiteral("port")).toInt(), 2201);
    EXPECT_EQ(host.value(QStringLiteral("user")).toString(), QStringLiteral("gslab"));
    EXPECT_EQ(host.value(QStringLiteral("identity")).toString(), QStringLiteral("/keys/id"));
    EXPECT_EQ(host.value(QStringLiteral("group")).toString(), QStringLiteral("Demo"));
    EXPECT_EQ(host.value(QStringLiteral("tags")).toArray(),
              QJsonArray({QStringLiteral("php"), QStringLiteral("lab")}));
    EXPECT_EQ(host.value(QStringLiteral("notes")).toString(), QStringLiteral("the lab"));

    const CliRun human = run({QStringLiteral("list")});
    EXPECT_EQ(human.exitCode, 0);
    EXPECT_TRUE(human.out.contains("gslab@127.0.0.1:2201"));

    EXPECT_EQ(run({QStringLiteral("remove"), QStringLiteral("demo-server")}).exitCode, 0);
    EXPECT_TRUE(listJson().isEmpty());
}

TEST_F(HostsCommand, UsageErrors_Exit64WithMessage)
{
    const QList<QStringList> bad{
            {},
            {QStringLiteral("frobnicate")},
            {QStringLiteral("add"), QStringLiteral("x")},
            {QStringLiteral("add"),
             QStringLiteral("x"),
             QStringLiteral("--host"),
             QStringLiteral("h"),
             QStringLiteral("--port"),
             QStringLiteral("http")},
            {QStringLiteral("add"),
             QStringLiteral("x"),
             QStringLiteral("--host"),
             QStringLiteral("h"),
             QStringLiteral("--bogus")},
            {QStringLiteral("remove"), QStringLiteral("nothing-here")},
            {QStringLiteral("list"), QStringLiteral("extra")},
    };
    for (const QStringList &args : bad) {
        const CliRun result = run(args);
        EXPECT_EQ(result.exitCode, 64) << qPrintable(args.join(QLatin1Char(' ')));
        EXPECT_TRUE(result.err.startsWith("gatescope-cli hosts: ")) << result.err.constData();
        EXPECT_TRUE(result.out.isEmpty());
    }
    EXPECT_EQ(run({QStringLiteral("add"),
                   QStringLiteral("a"),
                   QStringLiteral("--host"),
                   QStringLiteral("h")})
                      .exitCode,
              0);
    EXPECT_EQ(run({QStringLiteral("add"),
                   QStringLiteral("a"),
                   QStringLiteral("--host"),
                   QStringLiteral("h2")})
                      .exitCode,
              64);
}

TEST_F(HostsCommand, CorruptInventory_IsReportedAndKept)
{
    ASSERT_TRUE(QDir().mkpath(m_dir.filePath(QStringLiteral("data"))));
    QFile file(m_dir.filePath(QStringLiteral("data/inventory.json")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("not json");
    file.close();
    const CliRun add = run({QStringLiteral("add"),
                            QStringLiteral("a"),
                            QStringLiteral("--host"),
                            QStringLiteral("h")});
    EXPECT_EQ(add.exitCode, 3);
    EXPECT_TRUE(add.err.contains("cannot be read")) << add.err.constData();
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), QByteArray("not json"));
}

TEST_F(HostsCommand, ImportSshConfig_AddsAliasesAndReportsSkips)
{
    const QString config = m_dir.filePath(QStringLiteral("ssh_config"));
    QFile file(config);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("Host web1\n  HostName 10.0.0.1\n  User admin\n"
               "Host jumpy\n  ProxyJump bastion\n"
               "Host *\n  User everyone\n");
    file.close();
    const CliRun imported = run({QStringLiteral("import-ssh-config"),
                                 QStringLiteral("--file"),
                                 config,
                                 QStringLiteral("--json")});
    ASSERT_EQ(imported.exitCode, 0) << imported.err.constData();
    const QJsonObject report = QJsonDocument::fromJson(imported.out).object();
    EXPECT_EQ(report.value(QStringLiteral("added")).toArray(),
              QJsonArray({QStringLiteral("web1")}));
    ASSERT_EQ(report.value(QStringLiteral("skipped")).toArray().size(), 1);
    const QJsonArray hosts = listJson();
    ASSERT_EQ(hosts.size(), 1);
    EXPECT_EQ(hosts.first().toObject().value(QStringLiteral("user")).toString(),
              QStringLiteral("admin"));

    EXPECT_EQ(run({QStringLiteral("import-ssh-config"),
                   QStringLiteral("--file"),
                   m_dir.filePath(QStringLiteral("missing"))})
                      .exitCode,
              64);
}
