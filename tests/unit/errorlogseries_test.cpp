#include "logs/errorlogseries.h"

#include <gtest/gtest.h>

using namespace gs::logs;

namespace {

// 2026-11-21T12:00:00Z
constexpr qint64 kNoon = 1795262400;

// Stands in for core/nginx's classifier: enough to tell the series apart.
QString classify(QByteArrayView line)
{
    if (line.contains("Connection refused"))
        return QStringLiteral("upstream.connection_refused");
    if (line.contains("upstream timed out"))
        return QStringLiteral("upstream.timeout");
    if (line.contains("max_children"))
        return QStringLiteral("fpm.max_children");
    if (line.contains("Stopped") || line.contains("reload"))
        return QStringLiteral("event.nginx_reload");
    return {};
}

} // namespace

TEST(ErrorLogSeries, ThreeTimestampForms_LandInTheirUtcBucket)
{
    ErrorLogSeries::Options options;
    options.utcOffsetSeconds = 3600; // the server runs at +0100
    ErrorLogSeries series(classify, options);
    series.feed("2026/11/21 13:00:03 [error] 71#71: *5 connect() failed (111: Connection refused) "
                "while connecting to upstream, client: 1.2.3.4\n"
                "2026/11/21 13:00:59 [error] 71#71: *9 upstream timed out (110: Connection timed "
                "out) while reading response header from upstream\n"
                "[21-Nov-2026 13:01:10] WARNING: [pool www] server reached pm.max_children "
                "setting (5), consider raising it\n"
                "2026-11-21T07:02:00-0500 web1 systemd[1]: Stopped nginx (reload)\n"
                "2026/11/21 13:02:30 [notice] 71#71: signal process started\n"
                "  a continuation line without time\n"
                "2026/11/21 13:03");
    series.endSource();
    EXPECT_EQ(series.lines(), 7);
    EXPECT_EQ(series.untimed(), 2);
    EXPECT_EQ(series.unclassified(), 1);
    const auto &b = series.buckets();
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(b.at(kNoon).at(QStringLiteral("upstream.connection_refused")), 1);
    EXPECT_EQ(b.at(kNoon).at(QStringLiteral("upstream.timeout")), 1);
    EXPECT_EQ(b.at(kNoon + 60).at(QStringLiteral("fpm.max_children")), 1);
    EXPECT_EQ(b.at(kNoon + 120).at(QStringLiteral("event.nginx_reload")), 1);
    EXPECT_EQ(series.totals().size(), 4u);
}

TEST(ErrorLogSeries, Window_IsAppliedBeforeClassifying)
{
    int calls = 0;
    ErrorLogSeries::Options options;
    options.bucketSeconds = 300;
    options.since = kNoon;
    ErrorLogSeries series(
            [&calls](QByteArrayView line) {
                ++calls;
                return classify(line);
            },
            options);
    series.addLine("2026/11/21 11:59:59 [error] 1#1: Connection refused");
    series.addLine("2026/11/21 12:04:59 [error] 1#1: Connection refused");
    series.addLine("2026/11/21 12:05:00 [error] 1#1: Connection refused");
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(series.outsideWindow(), 1);
    EXPECT_EQ(series.buckets().at(kNoon).at(QStringLiteral("upstream.connection_refused")), 1);
    EXPECT_EQ(series.buckets().at(kNoon + 300).at(QStringLiteral("upstream.connection_refused")),
              1);
}
