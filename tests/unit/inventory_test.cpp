#include "inventory/inventory.h"
#include "inventory/inventorystore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gs;
using gs::inventory::Inventory;
using gs::inventory::Server;

namespace {

Server makeServer(const QString &name, const QString &address, const QString &group = {})
{
    Server server;
    server.name = name;
    server.address = address;
    server.group = group;
    return server;
}

void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(data);
}

} // namespace

TEST(Inventory, SaveThenLoad_RoundTripsEveryField)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("sub/inventory.json"));
    Server server = makeServer(
            QStringLiteral("shop-prod"), QStringLiteral("203.0.113.10"), QStringLiteral("Shop"));
    server.port = 2222;
    server.user = QStringLiteral("deploy");
    server.identityFile = QStringLiteral("/keys/shop");
    server.knownHostsFile = QStringLiteral("/keys/known");
    server.tags = {QStringLiteral("php"), QStringLiteral("eu")};
    server.notes = QStringLiteral("Customer #42, \"call first\"");
    server.readOnly = true;
    server.lastResult.status = QStringLiteral("ok");
    server.lastResult.worstSeverity = QStringLiteral("critical");
    server.lastResult.summary = QStringLiteral("1 critical finding");
    server.lastResult.time = QDateTime(QDate(2026, 11, 21), QTime(12, 0), Qt::UTC);
    Inventory inventory;
    ASSERT_TRUE(inventory.add(server).ok());
    ASSERT_TRUE(inventory.add(makeServer(QStringLiteral("b"), QStringLiteral("b.example"))).ok());
    ASSERT_TRUE(inventory.save(path).ok());
    EXPECT_EQ(QFile::permissions(path) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), 0);

    const Result<Inventory> loaded = Inventory::load(path);
    ASSERT_TRUE(loaded.ok()) << qPrintable(loaded.error().text());
    ASSERT_EQ(loaded->servers().size(), 2);
    EXPECT_EQ(loaded->servers().first(), server);
    EXPECT_EQ(loaded->groups(), QStringList({QString(), QStringLiteral("Shop")}));
}

TEST(Inventory, MissingFile_IsEmptyInventory)
{
    QTemporaryDir dir;
    const Result<Inventory> loaded = Inventory::load(dir.filePath(QStringLiteral("none.json")));
    ASSERT_TRUE(loaded.ok());
    EXPECT_TRUE(loaded->isEmpty());
}

TEST(Inventory, CorruptFile_IsParseErrorAndSetAsideNotOverwritten)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.json"));
    writeFile(path, "{\"servers\": [ {\"name\": \"x\", ");
    const Result<Inventory> loaded = Inventory::load(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, ErrorCode::ParseError);
    EXPECT_TRUE(loaded.error().message.contains(path));
    EXPECT_TRUE(QFile::exists(path)) << "load() must leave the file alone";

    gs::inventory::InventoryStore store(path);
    const Result<void> result = store.load();
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().hint.contains(QLatin1String(".corrupt-")));
    EXPECT_FALSE(QFile::exists(path));
    const QStringList kept
            = QDir(dir.path()).entryList({QStringLiteral("inventory.json.corrupt-*")});
    ASSERT_EQ(kept.size(), 1);
    QFile keptFile(dir.filePath(kept.first()));
    ASSERT_TRUE(keptFile.open(QIODevice::ReadOnly));
    EXPECT_EQ(keptFile.readAll(), QByteArray("{\"servers\": [ {\"name\": \"x\", "));
    EXPECT_TRUE(store.inventory().isEmpty());
}

TEST(Inventory, InvalidServerInFile_IsParseError)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.json"));
    writeFile(path, R"({"version":1,"servers":[{"name":"a","address":"h","port":70000}]})");
    const Result<Inventory> loaded = Inventory::load(path);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, ErrorCode::ParseError);
}

TEST(Inventory, AddUpdateRemove_KeepNamesUniqueIgnoringCase)
{
    Inventory inventory;
    ASSERT_TRUE(inventory.add(makeServer(QStringLiteral("web"), QStringLiteral("h1"))).ok());
    const Result<void> dup = inventory.add(makeServer(QStringLiteral("WEB"), QStringLiteral("h2")));
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);
    ASSERT_TRUE(inventory.add(makeServer(QStringLiteral("db"), QStringLiteral("h3"))).ok());
    EXPECT_FALSE(inventory
                         .update(QStringLiteral("db"),
                                 makeServer(QStringLiteral("Web"), QStringLiteral("h3")))
                         .ok());
    ASSERT_TRUE(inventory
                        .update(QStringLiteral("db"),
                                makeServer(QStringLiteral("db2"), QStringLiteral("h4")))
                        .ok());
    ASSERT_NE(inventory.find(QStringLiteral("db2")), nullptr);
    EXPECT_EQ(inventory.find(QStringLiteral("db2"))->address, QStringLiteral("h4"));
    EXPECT_TRUE(inventory.remove(QStringLiteral("web")));
    EXPECT_FALSE(inventory.remove(QStringLiteral("web")));
    EXPECT_EQ(inventory.servers().size(), 1);
}

TEST(Server, Validate_ExplainsWhatIsWrong)
{
    Server server = makeServer(QStringLiteral("a"), QStringLiteral("host:22"));
    Result<void> result = server.validate();
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.error().hint.contains(QLatin1String("Port")));
    server.address = QStringLiteral("2001:db8::1");
    EXPECT_TRUE(server.validate().ok());
    server.port = 0;
    EXPECT_FALSE(server.validate().ok());
    server.port = 22;
    server.name.clear();
    EXPECT_FALSE(server.validate().ok());
}

TEST(Inventory, ImportFromSshConfig_SkipsWildcardsProxyJumpAndDuplicates)
{
    const ssh::SshConfigContext context{QStringLiteral("/home/me"), QStringLiteral("me")};
    const ssh::SshConfig config = ssh::SshConfigParser::parse(
            QStringLiteral("Host web1 web1-alias\n HostName 10.0.0.1\n User admin\n"
                           "Host db\n HostName 10.0.0.2\n Port 2200\n IdentityFile ~/.ssh/db\n"
                           "Host inner\n ProxyJump bastion\n"
                           "Host existing\n HostName 10.0.0.3\n"
                           "Host *.example.com !x.example.com\n User wild\n"),
            context);
    Inventory inventory;
    ASSERT_TRUE(
            inventory.add(makeServer(QStringLiteral("existing"), QStringLiteral("other"))).ok());
    const Inventory::ImportReport report = inventory.importFromSshConfig(config, context);
    EXPECT_EQ(report.added, QStringList({QStringLiteral("web1"), QStringLiteral("db")}));
    QStringList skipped;
    for (const auto &[name, reason] : report.skipped)
        skipped.append(name);
    EXPECT_EQ(skipped,
              QStringList({QStringLiteral("web1-alias"),
                           QStringLiteral("inner"),
                           QStringLiteral("existing")}));
    const Server *db = inventory.find(QStringLiteral("db"));
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->address, QStringLiteral("10.0.0.2"));
    EXPECT_EQ(db->port, 2200);
    EXPECT_EQ(db->identityFile, QStringLiteral("/home/me/.ssh/db"));
    EXPECT_EQ(inventory.find(QStringLiteral("web1"))->user, QStringLiteral("admin"));

    // Importing again adds nothing.
    EXPECT_TRUE(inventory.importFromSshConfig(config, context).added.isEmpty());
}

TEST(Inventory, DataDir_FollowsEnvironment)
{
    QTemporaryDir dir;
    qputenv("GATESCOPE_DATA_DIR", dir.path().toUtf8());
    EXPECT_EQ(Inventory::defaultPath(), dir.path() + QStringLiteral("/inventory.json"));
    qunsetenv("GATESCOPE_DATA_DIR");
    EXPECT_TRUE(Inventory::defaultPath().endsWith(QLatin1String("/gatescope/inventory.json")));
}

TEST(InventoryStore, ChangesApplyToTheFileAsItIsNow_KeepingOtherWritersEdits)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.json"));
    gs::inventory::InventoryStore store(path);
    ASSERT_TRUE(store.load().ok());
    ASSERT_TRUE(store.add(makeServer(QStringLiteral("from-app"), QStringLiteral("a"))).ok());

    // gatescope-cli adds a server behind the app's back.
    Result<Inventory> cli = Inventory::load(path);
    ASSERT_TRUE(cli.ok());
    ASSERT_TRUE(cli->add(makeServer(QStringLiteral("from-cli"), QStringLiteral("b"))).ok());
    ASSERT_TRUE(cli->save(path).ok());

    ASSERT_TRUE(store.add(makeServer(QStringLiteral("second-from-app"), QStringLiteral("c"))).ok());
    const Result<Inventory> saved = Inventory::load(path);
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->servers().size(), 3);
    EXPECT_NE(saved->find(QStringLiteral("from-cli")), nullptr);
    EXPECT_EQ(store.inventory(), *saved);
}

TEST(InventoryStore, FileBrokenDuringSession_IsKeptAsideNotOverwritten)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.json"));
    gs::inventory::InventoryStore store(path);
    ASSERT_TRUE(store.load().ok());
    ASSERT_TRUE(store.add(makeServer(QStringLiteral("a"), QStringLiteral("a"))).ok());
    writeFile(path, "{ hand-edited");
    QStringList problems;
    QObject::connect(&store,
                     &gs::inventory::InventoryStore::problem,
                     [&problems](const QString &text) { problems.append(text); });
    ASSERT_TRUE(store.add(makeServer(QStringLiteral("b"), QStringLiteral("b"))).ok());
    ASSERT_EQ(problems.size(), 1);
    EXPECT_TRUE(problems.first().contains(QLatin1String(".corrupt-")));
    const QStringList kept
            = QDir(dir.path()).entryList({QStringLiteral("inventory.json.corrupt-*")});
    ASSERT_EQ(kept.size(), 1);
    const Result<Inventory> saved = Inventory::load(path);
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->servers().size(), 2);
}

TEST(InventoryStore, NewerFormat_IsNeitherSetAsideNorOverwritten)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("inventory.json"));
    const QByteArray newer = R"({"version": 99, "servers": []})";
    writeFile(path, newer);
    gs::inventory::InventoryStore store(path);
    const Result<void> loaded = store.load();
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, ErrorCode::Unsupported);
    const Result<void> added = store.add(makeServer(QStringLiteral("a"), QStringLiteral("a")));
    ASSERT_FALSE(added.ok());
    EXPECT_EQ(added.error().code, ErrorCode::Unsupported);
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), newer);
}
