// What a whole-tree snapshot takes (config::SnapshotScope), from real configurations: Debian's
// /etc/nginx + /etc/php/8.2/fpm and the lab's prefix layout (logs and temp directories inside the
// trees) running side by side, a RHEL-style FPM whose main file sits directly in /etc, and trees
// reached through a symlink.

#include "golden.h"

#include "config/configfileset.h"
#include "config/snapshotscope.h"
#include "nginx/configparser.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using gs::config::ConfigFile;
using gs::config::ConfigFileSet;
using gs::config::ConfigService;
using gs::config::ServiceKind;
using gs::config::SnapshotScope;

namespace {

void addFile(ConfigFileSet &set, const QString &path, int service, const QString &realPath = {})
{
    ConfigFile file;
    file.info.path = path;
    file.info.realPath = realPath.isEmpty() ? path : realPath;
    file.info.exists = true;
    file.serviceIndex = service;
    file.kind = set.services.at(service).kind;
    file.isMain = path == set.services.at(service).config;
    set.files << file;
}

void addNginx(ConfigFileSet &set,
              const QString &caseName,
              const QString &file,
              ConfigService service)
{
    service.kind = ServiceKind::Nginx;
    set.services << service;
    const int index = int(set.services.size() - 1);
    auto dump = gs::nginx::ConfigParser::parseDump(gs::test::readText(caseName, file));
    ASSERT_TRUE(dump.ok());
    for (const auto &parsed : dump->files)
        addFile(set, parsed.path, index);
    set.nginxDumps.insert(index, *dump);
}

// Two instances on one machine: Debian's packaged nginx + PHP-FPM 8.2, and the lab.
struct TwoInstances
{
    ConfigFileSet set;
    QHash<QString, QString> fpmTexts;

    TwoInstances()
    {
        set.facts.nginx.compiledPrefix = QStringLiteral("/usr/share/nginx");
        ConfigService debian;
        debian.config = QStringLiteral("/etc/nginx/nginx.conf");
        debian.pidFile = QStringLiteral("/run/nginx.pid");
        debian.errorLogs = {QStringLiteral("/var/log/nginx/error.log")};
        addNginx(set, QStringLiteral("nginx-T-debian"), QStringLiteral("stdout.txt"), debian);
        ConfigService lab;
        lab.config = QStringLiteral("/srv/gslab/nginx/nginx.conf");
        lab.prefix = QStringLiteral("/srv/gslab/nginx/");
        lab.errorLogArg = QStringLiteral("/srv/gslab/nginx/logs/error.log");
        lab.pidFile = QStringLiteral("/srv/gslab/run/nginx.pid");
        lab.errorLogs = {QStringLiteral("/srv/gslab/nginx/logs/error.log")};
        addNginx(set, QStringLiteral("snapshot-scope-lab"), QStringLiteral("nginx-T.txt"), lab);

        ConfigService debianFpm;
        debianFpm.kind = ServiceKind::PhpFpm;
        debianFpm.config = QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf");
        debianFpm.errorLogs = {QStringLiteral("/var/log/php8.2-fpm.log")};
        set.services << debianFpm;
        addFile(set, debianFpm.config, 2);
        addFile(set, QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf"), 2);
        fpmTexts.insert(debianFpm.config,
                        gs::test::readText(QStringLiteral("fpm-pool-debian"),
                                           QStringLiteral("php-fpm.conf")));
        fpmTexts.insert(
                QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf"),
                gs::test::readText(QStringLiteral("fpm-pool-debian"), QStringLiteral("www.conf")));

        ConfigService labFpm;
        labFpm.kind = ServiceKind::PhpFpm;
        labFpm.config = QStringLiteral("/srv/gslab/fpm/php-fpm.conf");
        labFpm.errorLogs = {QStringLiteral("/srv/gslab/fpm/log/php-fpm.log")};
        set.services << labFpm;
        addFile(set, labFpm.config, 3);
        addFile(set, QStringLiteral("/srv/gslab/fpm/pool.d/gslab.conf"), 3);
        fpmTexts.insert(labFpm.config,
                        gs::test::readText(QStringLiteral("snapshot-scope-lab"),
                                           QStringLiteral("php-fpm.conf")));
        fpmTexts.insert(QStringLiteral("/srv/gslab/fpm/pool.d/gslab.conf"),
                        gs::test::readText(QStringLiteral("snapshot-scope-lab"),
                                           QStringLiteral("gslab.conf")));
    }
};

QJsonObject toJson(const SnapshotScope &scope)
{
    QJsonArray services;
    for (const int index : scope.services)
        services.append(index);
    QJsonArray probes;
    for (const auto &probe : scope.probes)
        probes.append(QString(probe.url + QLatin1Char(' ') + probe.hostHeader));
    QJsonArray pings;
    for (const auto &ping : scope.pings)
        pings.append(QString(ping.connect + QLatin1Char(' ') + ping.pingPath + QLatin1Char(' ')
                             + ping.pool));
    return QJsonObject{
            {QStringLiteral("directories"), QJsonArray::fromStringList(scope.directories)},
            {QStringLiteral("files"), QJsonArray::fromStringList(scope.files)},
            {QStringLiteral("excluded"), QJsonArray::fromStringList(scope.excluded)},
            {QStringLiteral("excluded_logs"), QJsonArray::fromStringList(scope.excludedLogs)},
            {QStringLiteral("services"), services},
            {QStringLiteral("probes"), probes},
            {QStringLiteral("pings"), pings},
            {QStringLiteral("problems"), QJsonArray::fromStringList(scope.problems)}};
}

} // namespace

TEST(SnapshotScope, EveryMaster_TakesEachMainFilesDirectory_LeavesLogsAndTempOut)
{
    const TwoInstances machine;
    const SnapshotScope scope = SnapshotScope::from(machine.set, machine.fpmTexts);
    gs::test::expectGoldenJson(QStringLiteral("snapshot-scope-lab"),
                               QStringLiteral("expected-all.json"),
                               toJson(scope));
    EXPECT_EQ(scope.directories,
              QStringList({QStringLiteral("/etc/nginx"),
                           QStringLiteral("/srv/gslab/nginx"),
                           QStringLiteral("/etc/php/8.2/fpm"),
                           QStringLiteral("/srv/gslab/fpm")}));
    EXPECT_TRUE(scope.excluded.contains(QStringLiteral("/srv/gslab/nginx/logs")));
    EXPECT_TRUE(scope.excluded.contains(QStringLiteral("/srv/gslab/nginx/tmp")));
    EXPECT_TRUE(scope.excluded.contains(QStringLiteral("/srv/gslab/fpm/log")));
    for (const QString &excluded : scope.excluded + scope.excludedLogs)
        EXPECT_FALSE(excluded.startsWith(QLatin1String("/etc/"))) << excluded.toStdString();
}

TEST(SnapshotScope, OneNginxNamed_TakesItAndThePhpFpmItPassesTo)
{
    const TwoInstances machine;
    const SnapshotScope lab = SnapshotScope::from(
            machine.set, machine.fpmTexts, QStringLiteral("/srv/gslab/nginx/nginx.conf"));
    gs::test::expectGoldenJson(
            QStringLiteral("snapshot-scope-lab"), QStringLiteral("expected-lab.json"), toJson(lab));
    EXPECT_EQ(lab.directories,
              QStringList({QStringLiteral("/srv/gslab/nginx"), QStringLiteral("/srv/gslab/fpm")}));
    EXPECT_EQ(lab.services, QList<int>({1, 3}));

    const SnapshotScope debian = SnapshotScope::from(
            machine.set, machine.fpmTexts, QStringLiteral("/etc/nginx/nginx.conf"));
    EXPECT_EQ(debian.directories,
              QStringList({QStringLiteral("/etc/nginx"), QStringLiteral("/etc/php/8.2/fpm")}));
    EXPECT_EQ(debian.services, QList<int>({0, 2}));
    for (const auto &probe : debian.probes)
        EXPECT_FALSE(probe.url.contains(QLatin1String("gslab"))) << probe.url.toStdString();

    const SnapshotScope none = SnapshotScope::from(
            machine.set, machine.fpmTexts, QStringLiteral("/opt/other/nginx.conf"));
    EXPECT_TRUE(none.isEmpty());
    EXPECT_FALSE(none.problems.isEmpty());
}

TEST(SnapshotScope, MainFileDirectlyInEtc_IsTakenAsFiles_NeverAllOfEtc)
{
    ConfigFileSet set;
    ConfigService fpm;
    fpm.kind = ServiceKind::PhpFpm;
    fpm.config = QStringLiteral("/etc/php-fpm.conf");
    set.services << fpm;
    addFile(set, fpm.config, 0);
    addFile(set, QStringLiteral("/etc/php-fpm.d/www.conf"), 0);
    // A site enabled by a symlink to a file outside every tree.
    ConfigService nginx;
    nginx.config = QStringLiteral("/etc/nginx/nginx.conf");
    set.services << nginx;
    addFile(set, nginx.config, 1);
    addFile(set,
            QStringLiteral("/etc/nginx/sites-enabled/app"),
            1,
            QStringLiteral("/srv/app/deploy/nginx.conf"));
    const SnapshotScope scope = SnapshotScope::from(set, {});
    EXPECT_EQ(scope.directories, QStringList({QStringLiteral("/etc/nginx")}));
    EXPECT_EQ(scope.files,
              QStringList({QStringLiteral("/etc/php-fpm.conf"),
                           QStringLiteral("/etc/php-fpm.d/www.conf"),
                           QStringLiteral("/srv/app/deploy/nginx.conf")}));
    EXPECT_TRUE(SnapshotScope::isSystemDirectory(QStringLiteral("/etc/")));
    EXPECT_FALSE(SnapshotScope::isSystemDirectory(QStringLiteral("/usr/local/etc/nginx")));
}

TEST(SnapshotScope, TreeReachedThroughASymlink_IsTakenWhereItReallyIs)
{
    const TwoInstances machine;
    const SnapshotScope scope = SnapshotScope::from(
            machine.set, machine.fpmTexts, QStringLiteral("/srv/gslab/nginx/nginx.conf"));
    const SnapshotScope real = scope.resolved(
            {{QStringLiteral("/srv/gslab/nginx"), QStringLiteral("/data/gslab/nginx")},
             {QStringLiteral("/srv/gslab/fpm"), QStringLiteral("/")}});
    EXPECT_EQ(real.directories, QStringList({QStringLiteral("/data/gslab/nginx")}));
    EXPECT_TRUE(real.excluded.contains(QStringLiteral("/data/gslab/nginx/logs")));
    EXPECT_FALSE(real.excluded.contains(QStringLiteral("/srv/gslab/nginx/logs")));
    // A tree that turns out to be "/" is refused, with the reason.
    EXPECT_FALSE(real.problems.isEmpty());
}
