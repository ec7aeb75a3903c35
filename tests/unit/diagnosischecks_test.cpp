// The pure helpers of the PHP-FPM, host and network checks, and the checks themselves on the
// healthy lab capture (tests/data/diagnosis-healthy) with one command output changed at a time.

#include "golden.h"

#include "checks/diagnosisengine.h"
#include "checks/diagnosismodel.h"
#include "checks/diagnosisplanner.h"
#include "checks/firewallcheck.h"
#include "checks/fpmmodel.h"
#include "checks/hostmodel.h"
#include "checks/phpfpmpoolscheck.h"
#include "checks/probeplans.h"

#include <QJsonDocument>

using gs::checks::DiagnosisEngine;
using gs::checks::DiagnosisModel;
using gs::checks::DiagnosisReport;
using gs::checks::FirewallCheck;
using gs::checks::FpmModel;
using gs::checks::HostModel;
using gs::checks::PhpFpmPoolsCheck;
using gs::checks::RawObservations;

namespace {

using gs::checks::ProbeId;

// A probe's stored key, as the gatherer files its output.
QString key(ProbeId id, const QString &subject = QString())
{
    return gs::checks::ProbeKey{id, subject}.name();
}

const QString kLab = QStringLiteral("/work/wt-checks/build/checks/lab");

RawObservations healthy()
{
    return RawObservations::fromJson(
            QJsonDocument::fromJson(gs::test::readData(QStringLiteral("diagnosis-healthy"),
                                                       QStringLiteral("raw.json")))
                    .object());
}

DiagnosisReport evaluate(const RawObservations &raw)
{
    DiagnosisReport report;
    DiagnosisEngine::evaluate(DiagnosisModel::build(raw), report);
    return report;
}

QStringList ids(const DiagnosisReport &report)
{
    QStringList list;
    for (const auto &finding : report.findings)
        list << finding.id;
    return list;
}

const gs::findings::Finding *finding(const DiagnosisReport &report, const QString &id)
{
    for (const auto &f : report.findings) {
        if (f.id == id)
            return &f;
    }
    return nullptr;
}

QString checkStatus(const DiagnosisReport &report, const QString &id)
{
    for (const auto &check : report.checks) {
        if (check.id == id)
            return gs::checks::checkStatusName(check.status);
    }
    return {};
}

void replaceOut(RawObservations &raw,
                const QString &key,
                const QByteArray &from,
                const QByteArray &to)
{
    ASSERT_TRUE(raw.outputs.contains(key)) << key.toStdString();
    ASSERT_TRUE(raw.outputs[key].out.contains(from)) << from.constData();
    raw.outputs[key].out.replace(from, to);
}

} // namespace

TEST(FpmModel, ListenMatches_ComparesLikeTheKernel)
{
    EXPECT_TRUE(FpmModel::listenMatches(QStringLiteral("/run/php/x.sock"),
                                        QStringLiteral("unix:/run/php//x.sock")));
    EXPECT_FALSE(FpmModel::listenMatches(QStringLiteral("/run/php/php8.2-fpm.sock"),
                                         QStringLiteral("unix:/run/php/php8.1-fpm.sock")));
    EXPECT_TRUE(FpmModel::listenMatches(QStringLiteral("9000"), QStringLiteral("127.0.0.1:9000")));
    EXPECT_TRUE(FpmModel::listenMatches(QStringLiteral("127.0.0.1:9000"),
                                        QStringLiteral("localhost:9000")));
    EXPECT_TRUE(FpmModel::listenMatches(QStringLiteral("0.0.0.0:9000"),
                                        QStringLiteral("10.0.0.5:9000")));
    EXPECT_FALSE(FpmModel::listenMatches(QStringLiteral("[::1]:9000"),
                                         QStringLiteral("127.0.0.1:9000")));
    EXPECT_FALSE(FpmModel::listenMatches(QStringLiteral("127.0.0.1:9001"),
                                         QStringLiteral("127.0.0.1:9000")));
    EXPECT_FALSE(FpmModel::listenMatches(QStringLiteral("/run/x.sock"),
                                         QStringLiteral("127.0.0.1:9000")));
}

TEST(FpmModel, PathsAndDefaults_FollowTheDistributions)
{
    EXPECT_EQ(FpmModel::peerOf(QStringLiteral("9000")), QStringLiteral("127.0.0.1:9000"));
    EXPECT_EQ(FpmModel::peerOf(QStringLiteral("[::1]:9000")), QStringLiteral("[::1]:9000"));
    EXPECT_EQ(FpmModel::peerOf(QStringLiteral("/run/php/x.sock")),
              QStringLiteral("unix:/run/php/x.sock"));
    EXPECT_EQ(FpmModel::defaultConfigFor(QStringLiteral("/usr/sbin/php-fpm8.2")),
              QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf"));
    EXPECT_EQ(FpmModel::defaultConfigFor(QStringLiteral("/usr/sbin/php-fpm")),
              QStringLiteral("/etc/php-fpm.conf"));
    EXPECT_EQ(FpmModel::binaryFor(QStringLiteral("/etc/php/8.1/fpm/php-fpm.conf"),
                                  {QStringLiteral("/usr/sbin/php-fpm8.2"),
                                   QStringLiteral("/usr/sbin/php-fpm8.1")}),
              QStringLiteral("/usr/sbin/php-fpm8.1"));
    gs::phpfpm::PoolConfig conf;
    EXPECT_EQ(FpmModel::resolveErrorLog(conf), QStringLiteral("/var/log/php-fpm.log"));
    conf.global.insert(QStringLiteral("error_log"), {QStringLiteral("syslog"), {}, 0});
    EXPECT_TRUE(FpmModel::resolveErrorLog(conf).isEmpty());
}

TEST(FpmModel, ConfigDump_ReadsIncludesAndSaysWhyNot)
{
    gs::discovery::HostFacts facts;
    facts.fpm.masters.append({12,
                              QStringLiteral("/usr/sbin/php-fpm8.2"),
                              QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf"),
                              QStringLiteral("root")});
    RawObservations raw;
    gs::checks::CommandOutput dump;
    dump.ran = true;
    dump.exitStatus = 0;
    dump.out = "@@file /etc/php/8.2/fpm/php-fpm.conf\n[global]\nerror_log = log/fpm.log\n"
               "include=/etc/php/8.2/fpm/pool.d/*.conf\n\n@@file /etc/php/8.2/fpm/pool.d/www.conf\n"
               "[www]\nlisten = /run/php/php8.2-fpm.sock\npm.max_children = 5\n\n"
               "@@unreadable /etc/php/8.2/fpm/pool.d/secret.conf\n"
               "cat: /etc/php/8.2/fpm/pool.d/secret.conf: Permission denied\n";
    raw.outputs.insert(key(ProbeId::FpmConfig, QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf")),
                       dump);
    const auto model = FpmModel::build(raw, facts, QDateTime::fromSecsSinceEpoch(0, Qt::UTC));
    ASSERT_EQ(model.instances.size(), 1);
    const auto &instance = model.instances.first();
    EXPECT_TRUE(instance.configRead);
    EXPECT_EQ(instance.files.size(), 2);
    EXPECT_EQ(instance.errorLog, QStringLiteral("/var/log/fpm.log"));
    ASSERT_NE(instance.conf.pool(QStringLiteral("www")), nullptr);
    EXPECT_EQ(instance.conf.pool(QStringLiteral("www"))->maxChildren(), 5);
    EXPECT_TRUE(model.poolForPeer(QStringLiteral("unix:/run/php/php8.2-fpm.sock")).has_value());
    EXPECT_EQ(instance.unreadable.size(), 1);

    dump.out = "@@unreadable /etc/php/8.2/fpm/php-fpm.conf\ncat: x: Permission denied\n";
    raw.outputs.insert(key(ProbeId::FpmConfig, QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf")),
                       dump);
    const auto denied = FpmModel::build(raw, facts, QDateTime::fromSecsSinceEpoch(0, Qt::UTC));
    EXPECT_FALSE(denied.instances.first().configRead);
    EXPECT_TRUE(denied.instances.first().configError.contains(QStringLiteral("Permission denied")));
}

TEST(PhpFpmPoolsCheck, SocketAllows_ChecksOneClassOnly)
{
    const QStringList groups{QStringLiteral("www-data")};
    EXPECT_TRUE(PhpFpmPoolsCheck::socketAllows(QStringLiteral("www-data"),
                                               QStringLiteral("www-data"),
                                               0660,
                                               QStringLiteral("www-data"),
                                               groups));
    EXPECT_FALSE(PhpFpmPoolsCheck::socketAllows(QStringLiteral("root"),
                                                QStringLiteral("root"),
                                                0660,
                                                QStringLiteral("www-data"),
                                                groups));
    EXPECT_TRUE(PhpFpmPoolsCheck::socketAllows(QStringLiteral("root"),
                                               QStringLiteral("www-data"),
                                               0660,
                                               QStringLiteral("www-data"),
                                               groups));
    // The owner class applies to the owner even when the group would allow more.
    EXPECT_FALSE(PhpFpmPoolsCheck::socketAllows(QStringLiteral("www-data"),
                                                QStringLiteral("www-data"),
                                                0460,
                                                QStringLiteral("www-data"),
                                                groups));
    EXPECT_TRUE(PhpFpmPoolsCheck::socketAllows(QStringLiteral("root"),
                                               QStringLiteral("root"),
                                               0666,
                                               QStringLiteral("www-data"),
                                               groups));
    EXPECT_TRUE(PhpFpmPoolsCheck::socketAllows(
            QStringLiteral("fpm"), QStringLiteral("fpm"), 0600, QStringLiteral("root"), {}));
}

TEST(PhpFpmPoolsCheck, LikelyListen_PrefersSameDirectoryThenPort)
{
    const QStringList listens{QStringLiteral("127.0.0.1:9000"),
                              QStringLiteral("/var/run/other.sock"),
                              QStringLiteral("/run/php/php8.2-fpm.sock")};
    EXPECT_EQ(PhpFpmPoolsCheck::likelyListen(QStringLiteral("unix:/run/php/php8.1-fpm.sock"),
                                             listens),
              2);
    EXPECT_EQ(PhpFpmPoolsCheck::likelyListen(QStringLiteral("[::1]:9000"), listens), 0);
    EXPECT_EQ(PhpFpmPoolsCheck::likelyListen(QStringLiteral("unix:/x.sock"),
                                             {QStringLiteral("9000")}),
              -1);
    // Another directory and an unrelated name: another application's FPM, not a typo.
    EXPECT_EQ(PhpFpmPoolsCheck::likelyListen(QStringLiteral("unix:/srv/shop/run/php-fpm.sock"),
                                             {QStringLiteral("/tmp/other/other.sock")}),
              -1);
    EXPECT_TRUE(PhpFpmPoolsCheck::servedByNoKnownFpm(
            QStringLiteral("unix:/srv/shop/run/php-fpm.sock"), {QStringLiteral("/tmp/o/a.sock")}));
    // Another directory but a related name (/var/run vs /run): still the one meant.
    EXPECT_EQ(PhpFpmPoolsCheck::likelyListen(QStringLiteral("unix:/var/run/php/php8.1-fpm.sock"),
                                             {QStringLiteral("/run/php/php8.2-fpm.sock")}),
              0);
}

TEST(HostModel, ParseOom_ReadsJournalAndDmesgTimes)
{
    const QByteArray journal
            = "@@journal\n2026-11-21T13:02:13+0100 web1 kernel: Out of memory: Killed process "
              "23910 "
              "(php-fpm8.2) total-vm:812345kB, anon-rss:700000kB, file-rss:0kB, shmem-rss:0kB, "
              "UID:33 pgtables:1500kB oom_score_adj:0\n";
    const auto kills = HostModel::parseOom(journal, 0);
    ASSERT_EQ(kills.size(), 1);
    EXPECT_EQ(kills.first().pid, 23910);
    EXPECT_EQ(kills.first().process, QStringLiteral("php-fpm8.2"));
    EXPECT_EQ(kills.first().utc, QDateTime(QDate(2026, 11, 21), QTime(12, 2, 13), Qt::UTC));

    const QByteArray dmesg
            = "@@dmesg\n[ 3000.123456] Memory cgroup out of memory: Killed process 77 "
              "(python3) total-vm:1kB\n@@uptime\n3500.50 100.00\n";
    const auto boot = HostModel::parseOom(dmesg, 1000000);
    ASSERT_EQ(boot.size(), 1);
    EXPECT_EQ(boot.first().utc.toSecsSinceEpoch(), 1000000 - 3500 + 3000);
    EXPECT_TRUE(HostModel::parseOom("@@dmesg\nnothing here\n", 0).isEmpty());
}

TEST(FirewallCheck, Iptables_FindsRulesForThePeerOnly)
{
    const QString rules = QStringLiteral(
            "-P INPUT ACCEPT\n-P FORWARD DROP\n-P OUTPUT ACCEPT\n"
            "-A INPUT -i eth0 -p tcp -m tcp --dport 3000 -j DROP\n"
            "-A OUTPUT -d 10.0.0.5/32 -p tcp -m tcp --dport 8080 -j REJECT --reject-with "
            "icmp-port-unreachable\n"
            "-A OUTPUT -p tcp -m multiport --dports 9000:9010,3306 -j DROP\n"
            "-A OUTPUT -p udp -m udp --dport 8080 -j DROP\n"
            "-A INPUT -j DROP\n");
    EXPECT_TRUE(
            FirewallCheck::iptablesBlocking(rules, QStringLiteral("127.0.0.1"), 3000).isEmpty());
    EXPECT_EQ(FirewallCheck::iptablesBlocking(rules, QStringLiteral("10.0.0.5"), 8080).size(), 1);
    EXPECT_TRUE(FirewallCheck::iptablesBlocking(rules, QStringLiteral("10.0.0.6"), 8080).isEmpty());
    EXPECT_EQ(FirewallCheck::iptablesBlocking(rules, QStringLiteral("127.0.0.1"), 9005).size(), 1);
}

TEST(FirewallCheck, NftAndUfw_FindDropsToThePort)
{
    const QString ruleset
            = QStringLiteral("table inet filter {\n"
                             "\tchain input {\n"
                             "\t\ttype filter hook input priority filter; policy accept;\n"
                             "\t\tiifname \"eth0\" tcp dport 3000 drop\n"
                             "\t}\n"
                             "\tchain output {\n"
                             "\t\ttype filter hook output priority filter; policy accept;\n"
                             "\t\tip daddr 127.0.0.1 tcp dport { 3000, 8080 } reject\n"
                             "\t}\n"
                             "}\n");
    EXPECT_EQ(FirewallCheck::nftBlocking(ruleset, QStringLiteral("127.0.0.1"), 3000).size(), 1);
    EXPECT_TRUE(FirewallCheck::nftBlocking(ruleset, QStringLiteral("127.0.0.1"), 3001).isEmpty());
    const QString ufw
            = QStringLiteral("Status: active\n\nTo                         Action      From\n"
                             "--                         ------      ----\n"
                             "22/tcp                     ALLOW       Anywhere\n"
                             "3000/tcp                   DENY OUT    Anywhere\n");
    EXPECT_EQ(FirewallCheck::ufwBlocking(ufw, 3000).size(), 1);
    EXPECT_TRUE(FirewallCheck::ufwBlocking(ufw, 22).isEmpty());
}

TEST(GatherPlan, LocationMatches_AsNginxForOnePath)
{
    using gs::checks::probeplans::locationMatches;
    EXPECT_TRUE(locationMatches(QStringLiteral("~"),
                                QStringLiteral("^/(fpm-status|fpm-ping)$"),
                                QStringLiteral("/fpm-status")));
    EXPECT_TRUE(locationMatches(
            QStringLiteral("="), QStringLiteral("/status"), QStringLiteral("/status")));
    EXPECT_FALSE(locationMatches(
            QStringLiteral("="), QStringLiteral("/status"), QStringLiteral("/status2")));
    EXPECT_TRUE(locationMatches(QString(), QStringLiteral("/"), QStringLiteral("/status")));
    EXPECT_TRUE(locationMatches(
            QStringLiteral("~*"), QStringLiteral("\\.PHP$"), QStringLiteral("/x.php")));
    EXPECT_FALSE(locationMatches(QStringLiteral("~"), QStringLiteral("("), QStringLiteral("/")));
}

TEST(DiagnosisChecks, HealthyCapture_HasNoCriticalFinding)
{
    const auto report = evaluate(healthy());
    for (const auto &f : report.findings)
        EXPECT_NE(f.severity, gs::findings::Finding::Severity::Critical) << f.id.toStdString();
    EXPECT_EQ(checkStatus(report, QStringLiteral("phpfpm.pools")), QStringLiteral("pass"));
    EXPECT_EQ(checkStatus(report, QStringLiteral("nginx.listening")), QStringLiteral("pass"));
}

TEST(DiagnosisChecks, OomKilledFpmWorker_IsOneStory)
{
    auto raw = healthy();
    raw.outputs[key(ProbeId::KernelOom)].out
            = "@@journal\n2026-11-21T13:49:38+0000 vm kernel: Out of memory: Killed process 8741 "
              "(php-fpm8.2) total-vm:812345kB, anon-rss:700000kB\n";
    raw.outputs[key(ProbeId::FpmLog, kLab + QStringLiteral("/fpm/log/php-fpm.log"))].out
            += "[21-Nov-2026 13:49:38] WARNING: [pool gslab] child 8741 exited on signal 9 "
               "(SIGKILL) after 4.000000 seconds from start\n";
    const auto report = evaluate(raw);
    const QStringList list = ids(report);
    ASSERT_FALSE(list.isEmpty());
    EXPECT_EQ(list.first(), QStringLiteral("system.oom_kill"));
    const auto *killed = finding(report, QStringLiteral("phpfpm.worker_killed"));
    ASSERT_NE(killed, nullptr);
    EXPECT_TRUE(killed->evidence.first().text.contains(QStringLiteral("OOM killer")));
    EXPECT_EQ(checkStatus(report, QStringLiteral("system.oom")), QStringLiteral("fail"));
}

TEST(DiagnosisChecks, TerminateTimeoutBelowReadTimeout_IsMisaligned)
{
    auto raw = healthy();
    replaceOut(raw,
               key(ProbeId::FpmConfig, kLab + QStringLiteral("/fpm/php-fpm.conf")),
               "pm.max_children = 5\n",
               "pm.max_children = 5\nrequest_terminate_timeout = 10s\n");
    const auto report = evaluate(raw);
    const auto *misaligned = finding(report, QStringLiteral("phpfpm.timeout_misaligned"));
    ASSERT_NE(misaligned, nullptr);
    EXPECT_TRUE(
            misaligned->remedy.first().contains(QStringLiteral("request_terminate_timeout = 35s")));
    EXPECT_TRUE(misaligned->configFile.endsWith(QStringLiteral("pool.d/gslab.conf")));
    EXPECT_EQ(checkStatus(report, QStringLiteral("phpfpm.timeouts")), QStringLiteral("warn"));
}

TEST(DiagnosisChecks, FullDisk_IsCriticalAbove98Percent)
{
    auto raw = healthy();
    QByteArray &out = raw.outputs[key(ProbeId::System)].out;
    const qsizetype df = out.indexOf("@@df\n");
    const qsizetype end = out.indexOf("@@file-nr");
    ASSERT_GT(df, 0);
    out.replace(df,
                end - df,
                "@@df\nFilesystem     1024-blocks     Used Available Capacity Mounted on\n"
                "/dev/vda1         10000000  9900000    100000      99% /\n");
    const auto report = evaluate(raw);
    const auto *disk = finding(report, QStringLiteral("system.disk_full"));
    ASSERT_NE(disk, nullptr);
    EXPECT_EQ(disk->severity, gs::findings::Finding::Severity::Critical);
    EXPECT_EQ(checkStatus(report, QStringLiteral("system.resources")), QStringLiteral("fail"));
}

TEST(DiagnosisChecks, WorkersNearTheirFileLimit_IsFdLimit)
{
    auto raw = healthy();
    replaceOut(raw,
               key(ProbeId::ProcessLimits),
               "pid=8108 ppid=8107 rss=4848 nofile=20000/20000 fds=12",
               "pid=8108 ppid=8107 rss=4848 nofile=1024/4096 fds=1000");
    const auto report = evaluate(raw);
    const auto *limit = finding(report, QStringLiteral("system.fd_limit"));
    ASSERT_NE(limit, nullptr);
    EXPECT_TRUE(limit->remedy.first().contains(QStringLiteral("worker_rlimit_nofile")));
}

TEST(DiagnosisChecks, FailedUnitNamingTheAppPort_IsServiceDownAndCrashLoop)
{
    auto raw = healthy();
    replaceOut(raw, key(ProbeId::Facts), "@@init\nsleep\n", "@@init\nsystemd\nsystemd-running\n");
    gs::checks::CommandOutput unit;
    unit.ran = true;
    unit.exitStatus = 0;
    unit.out = "@@unit shop.service\nId=shop.service\nActiveState=failed\nSubState=failed\n"
               "Result=exit-code\nNRestarts=5\nExecStart={ path=/usr/bin/python3 ; "
               "argv[]=/usr/bin/python3 /opt/shop/app.py --port 27649 ; ignore_errors=no }\n"
               "Environment=\n@@journal\n"
               "2026-11-21T13:49:37+0000 vm systemd[1]: shop.service: Main process exited, "
               "code=exited, status=1/FAILURE\n"
               "2026-11-21T13:49:37+0000 vm systemd[1]: shop.service: Scheduled restart job, "
               "restart counter is at 3.\n"
               "2026-11-21T13:49:38+0000 vm systemd[1]: shop.service: Main process exited, "
               "code=exited, status=1/FAILURE\n"
               "2026-11-21T13:49:38+0000 vm systemd[1]: shop.service: Main process exited, "
               "code=exited, status=1/FAILURE\n"
               "2026-11-21T13:49:38+0000 vm systemd[1]: shop.service: Failed with result "
               "'exit-code'.\n";
    raw.outputs.insert(key(ProbeId::UnitForAddress, QStringLiteral("127.0.0.1:27649")), unit);
    const auto report = evaluate(raw);
    const auto *down = finding(report, QStringLiteral("app.service_down"));
    ASSERT_NE(down, nullptr);
    const auto *loop = finding(report, QStringLiteral("app.crash_loop"));
    ASSERT_NE(loop, nullptr);
    EXPECT_EQ(checkStatus(report, QStringLiteral("app.service")), QStringLiteral("fail"));
    // The check names the unit to restart; front ends never read it back out of evidence.
    const gs::findings::ServiceFix restart{
            QStringLiteral("shop.service"), gs::findings::ServiceFix::Action::Restart, true, {}};
    EXPECT_EQ(down->serviceFix, restart);
    EXPECT_EQ(loop->serviceFix, restart);
}

namespace {

gs::checks::CommandOutput initScript(int status, const QByteArray &statusLine)
{
    gs::checks::CommandOutput script;
    script.ran = true;
    script.exitStatus = 0;
    script.out = "@@script /etc/init.d/shop-app\n@@status " + QByteArray::number(status) + "\n"
                 + statusLine
                 + "\n@@log /var/log/shop-app.log\n"
                   "Traceback (most recent call last):\n"
                   "  File \"/opt/shop/app.py\", line 3, in <module>\n"
                   "ImportError: No module named flask\n";
    return script;
}

// The capture with the app stopped: nothing listens on its port any more.
RawObservations appStopped()
{
    auto raw = healthy();
    replaceOut(raw,
               key(ProbeId::Sockets),
               "LISTEN 0      5      127.0.0.1:27649 0.0.0.0:* "
               "users:((\"python3\",pid=6257,fd=3))",
               "");
    return raw;
}

} // namespace

TEST(DiagnosisChecks, NoSystemd_StoppedInitScriptNamingTheAppPort_IsServiceDownWithItsLog)
{
    auto raw = appStopped();
    raw.outputs.insert(key(ProbeId::InitScriptFor, QStringLiteral("127.0.0.1:27649")),
                       initScript(3, "shop-app is not running"));
    const auto report = evaluate(raw);
    const auto *down = finding(report, QStringLiteral("app.service_down"));
    ASSERT_NE(down, nullptr) << ids(report).join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(down->upstream, QStringLiteral("127.0.0.1:27649"));
    ASSERT_GE(down->evidence.size(), 2);
    EXPECT_EQ(down->evidence.at(0).source, QStringLiteral("/etc/init.d/shop-app status"));
    EXPECT_TRUE(down->evidence.at(0).text.contains(QStringLiteral("shop-app is not running")));
    EXPECT_TRUE(down->evidence.at(0).text.contains(QStringLiteral("proxy_pass")));
    EXPECT_EQ(down->evidence.at(1).source, QStringLiteral("/var/log/shop-app.log"));
    EXPECT_TRUE(down->evidence.at(1).text.endsWith(QStringLiteral("No module named flask")));
    ASSERT_FALSE(down->remedy.isEmpty());
    EXPECT_TRUE(down->remedy.first().contains(QStringLiteral("/etc/init.d/shop-app start")));
    EXPECT_TRUE(down->remedy.first().contains(QStringLiteral("tail -n 100 /var/log/shop-app.log")));
    for (const QString &step : down->remedy)
        EXPECT_FALSE(step.contains(QStringLiteral("systemctl"))) << step.toStdString();
    EXPECT_FALSE(down->configFile.isEmpty());
    const gs::findings::ServiceFix restart{QStringLiteral("shop-app"),
                                           gs::findings::ServiceFix::Action::Restart,
                                           false,
                                           {QStringLiteral("/var/log/shop-app.log")}};
    EXPECT_EQ(down->serviceFix, restart);
    // No journal, no restart counter: a crash loop cannot be told from an init script.
    EXPECT_EQ(finding(report, QStringLiteral("app.crash_loop")), nullptr);
    EXPECT_EQ(checkStatus(report, QStringLiteral("app.service")), QStringLiteral("fail"));
}

TEST(DiagnosisChecks, NoSystemd_StoppedInitScript_ButThePortHeldElsewhere_IsNoServiceDown)
{
    // Started by hand (no pid file for the script to know it by), on ::1: the address mismatch
    // is the cause, not a stopped service.
    auto raw = healthy();
    replaceOut(raw, key(ProbeId::Sockets), "127.0.0.1:27649 0.0.0.0:*", "[::1]:27649 [::]:*");
    raw.outputs.insert(key(ProbeId::InitScriptFor, QStringLiteral("127.0.0.1:27649")),
                       initScript(3, "shop-app is not running"));
    const auto report = evaluate(raw);
    EXPECT_EQ(finding(report, QStringLiteral("app.service_down")), nullptr)
            << ids(report).join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(checkStatus(report, QStringLiteral("app.service")), QStringLiteral("pass"));
    for (const auto &check : report.checks) {
        if (check.id == QLatin1String("app.service")) {
            EXPECT_TRUE(check.summary.contains(QStringLiteral("[::1]:27649 holds the port")))
                    << check.summary.toStdString();
        }
    }
}

TEST(DiagnosisChecks, NoSystemd_RunningInitScript_PassesAndNamesIt)
{
    auto raw = appStopped();
    raw.outputs.insert(key(ProbeId::InitScriptFor, QStringLiteral("127.0.0.1:27649")),
                       initScript(0, "shop-app is running (pid 42)"));
    const auto report = evaluate(raw);
    EXPECT_EQ(finding(report, QStringLiteral("app.service_down")), nullptr);
    EXPECT_EQ(checkStatus(report, QStringLiteral("app.service")), QStringLiteral("pass"));
    const auto it = std::find_if(report.checks.begin(), report.checks.end(), [](const auto &c) {
        return c.id == QLatin1String("app.service");
    });
    ASSERT_NE(it, report.checks.end());
    EXPECT_TRUE(it->summary.contains(QStringLiteral("/etc/init.d/shop-app")))
            << it->summary.toStdString();
}

TEST(DiagnosisChecks, NoSystemd_NoInitScriptFound_StillSkips)
{
    auto raw = appStopped();
    gs::checks::CommandOutput none;
    none.ran = true;
    none.exitStatus = 0;
    none.out = "@@noscript\n";
    raw.outputs.insert(key(ProbeId::InitScriptFor, QStringLiteral("127.0.0.1:27649")), none);
    EXPECT_EQ(checkStatus(evaluate(raw), QStringLiteral("app.service")), QStringLiteral("skip"));
}

TEST(DiagnosisChecks, NoSystemd_SkipsServicesWithReason)
{
    const auto report = evaluate(healthy());
    EXPECT_EQ(checkStatus(report, QStringLiteral("app.service")), QStringLiteral("skip"));
    EXPECT_EQ(checkStatus(report, QStringLiteral("upstream.firewall")), QStringLiteral("skip"));
}

TEST(DiagnosisChecks, GarbageOutputs_NeverCrashOrError)
{
    auto raw = healthy();
    for (auto it = raw.outputs.begin(); it != raw.outputs.end(); ++it) {
        if (it.key() == QLatin1String("facts") || it.key() == QLatin1String("nginx_T"))
            continue;
        it.value().out = QByteArray("@@\n@@file \n\x01\xff garbage=\n pid= fds=x comm=\n[[[\n", 40);
    }
    raw.outputs.insert(key(ProbeId::Firewall), raw.outputs.value(key(ProbeId::System)));
    raw.outputs.insert(key(ProbeId::Dns, QStringLiteral("example.invalid")),
                       raw.outputs.value(key(ProbeId::System)));
    const auto report = evaluate(raw);
    for (const auto &check : report.checks)
        EXPECT_NE(check.status, gs::checks::CheckStatus::Error) << check.id.toStdString();
}

TEST(GatherPlan, Rounds_ReadFpmAndHostAndFetchStatusThroughNginxWithoutCgiFcgi)
{
    auto raw = healthy();
    const DiagnosisModel model = DiagnosisModel::build(raw);
    using gs::checks::DiagnosisPlanner;
    using gs::checks::Round;
    const auto needed = DiagnosisPlanner::needed(DiagnosisEngine::checklist());
    QStringList second;
    for (const auto &command : DiagnosisPlanner::round(Round::Host, model, needed))
        second << command.key;
    EXPECT_TRUE(
            second.contains(key(ProbeId::FpmConfig, kLab + QStringLiteral("/fpm/php-fpm.conf"))));
    EXPECT_TRUE(second.contains(key(ProbeId::FpmTest, kLab + QStringLiteral("/fpm/php-fpm.conf"))));
    EXPECT_TRUE(second.contains(key(ProbeId::ProcessLimits)));
    EXPECT_TRUE(second.contains(key(ProbeId::Firewall)));

    auto hasStatusVia = [&needed](const DiagnosisModel &m, const QString &needle) {
        for (const auto &command : DiagnosisPlanner::round(Round::Targets, m, needed)) {
            if (command.key == QLatin1String("fpmstatus:gslab"))
                return command.command.contains(needle);
        }
        return false;
    };
    EXPECT_TRUE(hasStatusVia(model, QStringLiteral("cgi-fcgi")));
    replaceOut(raw, key(ProbeId::Facts), "cgi-fcgi\n", "");
    const DiagnosisModel withoutCgi = DiagnosisModel::build(raw);
    EXPECT_TRUE(hasStatusVia(withoutCgi, QStringLiteral("http://127.0.0.1:25214/fpm-status")));
    EXPECT_TRUE(hasStatusVia(withoutCgi, QStringLiteral("Host: php.gslab.test")));
}

TEST(DiagnosisChecks, HttpsToAPlainPort_IsProtocolMismatch)
{
    auto raw = healthy();
    replaceOut(raw,
               key(ProbeId::NginxDump),
               "proxy_pass http://127.0.0.1:27649;",
               "proxy_pass https://127.0.0.1:27649;");
    gs::checks::CommandOutput tls;
    tls.ran = true;
    tls.exitStatus = 0;
    // openssl 3.0 s_client against the lab's plain HTTP app.
    tls.out = "40671BF7A87F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version "
              "number:../ssl/record/ssl3_record.c:350:\nCONNECTED(00000003)\n---\nno peer "
              "certificate available\n---\nNo client certificate CA names sent\n---\nSSL handshake "
              "has read 5 bytes and written 297 bytes\nVerification: OK\n---\nNew, (NONE), Cipher "
              "is (NONE)\nSecure Renegotiation IS NOT supported\nVerify return code: 0 (ok)\n---\n";
    raw.outputs.insert(key(ProbeId::Tls, QStringLiteral("127.0.0.1:27649")), tls);
    const auto report = evaluate(raw);
    const auto *mismatch = finding(report, QStringLiteral("upstream.protocol_mismatch"));
    ASSERT_NE(mismatch, nullptr) << ids(report).join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(mismatch->upstream, QStringLiteral("127.0.0.1:27649"));
    EXPECT_EQ(checkStatus(report, QStringLiteral("upstream.tls")), QStringLiteral("fail"));

    tls.out = "CONNECTED(00000003)\n---\nNew, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\n"
              "Verify return code: 18 (self-signed certificate)\n---\n";
    raw.outputs.insert(key(ProbeId::Tls, QStringLiteral("127.0.0.1:27649")), tls);
    const auto selfSigned = evaluate(raw);
    EXPECT_EQ(finding(selfSigned, QStringLiteral("upstream.ssl_handshake_failed")), nullptr);
    EXPECT_EQ(checkStatus(selfSigned, QStringLiteral("upstream.tls")), QStringLiteral("pass"));
}

TEST(DiagnosisChecks, UnresolvableUpstreamName_IsDnsFailure)
{
    auto raw = healthy();
    replaceOut(raw,
               key(ProbeId::NginxDump),
               "proxy_pass http://127.0.0.1:27649;",
               "proxy_pass http://shop.internal.example:8080;");
    gs::checks::CommandOutput dns;
    dns.ran = true;
    dns.exitStatus = 0;
    dns.out = "rc=2\n";
    raw.outputs.insert(key(ProbeId::Dns, QStringLiteral("shop.internal.example")), dns);
    const auto report = evaluate(raw);
    const auto *failure = finding(report, QStringLiteral("upstream.dns_failure"));
    ASSERT_NE(failure, nullptr);
    EXPECT_EQ(failure->upstream, QStringLiteral("shop.internal.example:8080"));
    EXPECT_EQ(checkStatus(report, QStringLiteral("upstream.dns")), QStringLiteral("fail"));
}
