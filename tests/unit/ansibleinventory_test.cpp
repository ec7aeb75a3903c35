// AnsibleInventory / AnsibleYamlReader / AnsibleImport: Ansible's INI and YAML inventories read as
// Ansible reads them (checked against ansible-inventory's own output), and imported into ours.

#include "golden.h"
#include "runprocess.h"

#include "inventory/ansibleimport.h"
#include "inventory/ansibleinventory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <tuple>

using gs::inventory::AnsibleImport;
using gs::inventory::AnsibleInventory;
using gs::inventory::Inventory;

namespace {

const QString kCase = QStringLiteral("ansible-inventory");

AnsibleInventory parseData(const char *file)
{
    const QString name = QLatin1String(file);
    auto parsed = AnsibleInventory::parse(gs::test::readData(kCase, name), name);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : qPrintable(parsed.error().text()));
    return parsed.ok() ? *parsed : AnsibleInventory{};
}

QJsonArray sorted(QStringList list)
{
    list.sort();
    return QJsonArray::fromStringList(list);
}

// What `ansible-inventory --list` prints, from our parse: groups with their direct hosts and
// children, and each host's merged variables (omitting what is empty, as Ansible does).
QJsonObject listLikeAnsible(const AnsibleInventory &inv)
{
    QJsonObject out;
    QJsonObject hostvars;
    for (const auto &host : inv.hosts()) {
        QJsonObject vars;
        const auto merged = inv.effectiveVars(host.name);
        for (auto it = merged.cbegin(); it != merged.cend(); ++it)
            vars.insert(it.key(), it.value());
        if (!vars.isEmpty())
            hostvars.insert(host.name, vars);
    }
    out.insert(QStringLiteral("_meta"), QJsonObject{{QStringLiteral("hostvars"), hostvars}});
    for (const auto &group : inv.groups()) {
        QJsonObject g;
        if (!group.hosts.isEmpty())
            g.insert(QStringLiteral("hosts"), sorted(group.hosts));
        QStringList children;
        for (const QString &child : group.children) {
            const auto *c = inv.group(child);
            if (c && (!c->hosts.isEmpty() || !c->children.isEmpty()))
                children.append(child); // Ansible leaves empty groups out
        }
        if (!children.isEmpty())
            g.insert(QStringLiteral("children"), sorted(children));
        if (!g.isEmpty())
            out.insert(group.name, g);
    }
    return out;
}

// Ansible's document with lists sorted and numbers as the text they were written as.
QJsonValue normalised(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject in = value.toObject();
        for (auto it = in.begin(); it != in.end(); ++it)
            out.insert(it.key(), normalised(it.value()));
        return out;
    }
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items.append(item.toString());
        return sorted(items);
    }
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    return value;
}

} // namespace

TEST(AnsibleInventory, IniExample_MatchesAnsibleInventoryList)
{
    const QJsonObject ansible
            = QJsonDocument::fromJson(
                      gs::test::readData(kCase, QStringLiteral("ansible-list.json")))
                      .object();
    ASSERT_FALSE(ansible.isEmpty());
    EXPECT_EQ(QJsonValue(listLikeAnsible(parseData("hosts.ini"))), normalised(ansible));
}

TEST(AnsibleInventory, YamlExample_MatchesAnsibleInventoryList)
{
    const QJsonObject ansible
            = QJsonDocument::fromJson(
                      gs::test::readData(kCase, QStringLiteral("ansible-list.json")))
                      .object();
    EXPECT_EQ(QJsonValue(listLikeAnsible(parseData("hosts.yml"))), normalised(ansible));
}

TEST(AnsibleInventory, Examples_AgreeWithAnInstalledAnsible)
{
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("ansible-inventory"));
    if (tool.isEmpty())
        GTEST_SKIP() << "ansible-inventory is not installed (Debian: ansible-core)";
    for (const char *file : {"hosts.ini", "hosts.yml"}) {
        const ProcessRun run = runProcess(tool,
                                          {QStringLiteral("-i"),
                                           gs::test::dataPath(kCase, QLatin1String(file)),
                                           QStringLiteral("--list")});
        ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
        const QJsonObject ansible = QJsonDocument::fromJson(run.out).object();
        EXPECT_EQ(QJsonValue(listLikeAnsible(parseData(file))), normalised(ansible)) << file;
    }
}

TEST(AnsibleInventory, Ranges_ExpandLikeAnsible)
{
    QString error;
    EXPECT_EQ(AnsibleInventory::expandHostPattern(QStringLiteral("www[01:03].example.com"), &error),
              (QStringList{QStringLiteral("www01.example.com"),
                           QStringLiteral("www02.example.com"),
                           QStringLiteral("www03.example.com")}));
    EXPECT_EQ(
            AnsibleInventory::expandHostPattern(QStringLiteral("db-[a:c]"), &error),
            (QStringList{QStringLiteral("db-a"), QStringLiteral("db-b"), QStringLiteral("db-c")}));
    EXPECT_EQ(AnsibleInventory::expandHostPattern(QStringLiteral("n[1:7:3]"), &error),
              (QStringList{QStringLiteral("n1"), QStringLiteral("n4"), QStringLiteral("n7")}));
    EXPECT_TRUE(error.isEmpty());
    EXPECT_TRUE(AnsibleInventory::expandHostPattern(QStringLiteral("w[05:1]"), &error).isEmpty());
    EXPECT_FALSE(error.isEmpty());
}

TEST(AnsibleInventory, BadInput_IsRefusedNamingTheLine)
{
    const struct
    {
        const char *file;
        const char *where;
        const char *what;
    } cases[] = {
            {"bad-tab.yml", "bad-tab.yml:3:", "tab"},
            {"bad-list.yml", "bad-list.yml:3:", "list"},
            {"bad-key.yml", "bad-key.yml:4:", "hosts_typo"},
            {"bad-section.ini", "bad-section.ini:1:", "section header"},
            {"bad-hostvar.ini", "bad-hostvar.ini:2:", "key=value"},
    };
    for (const auto &c : cases) {
        const QString name = QLatin1String(c.file);
        const auto parsed = AnsibleInventory::parse(gs::test::readData(kCase, name), name);
        ASSERT_FALSE(parsed.ok()) << c.file;
        const QString text = parsed.error().text();
        EXPECT_TRUE(text.contains(QLatin1String(c.where))) << qPrintable(text);
        EXPECT_TRUE(text.contains(QLatin1String(c.what))) << qPrintable(text);
    }
    // Not an inventory at all.
    const auto garbage = AnsibleInventory::parse("\x7f"
                                                 "ELF\x02\x01: junk\n  - x\n",
                                                 QStringLiteral("a.out"));
    EXPECT_FALSE(garbage.ok());
}

TEST(AnsibleImport, Example_AddsSshHostsWithTheirGroupAndSkipsTheRest)
{
    Inventory target;
    gs::inventory::Server existing;
    existing.name = QStringLiteral("foo.example.com");
    existing.address = QStringLiteral("foo.example.com");
    ASSERT_TRUE(target.add(existing).ok());

    const auto report = AnsibleImport::import(parseData("hosts.yml"), target);
    // 17 hosts: foo is there already, localhost is a local connection.
    EXPECT_EQ(report.added.size(), 15);
    ASSERT_EQ(report.skipped.size(), 2);
    EXPECT_EQ(report.skipped.at(0).first, QStringLiteral("foo.example.com"));
    EXPECT_EQ(report.skipped.at(1).first, QStringLiteral("localhost"));
    EXPECT_TRUE(report.skipped.at(1).second.contains(QLatin1String("local")));

    const auto *host1 = target.find(QStringLiteral("host1"));
    ASSERT_NE(host1, nullptr);
    EXPECT_EQ(host1->address, QStringLiteral("host1"));
    EXPECT_EQ(host1->port, 2200); // [southeast:vars]
    EXPECT_EQ(host1->user, QStringLiteral("ops"));
    EXPECT_EQ(host1->group, QStringLiteral("atlanta"));
    EXPECT_EQ(host1->tags, (QStringList{QStringLiteral("atlanta"), QStringLiteral("southeast")}));
    const auto *host2 = target.find(QStringLiteral("host2"));
    ASSERT_NE(host2, nullptr);
    EXPECT_EQ(host2->identityFile, QStringLiteral("~/.ssh/atlanta.pem"));
    const auto *jumper = target.find(QStringLiteral("jumper"));
    ASSERT_NE(jumper, nullptr);
    EXPECT_EQ(jumper->address, QStringLiteral("192.0.2.50"));
    EXPECT_EQ(jumper->port, 5555);
    EXPECT_TRUE(jumper->group.isEmpty());
    const auto *bar = target.find(QStringLiteral("bar.example.com"));
    ASSERT_NE(bar, nullptr);
    EXPECT_EQ(bar->port, 2222);

    // A second import adds nothing and says why.
    const auto again = AnsibleImport::import(parseData("hosts.ini"), target);
    EXPECT_TRUE(again.added.isEmpty());
    EXPECT_EQ(again.skipped.size(), 17);
}

TEST(HostsImportAnsible, Cli_AddsOnceThenSkipsAndRefusesBadInput)
{
    QTemporaryDir data;
    ASSERT_TRUE(data.isValid());
    const auto cli = [&data](const QStringList &args) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GATESCOPE_DATA_DIR"), data.path());
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(GS_CLI_PATH), args);
        process.waitForFinished(60000);
        return std::make_tuple(process.exitCode(),
                               QString::fromUtf8(process.readAllStandardOutput()),
                               QString::fromUtf8(process.readAllStandardError()));
    };
    const QString ini = gs::test::dataPath(kCase, QStringLiteral("hosts.ini"));
    const auto [code, out, err] = cli({QStringLiteral("hosts"),
                                       QStringLiteral("import-ansible"),
                                       ini,
                                       QStringLiteral("--json")});
    ASSERT_EQ(code, 0) << qPrintable(err);
    const QJsonObject first = QJsonDocument::fromJson(out.toUtf8()).object();
    EXPECT_EQ(first.value(QStringLiteral("added")).toArray().size(), 16);
    EXPECT_EQ(first.value(QStringLiteral("skipped")).toArray().size(), 1); // localhost

    const auto [code2, out2, err2] = cli({QStringLiteral("hosts"),
                                          QStringLiteral("import-ansible"),
                                          gs::test::dataPath(kCase, QStringLiteral("hosts.yml"))});
    EXPECT_EQ(code2, 0) << qPrintable(err2);
    EXPECT_TRUE(out2.contains(QLatin1String("0 added, 17 skipped"))) << qPrintable(out2);
    EXPECT_TRUE(out2.contains(QLatin1String("Skipped www01.example.com: already in the inventory")))
            << qPrintable(out2);

    const auto [code3, out3, err3]
            = cli({QStringLiteral("hosts"),
                   QStringLiteral("import-ansible"),
                   gs::test::dataPath(kCase, QStringLiteral("bad-tab.yml"))});
    EXPECT_EQ(code3, 64);
    EXPECT_TRUE(err3.contains(QLatin1String("bad-tab.yml:3: a tab"))) << qPrintable(err3);
}
