#include "nginx/accesslogfields.h"
#include "nginx/logformat.h"

#include <gtest/gtest.h>

#include <vector>

using gs::Result;
using namespace gs::nginx;

namespace {

QByteArray str(QByteArrayView view)
{
    return view.toByteArray();
}

} // namespace

TEST(LogFormat, Combined_SplitsEveryField)
{
    const LogFormat format = LogFormat::combined();
    EXPECT_EQ(format.name(), QStringLiteral("combined"));
    EXPECT_EQ(format.timeKind(), LogFormat::TimeKind::Local);
    AccessLogRecord record;
    ASSERT_TRUE(format.match("10.0.0.7 - alice [21/Nov/2026:12:00:03 +0100] \"GET /a?b=1 "
                             "HTTP/1.1\" 502 157 \"https://x.test/\" \"curl/8.0 (x)\"",
                             record));
    EXPECT_EQ(str(record.field(AccessLogField::RemoteAddr)), "10.0.0.7");
    EXPECT_EQ(str(record.field(AccessLogField::RemoteUser)), "alice");
    EXPECT_EQ(str(record.field(AccessLogField::TimeLocal)), "21/Nov/2026:12:00:03 +0100");
    EXPECT_EQ(str(record.field(AccessLogField::Request)), "GET /a?b=1 HTTP/1.1");
    EXPECT_EQ(str(record.field(AccessLogField::Status)), "502");
    EXPECT_EQ(str(record.field(AccessLogField::BodyBytesSent)), "157");
    EXPECT_EQ(str(record.field(AccessLogField::HttpReferer)), "https://x.test/");
    EXPECT_EQ(str(record.field(AccessLogField::HttpUserAgent)), "curl/8.0 (x)");
}

TEST(LogFormat, Combined_KeepsEscapedQuotesInsideAValue)
{
    AccessLogRecord record;
    // escape=json writes \" and \\; escape=default writes \x22 — both stay inside the value.
    ASSERT_TRUE(LogFormat::combined().match(
            "::1 - - [21/Nov/2026:12:00:03 +0000] \"GET /q\\\"x\\\\ HTTP/1.1\" 200 1 \"-\" "
            "\"say \\\"hi\\\" \\x22 \\\\\"",
            record));
    EXPECT_EQ(str(record.field(AccessLogField::Request)), "GET /q\\\"x\\\\ HTTP/1.1");
    EXPECT_EQ(str(record.field(AccessLogField::HttpUserAgent)), "say \\\"hi\\\" \\x22 \\\\");
}

TEST(LogFormat, Combined_RejectsLinesOfAnotherShape)
{
    AccessLogRecord record;
    const LogFormat format = LogFormat::combined();
    EXPECT_FALSE(format.match("", record));
    EXPECT_FALSE(format.match("garbage", record));
    EXPECT_FALSE(format.match("1.2.3.4 - - [21/Nov/2026:12:00:03 +0000] \"GET / HTTP/1.1\" 200",
                              record));
    // A trailing quote that is escaped does not close the line.
    EXPECT_FALSE(format.match(
            "1.2.3.4 - - [21/Nov/2026:12:00:03 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\\\"",
            record));
}

TEST(LogFormat, Custom_ReadsUpstreamFieldsAndBracedNames)
{
    Result<LogFormat> format = LogFormat::compile(
            "$remote_addr [$time_iso8601] \"$request\" $status ${request_time}s "
            "ua=\"$upstream_addr\" us=\"$upstream_status\" urt=\"$upstream_response_time\" "
            "$host $http_x_forwarded_for");
    ASSERT_TRUE(format.ok()) << format.error().message.toStdString();
    EXPECT_EQ(format->timeKind(), LogFormat::TimeKind::Iso8601);
    EXPECT_TRUE(format->has(AccessLogField::UpstreamAddr));
    EXPECT_FALSE(format->has(AccessLogField::ServerName));
    EXPECT_EQ(format->variables().size(), 10);
    AccessLogRecord record;
    ASSERT_TRUE(format->match("1.2.3.4 [2026-11-21T12:00:03-05:00] \"POST /p HTTP/2.0\" 504 "
                              "60.001s ua=\"10.0.0.1:80, 10.0.0.2:80 : unix:/run/php.sock\" "
                              "us=\"502, 504 : 504\" urt=\"0.001, 30.000 : 30.000\" "
                              "shop.test 5.6.7.8, 9.9.9.9",
                              record));
    EXPECT_EQ(str(record.field(AccessLogField::UpstreamAddr)),
              "10.0.0.1:80, 10.0.0.2:80 : unix:/run/php.sock");
    EXPECT_EQ(str(record.field(AccessLogField::UpstreamStatus)), "502, 504 : 504");
    EXPECT_EQ(str(record.field(AccessLogField::RequestTime)), "60.001");
    EXPECT_EQ(str(record.field(AccessLogField::Host)), "shop.test");
    EXPECT_EQ(sumUpstreamMs(record.field(AccessLogField::UpstreamResponseTime)), 60001);
}

TEST(LogFormat, Compile_RefusesTouchingVariablesAndEmptyFormats)
{
    const Result<LogFormat> touching = LogFormat::compile("$remote_addr$status");
    ASSERT_FALSE(touching.ok());
    EXPECT_TRUE(touching.error().message.contains(QStringLiteral("$status")));
    EXPECT_FALSE(LogFormat::compile("no variables here").ok());
    const Result<LogFormat> named = LogFormat::compile("combined");
    ASSERT_TRUE(named.ok());
    EXPECT_EQ(named->name(), QStringLiteral("combined"));
    const Result<LogFormat> escaped = LogFormat::compile("escape=json $msec $status");
    ASSERT_TRUE(escaped.ok());
    EXPECT_EQ(escaped->timeKind(), LogFormat::TimeKind::Msec);
}

TEST(AccessLogFields, TimeLocal_AppliesTheZone)
{
    // 2026-11-21T12:00:03Z is 1795262403.
    EXPECT_EQ(parseTimeLocal("21/Nov/2026:12:00:03 +0000"), 1795262403);
    EXPECT_EQ(parseTimeLocal("21/Nov/2026:13:00:03 +0100"), 1795262403);
    EXPECT_EQ(parseTimeLocal("21/Nov/2026:07:00:03 -0500"), 1795262403);
    EXPECT_EQ(parseTimeLocal("21/Nov/2026:17:30:03 +0530"), 1795262403);
    EXPECT_EQ(parseTimeLocal("01/Jan/1970:00:00:00 +0000"), 0);
    EXPECT_EQ(parseTimeLocal("29/Feb/2024:23:59:59 +0000"), 1709251199);
    EXPECT_FALSE(parseTimeLocal("21/Nox/2026:12:00:03 +0000"));
    EXPECT_FALSE(parseTimeLocal("21/Nov/2026:12:00:03"));
    EXPECT_FALSE(parseTimeLocal("21/Nov/2026:25:00:03 +0000"));
}

TEST(AccessLogFields, Iso8601AndMsec_GiveUtcSeconds)
{
    EXPECT_EQ(parseTimeIso8601("2026-11-21T12:00:03+00:00"), 1795262403);
    EXPECT_EQ(parseTimeIso8601("2026-11-21T13:00:03+01:00"), 1795262403);
    EXPECT_EQ(parseTimeIso8601("2026-11-21T07:00:03-05:00"), 1795262403);
    EXPECT_EQ(parseTimeIso8601("2026-11-21T12:00:03Z"), 1795262403);
    EXPECT_EQ(parseTimeIso8601("2026-11-21T12:00:03.250Z"), 1795262403);
    EXPECT_FALSE(parseTimeIso8601("2026-11-21 12:00:03+00:00"));
    EXPECT_FALSE(parseTimeIso8601("2026-11-21T12:00:03+0000"));
    EXPECT_EQ(parseMsec("1795262403.999"), 1795262403);
    EXPECT_FALSE(parseMsec("-"));
    EXPECT_FALSE(parseMsec("17952x2403.999"));
}

TEST(AccessLogFields, NumbersAndPaths)
{
    EXPECT_EQ(parseStatus("502"), 502);
    EXPECT_EQ(parseStatus("009"), 9);
    EXPECT_EQ(parseStatus("000"), 0);
    EXPECT_EQ(parseStatus("50"), -1);
    EXPECT_EQ(parseStatus("-"), -1);
    EXPECT_EQ(parseSecondsAsMs("0.123"), 123);
    EXPECT_EQ(parseSecondsAsMs("12"), 12000);
    EXPECT_EQ(parseSecondsAsMs("1.5"), 1500);
    EXPECT_EQ(parseSecondsAsMs("-"), -1);
    EXPECT_EQ(sumUpstreamMs("- : -"), -1);
    EXPECT_EQ(sumUpstreamMs("0.010, - : 0.300"), 310);
    EXPECT_EQ(str(requestPath("GET /a/b?x=1 HTTP/1.1")), "/a/b");
    EXPECT_EQ(str(requestPath("GET /only")), "/only");
    EXPECT_EQ(str(requestPath("\\x16\\x03\\x01")), "\\x16\\x03\\x01");
}

TEST(AccessLogFields, UpstreamValues_SplitOnCommaAndColon)
{
    std::vector<std::pair<QByteArray, bool>> values;
    forEachUpstreamValue(
            "10.0.0.1:80, unix:/run/php.sock : backend",
            [&](QByteArrayView v, bool g) { values.emplace_back(v.toByteArray(), g); });
    ASSERT_EQ(values.size(), 3u);
    EXPECT_EQ(values[0], std::make_pair(QByteArray("10.0.0.1:80"), false));
    EXPECT_EQ(values[1], std::make_pair(QByteArray("unix:/run/php.sock"), false));
    EXPECT_EQ(values[2], std::make_pair(QByteArray("backend"), true));
}
