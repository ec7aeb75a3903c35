#include "logs/accesslogaggregator.h"

#include <gtest/gtest.h>

using namespace gs;
using namespace gs::logs;

namespace {

// 2026-11-21T12:00:00Z
constexpr qint64 kNoon = 1795262400;

QByteArray combinedLine(const char *time, int status, const char *path = "/")
{
    return QByteArray("10.0.0.1 - - [") + time + "] \"GET " + path + " HTTP/1.1\" "
           + QByteArray::number(status) + " 12 \"-\" \"test\"\n";
}

AccessLogAggregator makeAggregator(const nginx::LogFormat &format = nginx::LogFormat::combined(),
                                   AccessLogOptions options = {})
{
    Result<AccessLogAggregator> created = AccessLogAggregator::create(format, options);
    EXPECT_TRUE(created.ok());
    return std::move(created).value();
}

const char kUpstreamFormat[] = "$remote_addr [$time_local] \"$request\" $status $request_time "
                               "\"$upstream_addr\" \"$upstream_status\" "
                               "\"$upstream_response_time\" $server_name";

} // namespace

TEST(AccessLogAggregator, TimeZones_LandInTheirUtcBucket)
{
    AccessLogAggregator aggregator = makeAggregator();
    aggregator.feed(combinedLine("21/Nov/2026:13:00:59 +0100", 200)); // 12:00:59Z
    aggregator.feed(combinedLine("21/Nov/2026:07:01:00 -0500", 502)); // 12:01:00Z
    aggregator.feed(combinedLine("21/Nov/2026:12:03:30 +0000", 504)); // 12:03:30Z
    aggregator.endSource();
    const AccessLogSummary &s = aggregator.summary();
    EXPECT_EQ(s.requests, 3);
    ASSERT_EQ(s.buckets.size(), 3u);
    EXPECT_EQ(s.bucket(kNoon)->status.count(200), 1);
    EXPECT_EQ(s.bucket(kNoon + 60)->status.count(502), 1);
    EXPECT_EQ(s.bucket(kNoon + 180)->status.count(504), 1);
    EXPECT_EQ(s.bucket(kNoon + 120), nullptr);
    // Empty buckets inside the range count in the series.
    ASSERT_TRUE(s.seriesRange());
    EXPECT_EQ(s.seriesRange()->first, kNoon);
    EXPECT_EQ(s.seriesRange()->second, kNoon + 180);
    EXPECT_EQ(s.seriesLength(), 4);
}

TEST(AccessLogAggregator, Chunks_AnySplitGivesTheSameCounts)
{
    QByteArray log;
    for (int i = 0; i < 10; ++i)
        log += combinedLine("21/Nov/2026:12:00:03 +0000", i % 3 == 0 ? 502 : 200, "/x");
    log += "10.0.0.1 - - [21/Nov/2026:12:00:04 +0000] \"GET / HTTP/1.1\" 404 1 \"-\" "
           "\"no-newline\"";
    for (qsizetype chunk : {qsizetype(1), qsizetype(7), qsizetype(100), log.size()}) {
        AccessLogAggregator aggregator = makeAggregator();
        for (qsizetype at = 0; at < log.size(); at += chunk)
            aggregator.feed(QByteArrayView(log).sliced(at, qMin(chunk, log.size() - at)));
        aggregator.endSource();
        const AccessLogSummary &s = aggregator.summary();
        EXPECT_EQ(s.lines, 11) << chunk;
        EXPECT_EQ(s.unparsed, 0) << chunk;
        EXPECT_EQ(s.status.count(502), 4) << chunk;
        EXPECT_EQ(s.status.count(200), 6) << chunk;
        EXPECT_EQ(s.status.count(404), 1) << chunk;
        EXPECT_EQ(s.classes[5], 4) << chunk;
        EXPECT_EQ(s.paths5xx.value("/x"), 4) << chunk;
    }
}

TEST(AccessLogAggregator, CrLfLines_AreParsed)
{
    AccessLogAggregator aggregator = makeAggregator();
    QByteArray line = combinedLine("21/Nov/2026:12:00:03 +0000", 200);
    line.insert(line.size() - 1, '\r');
    aggregator.feed(QByteArray(line + line));
    EXPECT_EQ(aggregator.summary().requests, 2);
    EXPECT_EQ(aggregator.summary().unparsed, 0);
}

TEST(AccessLogAggregator, Window_DropsLinesOutsideAndKeepsTheRangeWhole)
{
    AccessLogOptions options;
    options.bucketSeconds = 300;
    options.since = kNoon;
    options.until = kNoon + 1800;
    AccessLogAggregator aggregator = makeAggregator(nginx::LogFormat::combined(), options);
    aggregator.feed(combinedLine("21/Nov/2026:11:59:59 +0000", 502)); // before
    aggregator.feed(combinedLine("21/Nov/2026:12:00:00 +0000", 502)); // first second in
    aggregator.feed(combinedLine("21/Nov/2026:12:07:00 +0000", 200));
    aggregator.feed(combinedLine("21/Nov/2026:12:29:59 +0000", 200)); // last second in
    aggregator.feed(combinedLine("21/Nov/2026:12:30:00 +0000", 200)); // until is exclusive
    const AccessLogSummary &s = aggregator.summary();
    EXPECT_EQ(s.lines, 5);
    EXPECT_EQ(s.requests, 3);
    EXPECT_EQ(s.outsideWindow, 2);
    EXPECT_EQ(s.seriesRange()->first, kNoon);
    EXPECT_EQ(s.seriesRange()->second, kNoon + 1500);
    EXPECT_EQ(s.seriesLength(), 6);
    EXPECT_EQ(s.bucket(kNoon)->requests, 1);
    EXPECT_EQ(s.bucket(kNoon + 300)->requests, 1);
    EXPECT_EQ(s.bucket(kNoon + 1500)->requests, 1);
}

TEST(AccessLogAggregator, Upstreams_CountEveryAttemptWithItsStatus)
{
    const Result<nginx::LogFormat> format = nginx::LogFormat::compile(kUpstreamFormat);
    ASSERT_TRUE(format.ok());
    AccessLogAggregator aggregator = makeAggregator(*format);
    aggregator.feed("1.1.1.1 [21/Nov/2026:12:00:01 +0000] \"GET /a HTTP/1.1\" 502 0.004 "
                    "\"10.0.0.1:80, 10.0.0.2:80\" \"502, 502\" \"0.001, 0.002\" shop\n"
                    "1.1.1.1 [21/Nov/2026:12:00:02 +0000] \"GET /b HTTP/1.1\" 200 0.020 "
                    "\"10.0.0.1:80 : unix:/run/php.sock\" \"404 : 200\" \"0.005 : 0.010\" shop\n"
                    "1.1.1.1 [21/Nov/2026:12:00:03 +0000] \"GET /c HTTP/1.1\" 304 0.000 "
                    "\"-\" \"-\" \"-\" static\n"
                    "1.1.1.1 [21/Nov/2026:12:00:04 +0000] \"GET /a?z HTTP/1.1\" 504 60.000 "
                    "\"10.0.0.2:80\" \"504\" \"60.000\" shop\n");
    const AccessLogSummary &s = aggregator.summary();
    EXPECT_EQ(s.requests, 4);
    EXPECT_EQ(s.unparsed, 0);
    ASSERT_EQ(s.upstreamNames.size(), 3);
    const auto upstream = [&s](const char *name) {
        return KeyedCounts::find(s.upstreams, static_cast<int>(s.upstreamNames.indexOf(name)));
    };
    ASSERT_NE(upstream("10.0.0.1:80"), nullptr);
    EXPECT_EQ(upstream("10.0.0.1:80")->requests, 2);
    EXPECT_EQ(upstream("10.0.0.1:80")->status.count(502), 1);
    EXPECT_EQ(upstream("10.0.0.1:80")->status.count(404), 1);
    EXPECT_EQ(upstream("10.0.0.2:80")->requests, 2);
    EXPECT_EQ(upstream("10.0.0.2:80")->status.count(502), 1);
    EXPECT_EQ(upstream("10.0.0.2:80")->status.count(504), 1);
    EXPECT_EQ(upstream("unix:/run/php.sock")->status.count(200), 1);
    ASSERT_EQ(s.serverNames.size(), 2);
    EXPECT_EQ(KeyedCounts::find(s.servers, 0)->requests, 3); // shop
    EXPECT_EQ(KeyedCounts::find(s.servers, 0)->status.count(502), 1);
    EXPECT_EQ(KeyedCounts::find(s.servers, 1)->requests, 1); // static
    // Upstream time sums the attempts of one request; "-" means no time.
    EXPECT_EQ(s.upstreamTime.count(), 3);
    EXPECT_EQ(s.upstreamTime.percentile(50), 15);
    EXPECT_EQ(s.requestTime.count(), 4);
    EXPECT_EQ(s.paths5xx.value("/a"), 2);
    EXPECT_EQ(s.top5xxPaths(1).front().first, QByteArray("/a"));
}

TEST(AccessLogAggregator, Latency_PercentilesFromTheHistogram)
{
    const Result<nginx::LogFormat> format
            = nginx::LogFormat::compile("[$time_local] $status $request_time");
    ASSERT_TRUE(format.ok());
    AccessLogAggregator aggregator = makeAggregator(*format);
    // 1..20 ms (exact bins), then one 1000 ms outlier.
    for (int ms = 1; ms <= 20; ++ms) {
        aggregator.addLine(QByteArray(QByteArray("[21/Nov/2026:12:00:03 +0000] 200 0.0")
                                      + QByteArray::number(ms).rightJustified(2, '0')));
    }
    aggregator.addLine("[21/Nov/2026:12:00:03 +0000] 200 1.000");
    const LatencyHistogram &h = aggregator.summary().requestTime;
    EXPECT_EQ(h.count(), 21);
    EXPECT_EQ(h.percentile(50), 11);
    EXPECT_EQ(h.percentile(95), 20);
    EXPECT_EQ(h.max(), 1000);
    // Above 32 ms a value comes back within the bin width (1/16 of its power of two).
    EXPECT_NEAR(static_cast<double>(h.percentile(99)), 1000.0, 1000.0 / 16);
}

TEST(AccessLogAggregator, HugeLine_IsUnparsedAndCostsNoMoreThanTheCap)
{
    AccessLogOptions options;
    options.maxLineLength = 4096;
    AccessLogAggregator aggregator = makeAggregator(nginx::LogFormat::combined(), options);
    aggregator.feed(combinedLine("21/Nov/2026:12:00:03 +0000", 200));
    // A 1 MiB request line, fed in 64 KiB chunks as a file reader would.
    QByteArray huge = combinedLine("21/Nov/2026:12:00:03 +0000", 502, "/");
    huge.insert(50, QByteArray(1 << 20, 'a'));
    for (qsizetype at = 0; at < huge.size(); at += 65536)
        aggregator.feed(QByteArrayView(huge).sliced(at, qMin<qsizetype>(65536, huge.size() - at)));
    aggregator.feed(combinedLine("21/Nov/2026:12:00:04 +0000", 200));
    aggregator.endSource();
    const AccessLogSummary &s = aggregator.summary();
    EXPECT_EQ(s.lines, 3);
    EXPECT_EQ(s.requests, 2);
    EXPECT_EQ(s.unparsed, 1);
    ASSERT_EQ(s.unparsedExamples.size(), 1u);
    EXPECT_EQ(s.unparsedExamples[0].line, 2);
    EXPECT_TRUE(s.unparsedExamples[0].reason.contains(QStringLiteral("longer than")));
    EXPECT_LT(s.unparsedExamples[0].text.size(), 300);
}

TEST(AccessLogAggregator, BinaryGarbage_IsCountedNeverFatal)
{
    AccessLogOptions options;
    options.maxExamples = 2;
    AccessLogAggregator aggregator = makeAggregator(nginx::LogFormat::combined(), options);
    aggregator.beginSource(QStringLiteral("junk"));
    QByteArray junk;
    for (int i = 0; i < 4096; ++i)
        junk.append(static_cast<char>((i * 7919) % 256));
    aggregator.feed(junk);
    aggregator.feed("\n");
    aggregator.feed(combinedLine("21/Nov/2026:12:00:03 +0000", 200));
    aggregator.endSource();
    const AccessLogSummary &s = aggregator.summary();
    EXPECT_EQ(s.requests, 1);
    EXPECT_EQ(s.unparsed, s.lines - 1);
    EXPECT_GT(s.unparsed, 10);
    ASSERT_EQ(s.unparsedExamples.size(), 2u);
    EXPECT_EQ(s.unparsedExamples[0].source, QStringLiteral("junk"));
    EXPECT_EQ(s.unparsedExamples[0].reason, QStringLiteral("binary data, not a log line"));
    EXPECT_TRUE(s.unparsedExamples[0].text.startsWith(QStringLiteral("\\x00\\xef")));
}

TEST(AccessLogAggregator, Create_RefusesFormatsWithoutTimeOrStatus)
{
    EXPECT_FALSE(AccessLogAggregator::create(*nginx::LogFormat::compile("$remote_addr $status"), {})
                         .ok());
    EXPECT_FALSE(
            AccessLogAggregator::create(*nginx::LogFormat::compile("$msec $remote_addr"), {}).ok());
    AccessLogOptions zero;
    zero.bucketSeconds = 0;
    EXPECT_FALSE(AccessLogAggregator::create(nginx::LogFormat::combined(), zero).ok());
}
