// TargetResolver: the one way the CLI and the app turn a server or alias into connect options,
// against a real ~/.ssh/config in a scratch home.

#include "inventory/targetresolver.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using gs::inventory::TargetResolver;

namespace {

class TargetResolverTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_home.isValid());
        m_oldHome = qgetenv("HOME");
        qputenv("HOME", m_home.path().toUtf8());
        ASSERT_TRUE(QDir(m_home.path()).mkpath(QStringLiteral(".ssh")));
    }
    void TearDown() override { qputenv("HOME", m_oldHome); }

    void writeSshConfig(const QByteArray &text)
    {
        QFile file(m_home.filePath(QStringLiteral(".ssh/config")));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
    }

    static gs::inventory::Server server()
    {
        gs::inventory::Server s;
        s.name = QStringLiteral("web1");
        s.address = QStringLiteral("192.0.2.10");
        s.port = 2222;
        s.user = QStringLiteral("deploy");
        s.identityFile = QStringLiteral("/keys/web1");
        s.knownHostsFile = QStringLiteral("/keys/known_hosts");
        return s;
    }

    QTemporaryDir m_home;
    QByteArray m_oldHome;
};

} // namespace

TEST_F(TargetResolverTest, InventoryServer_GivesItsAddressUserKeyAndKnownHosts)
{
    // The user's config adds a timeout of 0 (meaning "none") for every host: ignored.
    writeSshConfig("Host *\n  ConnectTimeout 0\n");
    const auto options = TargetResolver::resolve(server());
    ASSERT_TRUE(options.ok()) << options.error().text().toStdString();
    EXPECT_EQ(options->host, QStringLiteral("192.0.2.10"));
    EXPECT_EQ(options->port, 2222);
    EXPECT_EQ(options->user, QStringLiteral("deploy"));
    ASSERT_FALSE(options->identityFiles.isEmpty());
    EXPECT_EQ(options->identityFiles.first(), QStringLiteral("/keys/web1"));
    EXPECT_EQ(options->knownHostsFile, QStringLiteral("/keys/known_hosts"));
    EXPECT_GT(options->connectTimeoutMs, 0);
}

TEST_F(TargetResolverTest, AliasFromSshConfig_AndOverridesOnTop)
{
    writeSshConfig("Host shop\n  HostName 198.51.100.7\n  User admin\n  Port 2200\n"
                   "  ConnectTimeout 7\n");
    gs::inventory::SshTargetOverrides overrides;
    overrides.user = QStringLiteral("root");
    const auto options = TargetResolver::resolve(
            QStringLiteral("shop"), gs::inventory::Inventory{}, overrides);
    ASSERT_TRUE(options.ok()) << options.error().text().toStdString();
    EXPECT_EQ(options->host, QStringLiteral("198.51.100.7"));
    EXPECT_EQ(options->port, 2200);
    EXPECT_EQ(options->user, QStringLiteral("root"));
    EXPECT_EQ(options->connectTimeoutMs, 7000);
}

TEST_F(TargetResolverTest, ProxyJump_IsRefusedWithATunnelAsTheNextStep)
{
    writeSshConfig("Host inner\n  HostName 10.0.0.5\n  ProxyJump bastion.example.com\n");
    const auto options
            = TargetResolver::resolve(QStringLiteral("inner"), gs::inventory::Inventory{});
    ASSERT_FALSE(options.ok());
    EXPECT_EQ(options.error().code, gs::ErrorCode::Unsupported);
    EXPECT_TRUE(options.error().message.contains(QStringLiteral("bastion.example.com")));
    EXPECT_TRUE(options.error().hint.contains(QStringLiteral("ssh -L 2222:10.0.0.5:22")));
}

TEST_F(TargetResolverTest, UnreadableSshConfig_OnlyMeansNoAliases)
{
    ASSERT_TRUE(QDir(m_home.path()).mkpath(QStringLiteral(".ssh/config"))); // a directory
    const auto options = TargetResolver::resolve(server());
    ASSERT_TRUE(options.ok()) << options.error().text().toStdString();
    EXPECT_EQ(options->host, QStringLiteral("192.0.2.10"));
}
