#include "findings/findingcatalog.h"
#include "golden.h"
#include "nginx/stubstatusparser.h"
#include "phpfpm/fpmlogparser.h"
#include "phpfpm/fpmstatusparser.h"
#include "phpfpm/fpmtestoutputparser.h"
#include "phpfpm/poolconfigparser.h"
#include "phpfpm/slowlogparser.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using gs::findings::findingName;

using namespace gs::phpfpm;
using gs::test::expectGoldenJson;
using gs::test::readData;
using gs::test::readText;

namespace {

QJsonObject summarize(const FpmLogParser::Result &r)
{
    QJsonArray entries;
    for (const FpmLogEntry &e : r.entries)
        entries.append(e.toJson());
    return QJsonObject{{QStringLiteral("lines"), r.lines},
                       {QStringLiteral("unparsed"), r.unparsedLines},
                       {QStringLiteral("entries"), entries}};
}

const FpmLogEntry *firstOf(const FpmLogParser::Result &r, FpmLogEntry::Kind kind)
{
    for (const auto &e : r.entries) {
        if (e.kind == kind)
            return &e;
    }
    return nullptr;
}

} // namespace

TEST(FpmLogParser, ClassifiesRealLines_WhenLabLog)
{
    const auto r = FpmLogParser::parse(
            readData(QStringLiteral("fpm-log-lab"), QStringLiteral("php-fpm.log")));
    EXPECT_EQ(r.lines, 64);
    EXPECT_EQ(r.unparsedLines, 0);
    using K = FpmLogEntry::Kind;
    const auto *max = firstOf(r, K::MaxChildrenReached);
    ASSERT_NE(max, nullptr);
    EXPECT_EQ(max->maxChildren, 2);
    EXPECT_EQ(max->pool, QStringLiteral("www"));
    EXPECT_EQ(findingName(max->findingId()), QStringLiteral("phpfpm.max_children_reached"));
    EXPECT_EQ(max->wallTime, QDateTime(QDate(2026, 11, 21), QTime(13, 2, 5), Qt::UTC));
    const auto *timedOut = firstOf(r, K::ExecutionTimedOut);
    ASSERT_NE(timedOut, nullptr);
    EXPECT_EQ(timedOut->script, QStringLiteral("/tmp/gsd/lab/www/sleep.php"));
    EXPECT_EQ(timedOut->request, QStringLiteral("GET /sleep.php?s=8"));
    EXPECT_DOUBLE_EQ(timedOut->seconds, 4.218553);
    EXPECT_EQ(findingName(timedOut->findingId()), QStringLiteral("phpfpm.request_timeout"));
    const auto *killed = firstOf(r, K::ChildExitedOnSignal);
    ASSERT_NE(killed, nullptr);
    EXPECT_EQ(killed->signal, 15);
    EXPECT_EQ(killed->signalName, QStringLiteral("SIGTERM"));
    EXPECT_EQ(killed->childPid, 23827);
    const auto *bind = firstOf(r, K::UnableToBind);
    ASSERT_NE(bind, nullptr);
    EXPECT_EQ(bind->address, QStringLiteral("127.0.0.1:19000"));
    const auto *another = firstOf(r, K::AnotherInstance);
    ASSERT_NE(another, nullptr);
    EXPECT_EQ(another->address, QStringLiteral("/tmp/gsd/lab/php.sock"));
    expectGoldenJson(QStringLiteral("fpm-log-lab"), QStringLiteral("expected.json"), summarize(r));
}

TEST(FpmLogParser, ReadsOndemandWordingAndFractions_WhenVariantLines)
{
    const auto r = FpmLogParser::parse(
            "[21-Nov-2026 13:02:05.123456] WARNING: [pool api] server reached max_children "
            "setting (8), consider raising it\n"
            "not a log line\n"
            "[21-Nov-2026 13:03:00] WARNING: [pool api] child 42 exited on signal 9 (SIGKILL) "
            "after 12.5 seconds from start\n"
            "[21-Nov-2026 13:03:01] NOTICE: [pool api] child 43 exited with code 0 after 1.0 "
            "seconds from start\n");
    ASSERT_EQ(r.entries.size(), 3);
    EXPECT_EQ(r.unparsedLines, 1);
    EXPECT_EQ(r.diagnostics.value(0).line, 2);
    EXPECT_EQ(r.entries[0].maxChildren, 8);
    EXPECT_EQ(r.entries[0].wallTime.time().msec(), 123);
    EXPECT_EQ(r.entries[1].signal, 9);
    EXPECT_EQ(findingName(r.entries[1].findingId()), QStringLiteral("phpfpm.worker_killed"));
    EXPECT_EQ(r.entries[2].kind, FpmLogEntry::Kind::ChildExitedWithCode);
    EXPECT_TRUE(findingName(r.entries[2].findingId()).isEmpty());
}

TEST(FpmTestOutputParser, ReportsSuccess_WhenConfigValid)
{
    const auto r = FpmTestOutputParser::parse(
            readText(QStringLiteral("fpm-t-ok"), QStringLiteral("output.txt")));
    EXPECT_TRUE(r.ok);
    EXPECT_EQ(r.configFile, QStringLiteral("/tmp/gsd/lab/fpm/php-fpm.conf"));
}

TEST(FpmTestOutputParser, PointsAtFileLineAndPool_WhenConfigInvalid)
{
    const auto syntax = FpmTestOutputParser::parse(
            readText(QStringLiteral("fpm-t-syntax"), QStringLiteral("output.txt")));
    EXPECT_FALSE(syntax.ok);
    ASSERT_FALSE(syntax.errors().isEmpty());
    EXPECT_EQ(syntax.errors().first().file, QStringLiteral("/tmp/gsd/fpmbad/syntax.conf"));
    EXPECT_EQ(syntax.errors().first().line, 5);
    const auto pm = FpmTestOutputParser::parse(
            readText(QStringLiteral("fpm-t-bad-pm"), QStringLiteral("output.txt")));
    EXPECT_FALSE(pm.ok);
    EXPECT_EQ(pm.errors().first().pool, QStringLiteral("www"));
    EXPECT_EQ(pm.errors().first().level, QStringLiteral("ALERT"));
    const auto missing = FpmTestOutputParser::parse(
            readText(QStringLiteral("fpm-t-missing"), QStringLiteral("output.txt")));
    EXPECT_FALSE(missing.ok);
    EXPECT_EQ(missing.configFile, QStringLiteral("/tmp/gsd/nonexist.conf"));
    for (const char *c : {"fpm-t-ok", "fpm-t-syntax", "fpm-t-bad-pm", "fpm-t-missing"})
        expectGoldenJson(
                QLatin1String(c),
                QStringLiteral("expected.json"),
                FpmTestOutputParser::parse(readText(QLatin1String(c), QStringLiteral("output.txt")))
                        .toJson());
}

TEST(FpmPoolConfigParser, ReadsGlobalIncludesAndPool_WhenDebianDefaults)
{
    PoolConfig c = PoolConfigParser::parse(
            readText(QStringLiteral("fpm-pool-debian"), QStringLiteral("php-fpm.conf")),
            QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf"));
    EXPECT_TRUE(c.diagnostics.isEmpty());
    EXPECT_EQ(c.errorLog(), QStringLiteral("/var/log/php8.2-fpm.log"));
    ASSERT_EQ(c.includes.size(), 1);
    EXPECT_EQ(c.includes.first().pattern, QStringLiteral("/etc/php/8.2/fpm/pool.d/*.conf"));
    PoolConfigParser::parseInto(
            c,
            readText(QStringLiteral("fpm-pool-debian"), QStringLiteral("www.conf")),
            QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf"));
    EXPECT_TRUE(c.diagnostics.isEmpty());
    const auto *www = c.pool(QStringLiteral("www"));
    ASSERT_NE(www, nullptr);
    EXPECT_EQ(www->listen(), QStringLiteral("/run/php/php8.2-fpm.sock"));
    EXPECT_TRUE(www->listensOnUnixSocket());
    EXPECT_EQ(www->listenOwner(), QStringLiteral("www-data"));
    EXPECT_EQ(www->listenMode(), QStringLiteral("0660"));
    EXPECT_EQ(www->pm(), QStringLiteral("dynamic"));
    EXPECT_EQ(www->maxChildren(), 5);
    EXPECT_EQ(www->requestTerminateTimeoutSeconds(), 0);
    EXPECT_TRUE(www->statusPath().isEmpty()); // commented out in the Debian default
    expectGoldenJson(
            QStringLiteral("fpm-pool-debian"), QStringLiteral("expected.json"), c.toJson());
}

TEST(FpmPoolConfigParser, SubstitutesPoolAndStripsComments_WhenLabPool)
{
    const PoolConfig c = PoolConfigParser::parse(
            readText(QStringLiteral("fpm-pool-lab"), QStringLiteral("php-fpm.conf")),
            QStringLiteral("/tmp/gsd/lab/fpm/php-fpm.conf"));
    const auto *www = c.pool(QStringLiteral("www"));
    ASSERT_NE(www, nullptr);
    EXPECT_EQ(www->slowlog(), QStringLiteral("/tmp/gsd/lab/logs/www.slow.log"));
    EXPECT_EQ(www->requestTerminateTimeoutSeconds(), 4);
    EXPECT_EQ(www->requestSlowlogTimeoutSeconds(), 1);
    EXPECT_EQ(www->statusPath(), QStringLiteral("/fpm-status"));
    EXPECT_EQ(www->phpValues().value(QStringLiteral("display_errors")), QStringLiteral("Off"));
    EXPECT_EQ(www->values.value(QStringLiteral("pm.max_children")).line, 15);
    const PoolConfig inl
            = PoolConfigParser::parse(u"[api]\nlisten = 127.0.0.1:9001 ; tcp\nuser = "
                                      u"\"app;user\"\nrequest_terminate_timeout = 5m\n",
                                      QStringLiteral("/x.conf"));
    EXPECT_EQ(inl.pool(QStringLiteral("api"))->listen(), QStringLiteral("127.0.0.1:9001"));
    EXPECT_EQ(inl.pool(QStringLiteral("api"))->user(), QStringLiteral("app;user"));
    EXPECT_EQ(inl.pool(QStringLiteral("api"))->requestTerminateTimeoutSeconds(), 300);
}

TEST(FpmStatusParser, ReadsSamePool_WhenPlainOrJson)
{
    const auto plain = FpmStatusParser::parse(
            readData(QStringLiteral("fpm-status-plain"), QStringLiteral("status.txt")));
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->pool, QStringLiteral("www"));
    EXPECT_EQ(plain->activeProcesses, 2);
    EXPECT_EQ(plain->maxChildrenReached, 1);
    const auto json = FpmStatusParser::parse(
            readData(QStringLiteral("fpm-status-json"), QStringLiteral("status.json")));
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(json->processManager, QStringLiteral("dynamic"));
    EXPECT_EQ(json->slowRequests, 1);
    const auto full = FpmStatusParser::parse(
            readData(QStringLiteral("fpm-status-full-json"), QStringLiteral("status.json")));
    ASSERT_TRUE(full.ok());
    ASSERT_EQ(full->processes.size(), 2);
    EXPECT_EQ(full->processes[1].requestUri, QStringLiteral("/sleep.php?s=2"));
    EXPECT_EQ(full->processes[1].script, QStringLiteral("/tmp/gsd/lab/www/sleep.php"));
    const auto fullPlain = FpmStatusParser::parse(
            readData(QStringLiteral("fpm-status-full"), QStringLiteral("status.txt")));
    ASSERT_TRUE(fullPlain.ok());
    ASSERT_EQ(fullPlain->processes.size(), 2);
    EXPECT_EQ(fullPlain->processes[1].state, QStringLiteral("Running"));
    EXPECT_EQ(fullPlain->processes[1].requestDurationUs, 1048401);
    expectGoldenJson(QStringLiteral("fpm-status-full"),
                     QStringLiteral("expected.json"),
                     fullPlain->toJson());
}

TEST(FpmStatusParser, Fails_WhenBodyIsNotAStatusPage)
{
    EXPECT_FALSE(FpmStatusParser::parse("File not found.\n").ok());
    EXPECT_FALSE(FpmStatusParser::parse("{not json").ok());
}

TEST(NginxStubStatusParser, ReadsCounters_WhenRealPage)
{
    const auto s = gs::nginx::StubStatusParser::parse(
            readData(QStringLiteral("stub-status"), QStringLiteral("status.txt")));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->active, 1);
    EXPECT_EQ(s->accepts, 38);
    EXPECT_EQ(s->handled, 38);
    EXPECT_EQ(s->requests, 38);
    EXPECT_EQ(s->writing, 1);
    EXPECT_EQ(s->dropped(), 0);
    EXPECT_FALSE(gs::nginx::StubStatusParser::parse("<html>502 Bad Gateway</html>").ok());
}

TEST(FpmSlowlogParser, ReadsBlocks_WhenRealSlowlog)
{
    const auto entries = gs::phpfpm::SlowlogParser::parse(
            readData(QStringLiteral("fpm-slowlog-lab"), QStringLiteral("www.slow.log")));
    ASSERT_EQ(entries.size(), 7);
    EXPECT_EQ(entries[0].pool, QStringLiteral("www"));
    EXPECT_EQ(entries[0].pid, 23480);
    EXPECT_EQ(entries[0].scriptFilename, QStringLiteral("/tmp/gsd/lab/www/sleep.php"));
    ASSERT_EQ(entries[0].frames.size(), 1);
    EXPECT_EQ(entries[0].frames[0], QStringLiteral("sleep() /tmp/gsd/lab/www/sleep.php:3"));
    EXPECT_EQ(entries[1].line, 6);
    EXPECT_EQ(entries[1].wallTime, QDateTime(QDate(2026, 11, 21), QTime(13, 2, 5), Qt::UTC));
}
