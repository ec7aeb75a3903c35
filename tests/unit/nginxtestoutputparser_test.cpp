#include "golden.h"
#include "nginx/testoutputparser.h"

#include <gtest/gtest.h>

using namespace gs::nginx;
using gs::test::expectGoldenJson;
using gs::test::readText;

namespace {

TestOutputParser::Result parseCase(const char *caseName, const char *file = "stderr.txt")
{
    return TestOutputParser::parse(readText(QLatin1String(caseName), QLatin1String(file)));
}

} // namespace

TEST(NginxTestOutputParser, ReportsSuccess_WhenTestPasses)
{
    const auto r = parseCase("nginx-t-ok");
    EXPECT_TRUE(r.ok);
    EXPECT_TRUE(r.syntaxOk);
    EXPECT_EQ(r.configFile, QStringLiteral("/etc/nginx/nginx.conf"));
    EXPECT_TRUE(r.messages.isEmpty());
}

TEST(NginxTestOutputParser, KeepsWarning_WhenTestPassesWithWarn)
{
    const auto r = parseCase("nginx-t-warn");
    EXPECT_TRUE(r.ok);
    ASSERT_EQ(r.warnings().size(), 1);
    EXPECT_EQ(r.warnings().first().text,
              QStringLiteral("conflicting server name \"a.test\" on 127.0.0.1:18090, ignored"));
    EXPECT_TRUE(r.errors().isEmpty());
}

TEST(NginxTestOutputParser, PointsAtFileAndLine_WhenEmerg)
{
    const auto r = parseCase("nginx-t-unknown-directive");
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.errors().size(), 1);
    const auto m = r.errors().first();
    EXPECT_EQ(m.level, QStringLiteral("emerg"));
    EXPECT_EQ(m.text, QStringLiteral("unknown directive \"content_by_lua_block\""));
    EXPECT_EQ(m.file, QStringLiteral("/opt/gsapp/conf/conf.d/api.conf"));
    EXPECT_EQ(m.line, 35);
    EXPECT_EQ(r.configFile, QStringLiteral("/opt/gsapp/conf/nginx.conf"));
}

TEST(NginxTestOutputParser, ParsesPrefixedForm_WhenErrorLogNotOpenYet)
{
    const auto r = TestOutputParser::parse(
            u"nginx: [emerg] unexpected \"}\" in /etc/nginx/sites-enabled/app:12\n"
            "nginx: configuration file /etc/nginx/nginx.conf test failed\n");
    EXPECT_FALSE(r.ok);
    ASSERT_EQ(r.messages.size(), 1);
    EXPECT_EQ(r.messages.first().file, QStringLiteral("/etc/nginx/sites-enabled/app"));
    EXPECT_EQ(r.messages.first().line, 12);
    EXPECT_EQ(r.messages.first().text, QStringLiteral("unexpected \"}\""));
}

TEST(NginxTestOutputParser, MatchesGolden_WhenRealFailures)
{
    for (const char *c : {"nginx-t-hostnotfound",
                          "nginx-t-not-terminated",
                          "nginx-t-unexpected-eof",
                          "nginx-t-cert",
                          "nginx-t-nonroot",
                          "nginx-start-port-conflict"}) {
        const auto r = parseCase(c);
        EXPECT_FALSE(r.ok) << c;
        EXPECT_FALSE(r.errors().isEmpty()) << c;
        expectGoldenJson(QLatin1String(c), QStringLiteral("expected.json"), r.toJson());
    }
}
