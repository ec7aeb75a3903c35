#include "inventory/inventory.h"
#include "inventory/sshtarget.h"

#include <gtest/gtest.h>

using namespace gs;
using gs::inventory::SshTarget;

namespace {

ssh::SshConfigContext context()
{
    return ssh::SshConfigContext{QStringLiteral("/home/me"), QStringLiteral("me")};
}

ssh::SshConfig config(const QString &text)
{
    return ssh::SshConfigParser::parse(text, context());
}

inventory::Inventory inventoryWith(const inventory::Server &server)
{
    inventory::Inventory inventory;
    EXPECT_TRUE(inventory.add(server).ok());
    return inventory;
}

} // namespace

TEST(SshTargetLiteral, ParsesUserHostPort)
{
    const auto literal = SshTarget::parseLiteral(QStringLiteral("admin@web1.example.com:2222"));
    ASSERT_TRUE(literal.ok());
    EXPECT_EQ(literal->user, QStringLiteral("admin"));
    EXPECT_EQ(literal->host, QStringLiteral("web1.example.com"));
    EXPECT_EQ(literal->port, std::optional<int>(2222));
}

TEST(SshTargetLiteral, ParsesBracketedAndBareIpv6)
{
    const auto bracketed = SshTarget::parseLiteral(QStringLiteral("root@[2001:db8::1]:22"));
    ASSERT_TRUE(bracketed.ok());
    EXPECT_EQ(bracketed->host, QStringLiteral("2001:db8::1"));
    EXPECT_EQ(bracketed->port, std::optional<int>(22));
    const auto bare = SshTarget::parseLiteral(QStringLiteral("::1"));
    ASSERT_TRUE(bare.ok());
    EXPECT_EQ(bare->host, QStringLiteral("::1"));
    EXPECT_FALSE(bare->port.has_value());
}

TEST(SshTargetLiteral, RejectsMalformedTargets)
{
    for (const char *bad : {"",
                            "@host",
                            "host:0",
                            "host:65536",
                            "host:abc",
                            "[::1",
                            "[::1]x",
                            "user@",
                            "-oProxyCommand=x",
                            "a b"}) {
        const auto literal = SshTarget::parseLiteral(QString::fromLatin1(bad));
        EXPECT_FALSE(literal.ok()) << bad;
        if (!literal.ok()) {
            EXPECT_EQ(literal.error().code, ErrorCode::InvalidArgument) << bad;
        }
    }
}

TEST(SshTargetResolve, Literal_GetsDefaultsAndWildcardConfig)
{
    const auto target
            = SshTarget::resolve(QStringLiteral("10.0.0.5"),
                                 {},
                                 config(QStringLiteral("Host *\n IdentityFile ~/.ssh/k\n")),
                                 {},
                                 context());
    ASSERT_TRUE(target.ok());
    EXPECT_EQ(target->source, SshTarget::Source::Literal);
    EXPECT_EQ(target->host, QStringLiteral("10.0.0.5"));
    EXPECT_EQ(target->port, 22);
    EXPECT_EQ(target->user, QStringLiteral("me"));
    EXPECT_EQ(target->identityFiles, QStringList{QStringLiteral("/home/me/.ssh/k")});
    EXPECT_EQ(target->knownHostsFile, QStringLiteral("/home/me/.ssh/known_hosts"));
}

TEST(SshTargetResolve, SshAlias_UsesHostNameUserPortAndKeys)
{
    const auto target = SshTarget::resolve(
            QStringLiteral("shop"),
            {},
            config(QStringLiteral("Host shop\n HostName 203.0.113.10\n User deploy\n Port 2222\n"
                                  " IdentityFile ~/.ssh/shop\n IdentitiesOnly yes\n"
                                  " StrictHostKeyChecking no\n ProxyJump bastion\n")),
            {},
            context());
    ASSERT_TRUE(target.ok());
    EXPECT_EQ(target->source, SshTarget::Source::SshConfig);
    EXPECT_EQ(target->name, QStringLiteral("shop"));
    EXPECT_EQ(target->host, QStringLiteral("203.0.113.10"));
    EXPECT_EQ(target->port, 2222);
    EXPECT_EQ(target->user, QStringLiteral("deploy"));
    EXPECT_TRUE(target->identitiesOnly);
    EXPECT_EQ(target->proxyJump, QStringLiteral("bastion"));
    EXPECT_EQ(target->displayAddress(), QStringLiteral("deploy@203.0.113.10:2222"));
}

TEST(SshTargetResolve, InventoryName_WinsOverAliasAndOverridesWinOverAll)
{
    inventory::Server server;
    server.name = QStringLiteral("shop");
    server.address = QStringLiteral("192.0.2.7");
    server.port = 2200;
    server.user = QStringLiteral("inv");
    server.identityFile = QStringLiteral("~/.ssh/inv_key");
    server.knownHostsFile = QStringLiteral("/tmp/kh");
    server.readOnly = true;
    const auto inventory = inventoryWith(server);
    const auto cfg = config(QStringLiteral("Host shop\n HostName 203.0.113.10\n"
                                           "Host *\n User cfg\n IdentityFile ~/.ssh/default\n"));

    const auto fromInventory
            = SshTarget::resolve(QStringLiteral("shop"), inventory, cfg, {}, context());
    ASSERT_TRUE(fromInventory.ok());
    EXPECT_EQ(fromInventory->source, SshTarget::Source::Inventory);
    EXPECT_EQ(fromInventory->host, QStringLiteral("192.0.2.7"));
    EXPECT_EQ(fromInventory->port, 2200);
    EXPECT_EQ(fromInventory->user, QStringLiteral("inv"));
    EXPECT_EQ(fromInventory->identityFiles,
              QStringList({QStringLiteral("/home/me/.ssh/inv_key"),
                           QStringLiteral("/home/me/.ssh/default")}));
    EXPECT_EQ(fromInventory->knownHostsFile, QStringLiteral("/tmp/kh"));
    EXPECT_TRUE(fromInventory->readOnly);

    inventory::SshTargetOverrides overrides;
    overrides.port = 2022;
    overrides.user = QStringLiteral("cli");
    overrides.identityFile = QStringLiteral("/keys/cli");
    overrides.knownHostsFile = QStringLiteral("/keys/known");
    const auto overridden
            = SshTarget::resolve(QStringLiteral("shop"), inventory, cfg, overrides, context());
    ASSERT_TRUE(overridden.ok());
    EXPECT_EQ(overridden->port, 2022);
    EXPECT_EQ(overridden->user, QStringLiteral("cli"));
    EXPECT_EQ(overridden->identityFiles.first(), QStringLiteral("/keys/cli"));
    EXPECT_EQ(overridden->knownHostsFile, QStringLiteral("/keys/known"));
}

TEST(SshTargetResolve, UserAtAlias_KeepsTypedUserAndPort)
{
    const auto target = SshTarget::resolve(QStringLiteral("root@shop:2022"),
                                           {},
                                           config(QStringLiteral("Host shop\n HostName 10.9.9.9\n"
                                                                 " User deploy\n Port 2222\n")),
                                           {},
                                           context());
    ASSERT_TRUE(target.ok());
    EXPECT_EQ(target->host, QStringLiteral("10.9.9.9"));
    EXPECT_EQ(target->user, QStringLiteral("root"));
    EXPECT_EQ(target->port, 2022);
}

TEST(SshTargetResolve, MalformedLiteral_IsInvalidArgument)
{
    const auto target = SshTarget::resolve(QStringLiteral("host:99999"), {}, {}, {}, context());
    ASSERT_FALSE(target.ok());
    EXPECT_EQ(target.error().code, ErrorCode::InvalidArgument);
    EXPECT_TRUE(target.error().message.contains(QLatin1String("99999")));
}
