#include "golden.h"
#include "nginx/configmodel.h"
#include "nginx/configparser.h"
#include "nginx/sizetime.h"

#include <gtest/gtest.h>

using namespace gs::nginx;
using gs::test::expectGoldenJson;
using gs::test::readText;

namespace {

ConfigModel modelFor(const QString &caseName, const QString &prefix = {})
{
    const QString text = readText(caseName, QStringLiteral("stdout.txt"));
    auto dump = ConfigParser::parseDump(text);
    EXPECT_TRUE(dump.ok());
    if (!dump.ok())
        return {};
    EXPECT_TRUE(dump->diagnostics.isEmpty());
    gs::sys::ParseDiagnostics diags;
    const auto tree = ConfigParser::expandIncludes(*dump, &diags);
    EXPECT_TRUE(diags.isEmpty()) << qPrintable(diags.value(0).text());
    return ConfigModel::build(tree, ConfigModel::Options{prefix});
}

const ConfigModel::Location *findLocation(const ConfigModel &m, const QString &path)
{
    for (const auto &s : m.servers) {
        for (const auto &l : s.locations) {
            if (l.path == path)
                return &l;
        }
    }
    return nullptr;
}

} // namespace

TEST(SizeTime, ParsesNginxUnits_WhenSuffixed)
{
    EXPECT_EQ(parseSize(u"16k"), 16 * 1024);
    EXPECT_EQ(parseSize(u"1m"), 1024 * 1024);
    EXPECT_EQ(parseSize(u"1G"), 1024LL * 1024 * 1024);
    EXPECT_EQ(parseSize(u"512"), 512);
    EXPECT_FALSE(parseSize(u"12x").has_value());
    EXPECT_FALSE(parseSize(u"").has_value());
    EXPECT_EQ(parseDurationMs(u"30s"), 30000);
    EXPECT_EQ(parseDurationMs(u"30"), 30000);
    EXPECT_EQ(parseDurationMs(u"500ms"), 500);
    EXPECT_EQ(parseDurationMs(u"1h"), 3600000);
    EXPECT_EQ(parseDurationMs(u"2m"), 120000);
    EXPECT_EQ(parseDurationMs(u"1h 30m"), 5400000);
    EXPECT_EQ(parseDurationMs(u"1d"), 86400000);
    EXPECT_FALSE(parseDurationMs(u"abc").has_value());
    EXPECT_FALSE(parseDurationMs(u"5q").has_value());
    EXPECT_EQ(formatDurationMs(60000), QStringLiteral("60s"));
    EXPECT_EQ(formatDurationMs(500), QStringLiteral("500ms"));
}

TEST(NginxConfigParser, HandlesQuotesEscapesAndVariables_WhenTokenizing)
{
    const QString text
            = QStringLiteral("add_header X-A \"a; b {c}\" always;\n"
                             "return 200 'it\\'s';   # comment ; {\n"
                             "set $x ${host}_suffix;\n"
                             "location ~ \\.php$ { fastcgi_pass\n   unix:/run/php.sock; }\n"
                             "log_format f '$a \"q\"'\n   '$b';\n");
    gs::sys::ParseDiagnostics diags;
    const auto ds = ConfigParser::parseText(text, QStringLiteral("/t.conf"), &diags);
    EXPECT_TRUE(diags.isEmpty());
    ASSERT_EQ(ds.size(), 5);
    EXPECT_EQ(ds[0].args,
              (QStringList{QStringLiteral("X-A"),
                           QStringLiteral("a; b {c}"),
                           QStringLiteral("always")}));
    EXPECT_EQ(ds[1].args.value(1), QStringLiteral("it's"));
    EXPECT_EQ(ds[2].args.value(1), QStringLiteral("${host}_suffix"));
    EXPECT_EQ(ds[3].args.value(1), QStringLiteral("\\.php$"));
    ASSERT_EQ(ds[3].children.size(), 1);
    EXPECT_EQ(ds[3].children[0].line, 4);
    EXPECT_EQ(ds[3].children[0].arg(0), QStringLiteral("unix:/run/php.sock"));
    EXPECT_EQ(ds[4].line, 6);
    EXPECT_EQ(ds[4].args.size(), 3);
    EXPECT_EQ(ds[4].args.value(1), QStringLiteral("$a \"q\""));
}

TEST(NginxConfigParser, ReportsLine_WhenBlockUnterminatedOrBraceUnexpected)
{
    gs::sys::ParseDiagnostics diags;
    ConfigParser::parseText(u"http {\n server {\n listen 80;\n", QStringLiteral("/a.conf"), &diags);
    ASSERT_FALSE(diags.isEmpty());
    EXPECT_EQ(diags.first().file, QStringLiteral("/a.conf"));
    diags.clear();
    ConfigParser::parseText(u"events {}\n}\n", QStringLiteral("/b.conf"), &diags);
    ASSERT_EQ(diags.size(), 1);
    EXPECT_EQ(diags.first().line, 2);
    diags.clear();
    const auto ds = ConfigParser::parseText(u"listen 80\n}", QStringLiteral("/c.conf"), &diags);
    EXPECT_EQ(diags.size(), 2); // not terminated, unexpected "}"
    EXPECT_EQ(ds.size(), 1);
}

TEST(NginxConfigParser, KeepsLuaBlockRaw_WhenBracesInLuaStrings)
{
    gs::sys::ParseDiagnostics diags;
    const auto ds = ConfigParser::parseText(
            u"location /lua {\n content_by_lua_block {\n  local t = { a = \"}\" } -- }\n"
            "  ngx.say('x;{')\n }\n}\nserver_tokens off;\n",
            QStringLiteral("/l.conf"),
            &diags);
    EXPECT_TRUE(diags.isEmpty());
    ASSERT_EQ(ds.size(), 2);
    ASSERT_EQ(ds[0].children.size(), 1);
    EXPECT_TRUE(ds[0].children[0].rawBlock.contains(QStringLiteral("ngx.say")));
    EXPECT_EQ(ds[1].name, QStringLiteral("server_tokens"));
    EXPECT_EQ(ds[1].line, 7);
}

TEST(NginxConfigParser, FailsWithHint_WhenDumpHasNoSections)
{
    const auto dump = ConfigParser::parseDump(u"nginx: [emerg] unknown directive \"x\"\n");
    ASSERT_FALSE(dump.ok());
    EXPECT_EQ(dump.error().code, gs::ErrorCode::ParseError);
}

TEST(NginxConfigParser, SplitsFilesAndLines_WhenDebianDump)
{
    const auto dump = ConfigParser::parseDump(
            readText(QStringLiteral("nginx-T-debian"), QStringLiteral("stdout.txt")));
    ASSERT_TRUE(dump.ok());
    ASSERT_EQ(dump->files.size(), 8);
    EXPECT_EQ(dump->mainFile(), QStringLiteral("/etc/nginx/nginx.conf"));
    const auto *site = dump->file(u"/etc/nginx/sites-enabled/shop.example.com");
    ASSERT_NE(site, nullptr);
    ASSERT_FALSE(site->directives.isEmpty());
    EXPECT_EQ(site->directives.first().name, QStringLiteral("upstream"));
    EXPECT_EQ(site->directives.first().line, 2);
}

TEST(NginxConfigModel, DerivesFacts_WhenDebianLayout)
{
    const ConfigModel m
            = modelFor(QStringLiteral("nginx-T-debian"), QStringLiteral("/usr/share/nginx/"));
    EXPECT_EQ(m.user, QStringLiteral("www-data"));
    const auto *php = findLocation(m, QStringLiteral("\\.php$"));
    ASSERT_NE(php, nullptr);
    ASSERT_TRUE(php->pass.has_value());
    EXPECT_EQ(php->pass->unixPath, QStringLiteral("/run/php/php8.2-fpm.sock"));
    EXPECT_EQ(php->settings.value(QStringLiteral("fastcgi_read_timeout")).value,
              QStringLiteral("300"));
    EXPECT_EQ(php->settings.value(QStringLiteral("fastcgi_buffer_size")).value,
              QStringLiteral("32k"));
    EXPECT_EQ(php->settings.value(QStringLiteral("fastcgi_buffer_size")).source.line, 36);
    const auto *api = findLocation(m, QStringLiteral("/api/"));
    ASSERT_NE(api, nullptr);
    EXPECT_EQ(api->pass->upstreamName, QStringLiteral("app_backend"));
    EXPECT_EQ(api->settings.value(QStringLiteral("proxy_connect_timeout")).milliseconds(), 5000);
    EXPECT_EQ(api->settings.value(QStringLiteral("proxy_read_timeout")).milliseconds(), 120000);
    // Set in conf.d/logformat.conf at http level, inherited by the /ws location.
    const auto *ws = findLocation(m, QStringLiteral("/ws"));
    ASSERT_NE(ws, nullptr);
    EXPECT_EQ(ws->settings.value(QStringLiteral("proxy_connect_timeout")).source.file,
              QStringLiteral("/etc/nginx/conf.d/logformat.conf"));
    EXPECT_TRUE(ws->settings.value(QStringLiteral("proxy_send_timeout")).isDefault());
    const auto *up = m.upstream(u"app_backend");
    ASSERT_NE(up, nullptr);
    ASSERT_EQ(up->servers.size(), 4);
    EXPECT_EQ(up->servers[0].maxFails, 3);
    EXPECT_EQ(up->servers[0].failTimeoutMs, 30000);
    EXPECT_TRUE(up->servers[2].backup);
    EXPECT_EQ(up->servers[2].unixPath, QStringLiteral("/run/app/app.sock"));
    EXPECT_TRUE(up->servers[3].down);
    EXPECT_EQ(up->keepalive, 16);
    EXPECT_TRUE(m.logFormats.contains(QStringLiteral("timed")));
    EXPECT_TRUE(m.logFormats.value(QStringLiteral("combined")).builtin);
    expectGoldenJson(QStringLiteral("nginx-T-debian"), QStringLiteral("expected.json"), m.toJson());
}

TEST(NginxConfigModel, DerivesFacts_WhenRhelLayout)
{
    const ConfigModel m
            = modelFor(QStringLiteral("nginx-T-rhel"), QStringLiteral("/usr/share/nginx/"));
    EXPECT_EQ(m.user, QStringLiteral("nginx"));
    const auto *php = findLocation(m, QStringLiteral("\\.(php|phar)(/.*)?$"));
    ASSERT_NE(php, nullptr);
    ASSERT_TRUE(php->pass.has_value());
    EXPECT_EQ(php->pass->upstreamName, QStringLiteral("php-fpm"));
    EXPECT_EQ(php->source.file, QStringLiteral("/etc/nginx/default.d/php.conf"));
    ASSERT_EQ(m.accessLogs.size(), 1);
    EXPECT_EQ(m.accessLogs.first().formatName, QStringLiteral("main"));
    expectGoldenJson(QStringLiteral("nginx-T-rhel"), QStringLiteral("expected.json"), m.toJson());
}

TEST(NginxConfigModel, ResolvesRelativeLogPaths_WhenCustomPrefix)
{
    const ConfigModel m = modelFor(QStringLiteral("nginx-T-custom"), QStringLiteral("/opt/gsapp/"));
    ASSERT_GE(m.errorLogs.size(), 2);
    EXPECT_EQ(m.errorLogs[0].path, QStringLiteral("/opt/gsapp/logs/error.log"));
    EXPECT_EQ(m.errorLogs[0].level, QStringLiteral("notice"));
    EXPECT_EQ(m.errorLogs[1].path, QStringLiteral("stderr"));
    EXPECT_EQ(m.workerConnections, 4096);
    EXPECT_EQ(m.user, QStringLiteral("nobody"));
    const auto *root = findLocation(m, QStringLiteral("/"));
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->settings.value(QStringLiteral("proxy_read_timeout")).milliseconds(), 500);
    EXPECT_EQ(root->settings.value(QStringLiteral("proxy_buffer_size")).bytes(), 8192);
    EXPECT_TRUE(m.logFormats.value(QStringLiteral("upstreamlog"))
                        .format.endsWith(QStringLiteral("\"escaped \" quote; {brace}\"")));
    const auto *dyn = findLocation(m, QStringLiteral("/dyn"));
    ASSERT_NE(dyn, nullptr);
    EXPECT_TRUE(dyn->pass->hasVariables);
    expectGoldenJson(QStringLiteral("nginx-T-custom"), QStringLiteral("expected.json"), m.toJson());
}
