// The pure pieces behind the remote `errors`: streaming gzip, access-log candidates from a
// configuration, the error-line classifier, the JSON additions, and the helper shell commands run
// here with the local sh exactly as the SSH layer runs them on a server.

#include "logs/accesslogaggregator.h"
#include "logs/accesslogcandidate.h"
#include "logs/errorlineclassifier.h"
#include "logs/errorratesjson.h"
#include "logs/gzipstreamdecoder.h"
#include "logs/remotelogscripts.h"
#include "nginx/configparser.h"
#include "runprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <zlib.h>

using namespace gs;
using namespace gs::logs;

namespace {

ProcessRun runShell(const QString &command)
{
    return runProcess(QStringLiteral("sh"), {QStringLiteral("-c"), command});
}

QByteArray gzip(const QByteArray &text, int level = 1)
{
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    QByteArray out(static_cast<qsizetype>(deflateBound(&zs, static_cast<uLong>(text.size()))) + 64,
                   '\0');
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
    zs.avail_in = static_cast<uInt>(text.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.truncate(static_cast<qsizetype>(zs.total_out));
    deflateEnd(&zs);
    return out;
}

QByteArray inflateAll(const QByteArray &compressed)
{
    QByteArray text;
    GzipStreamDecoder decoder([&text](QByteArrayView chunk) { text += chunk.toByteArray(); });
    EXPECT_TRUE(decoder.feed(compressed).ok());
    EXPECT_TRUE(decoder.finish().ok());
    return text;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

QByteArray manyLines(int count)
{
    QByteArray text;
    for (int i = 0; i < count; ++i)
        text += "line " + QByteArray::number(i) + " of a log that compresses well\n";
    return text;
}

} // namespace

TEST(GzipStreamDecoder, InflatesByteByByte_WhenChunksAreTiny)
{
    const QByteArray text = manyLines(2000);
    const QByteArray compressed = gzip(text);
    QByteArray got;
    GzipStreamDecoder decoder([&got](QByteArrayView chunk) { got += chunk.toByteArray(); }, 4096);
    for (qsizetype i = 0; i < compressed.size(); ++i)
        ASSERT_TRUE(decoder.feed(QByteArrayView(compressed).sliced(i, 1)).ok());
    EXPECT_TRUE(decoder.finish().ok());
    EXPECT_EQ(got, text);
    EXPECT_EQ(decoder.compressedBytes(), compressed.size());
    EXPECT_EQ(decoder.textBytes(), text.size());
}

TEST(GzipStreamDecoder, ReadsConcatenatedMembers_AsOneStream)
{
    const QByteArray a = manyLines(10);
    const QByteArray b = "the second member\n";
    EXPECT_EQ(inflateAll(gzip(a) + gzip(b, 9)), a + b);
}

TEST(GzipStreamDecoder, FailsClearly_WhenTheStreamIsCutOrNotGzip)
{
    const QByteArray compressed = gzip(manyLines(500));
    QByteArray got;
    GzipStreamDecoder cut([&got](QByteArrayView chunk) { got += chunk.toByteArray(); });
    EXPECT_TRUE(cut.feed(compressed.first(compressed.size() / 2)).ok());
    const Result<void> finished = cut.finish();
    ASSERT_FALSE(finished.ok());
    EXPECT_TRUE(finished.error().message.contains(QLatin1String("cut")));
    EXPECT_TRUE(manyLines(500).startsWith(got)); // what came before the cut was handed out

    GzipStreamDecoder garbage([](QByteArrayView) {});
    EXPECT_FALSE(garbage.feed("this is not gzip at all").ok());
    EXPECT_FALSE(garbage.feed(compressed).ok()); // stays failed

    GzipStreamDecoder empty([](QByteArrayView) {});
    EXPECT_TRUE(empty.finish().ok()); // no output at all is an empty stream, not an error
}

TEST(AccessLogCandidates, DistinctFilesWithTheirFormats_FromTheConfiguration)
{
    const QString dump = QStringLiteral(
            "# configuration file /etc/nginx/nginx.conf:\n"
            "http {\n"
            "  log_format main '$remote_addr [$time_local] \"$request\" $status';\n"
            "  access_log /var/log/nginx/access.log;\n"
            "  server { server_name a.example; access_log /var/log/nginx/a.log main; }\n"
            "  server { server_name b.example; access_log /var/log/nginx/a.log main;\n"
            "           location /x { access_log off; } }\n"
            "  server { server_name c.example; access_log syslog:server=unix:/dev/log;\n"
            "           access_log /var/log/nginx/$host.log; }\n"
            "}\n");
    auto parsed = nginx::ConfigParser::parseDump(dump);
    ASSERT_TRUE(parsed.ok());
    const nginx::ConfigModel model
            = nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*parsed));
    QList<AccessLogCandidate> candidates = accessLogCandidates(model);
    ASSERT_EQ(candidates.size(), 2);
    EXPECT_EQ(candidates[0].path, QStringLiteral("/var/log/nginx/access.log"));
    EXPECT_EQ(candidates[0].formatName, QStringLiteral("combined"));
    EXPECT_EQ(candidates[0].format, QByteArray("combined"));
    EXPECT_EQ(candidates[1].path, QStringLiteral("/var/log/nginx/a.log"));
    EXPECT_EQ(candidates[1].formatName, QStringLiteral("main"));
    EXPECT_EQ(candidates[1].format, QByteArray("$remote_addr [$time_local] \"$request\" $status"));
    EXPECT_EQ(candidates[1].servers,
              QStringList({QStringLiteral("a.example"), QStringLiteral("b.example")}));

    // Unknown sizes: the first; then the biggest.
    EXPECT_EQ(busiestCandidate(candidates), 0);
    candidates[1].size = 5000;
    candidates[0].size = 10;
    EXPECT_EQ(busiestCandidate(candidates), 1);
    EXPECT_EQ(busiestCandidate({}), -1);
}

TEST(AccessLogCandidates, NginxDefault_WhenNoAccessLogIsWritten)
{
    auto parsed = nginx::ConfigParser::parseDump(
            QStringLiteral("# configuration file /etc/nginx/nginx.conf:\nhttp { server { } }\n"));
    ASSERT_TRUE(parsed.ok());
    const auto candidates = accessLogCandidates(
            nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*parsed)),
            QStringLiteral("/usr/share/nginx/"));
    ASSERT_EQ(candidates.size(), 1);
    EXPECT_EQ(candidates[0].path, QStringLiteral("/usr/share/nginx/logs/access.log"));
}

TEST(ErrorLineClassifier, FindingsAndTimelineEvents)
{
    const auto classify = [](const char *line) {
        return ErrorLineClassifier::classify(QByteArrayView(line));
    };
    EXPECT_EQ(classify("2026/11/21 12:00:03 [error] 7#7: *9 connect() failed (111: Connection "
                       "refused) while connecting to upstream, client: 127.0.0.1, server: _, "
                       "request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:3000/\", "
                       "host: \"x\""),
              QStringLiteral("upstream.connection_refused"));
    EXPECT_EQ(classify("2026/11/21 12:00:03 [notice] 8#8: signal process started"),
              QStringLiteral("nginx.reload"));
    EXPECT_EQ(classify("2026/11/21 12:00:03 [notice] 1#1: signal 1 (SIGHUP) received from 8, "
                       "reconfiguring"),
              QString()); // the signal line itself is not the reload marker
    EXPECT_EQ(classify("2026/11/21 12:00:03 [notice] 1#1: reconfiguring"),
              QStringLiteral("nginx.reload"));
    EXPECT_EQ(classify("[21-Nov-2026 12:00:03] NOTICE: fpm is running, pid 42"),
              QStringLiteral("fpm.restart"));
    EXPECT_EQ(classify("[21-Nov-2026 12:00:03] WARNING: [pool www] server reached "
                       "pm.max_children setting (5), consider raising it"),
              QStringLiteral("phpfpm.max_children_reached"));
    EXPECT_EQ(classify("2026-11-21T12:00:03+0100 web1 kernel: Out of memory: Killed process 42 "
                       "(php-fpm8.2) total-vm:1000kB"),
              QStringLiteral("oom.kill"));
    EXPECT_EQ(classify("2026/11/21 12:00:03 [notice] 1#1: using the \"epoll\" event method"),
              QString());
    EXPECT_EQ(classify(""), QString());
    EXPECT_EQ(classify("\x01\x02 binary \xff garbage"), QString());
    EXPECT_TRUE(ErrorLineClassifier::isEvent(QStringLiteral("oom.kill")));
    EXPECT_FALSE(ErrorLineClassifier::isEvent(QStringLiteral("upstream.timeout")));
}

TEST(RemoteLogScripts, ParsesHeadersAndListings)
{
    const QList<WindowFile> files = remotelogscripts::parseFileHeaders(
            "gs-window: /var/log/nginx/a b.log size=1000 offset=65536\n"
            "dd: something odd\n"
            "gs-tail: /var/log/nginx/error.log size=20 offset=0\n"
            "gs-window: cannot read /x\n");
    ASSERT_EQ(files.size(), 2);
    EXPECT_EQ(files[0].path, QStringLiteral("/var/log/nginx/a b.log"));
    EXPECT_EQ(files[0].size, 1000);
    EXPECT_EQ(files[0].offset, 65536);
    EXPECT_EQ(files[1].path, QStringLiteral("/var/log/nginx/error.log"));
    EXPECT_EQ(remotelogscripts::otherStderr("gs-window: /a size=1 offset=0\ndd: odd\n"),
              QStringLiteral("dd: odd"));
}

TEST(RemoteLogScripts, SizesAndListings_RunByTheShell)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString sub = dir.filePath(QStringLiteral("logs dir"));
    ASSERT_TRUE(QDir().mkpath(sub));
    writeFile(sub + QStringLiteral("/access.log"), "12345");
    writeFile(sub + QStringLiteral("/access.log.1"), "1");
    const ProcessRun run = runShell(remotelogscripts::sizesAndListings(
            {sub + QStringLiteral("/access.log"), sub + QStringLiteral("/missing.log")}, {sub}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const auto parsed = remotelogscripts::parseSizesAndListings(run.out);
    ASSERT_EQ(parsed.sizes.size(), 2);
    EXPECT_EQ(parsed.sizes[0].second, 5);
    EXPECT_EQ(parsed.sizes[1].first, sub + QStringLiteral("/missing.log"));
    EXPECT_EQ(parsed.sizes[1].second, -1);
    ASSERT_EQ(parsed.listings.size(), 1);
    EXPECT_EQ(parsed.listings[0].first, sub);
    EXPECT_EQ(parsed.listings[0].second,
              QStringList({QStringLiteral("access.log"), QStringLiteral("access.log.1")}));
}

TEST(RemoteLogScripts, TailFiles_SendsTheLastBytesOfEachFileGzipped)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString a = dir.filePath(QStringLiteral("error.log"));
    const QString b = dir.filePath(QStringLiteral("fpm.log"));
    writeFile(a, "old line\nnew line\n");
    writeFile(b, "fpm line"); // no newline at the end: the script adds one
    const ProcessRun run = runShell(remotelogscripts::tailFiles({a, b}, 9, std::nullopt));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_EQ(inflateAll(run.out), QByteArray("new line\n\nfpm line\n"));
    const QList<WindowFile> files = remotelogscripts::parseFileHeaders(run.err);
    ASSERT_EQ(files.size(), 2);
    EXPECT_EQ(files[0].size, 18);
    EXPECT_EQ(files[0].offset, 9);
    EXPECT_EQ(files[1].offset, 0);
}

TEST(RemoteLogScripts, WindowLines_StopAfterTheAskedMinute)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("access.log"));
    constexpr qint64 kNoon = 1795262400; // 2026-11-21T12:00:00Z
    QByteArray text;
    for (int i = 0; i < 600; ++i) { // ten minutes, one line a second
        const QString local = QDateTime::fromSecsSinceEpoch(kNoon + i, Qt::UTC)
                                      .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss"));
        text += "1.2.3.4 - - [" + local.toUtf8() + " +0000] \"GET /" + QByteArray::number(i)
                + " HTTP/1.1\" 200 1 \"-\" \"-\"\n";
    }
    writeFile(path, text);
    WindowCommandOptions options;
    options.paths = {path};
    options.since = kNoon + 120;
    options.blockSize = 512;
    const ProcessRun run = runShell(remotelogscripts::windowLines(options, kNoon + 180, 1000));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QList<QByteArray> lines = inflateAll(run.out).split('\n');
    // The asked minute plus the minute of slack, never the rest of the log.
    EXPECT_EQ(lines.size() - 1, 120);
    EXPECT_TRUE(lines.first().contains("GET /120 ")) << lines.first().toStdString();

    const ProcessRun capped = runShell(remotelogscripts::windowLines(options, kNoon + 180, 7));
    EXPECT_EQ(inflateAll(capped.out).count('\n'), 7);
}

TEST(RemoteLogScripts, GrepFixed_FindsTheMinuteInErrorAndFpmLogs)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString error = dir.filePath(QStringLiteral("error.log"));
    const QString fpm = dir.filePath(QStringLiteral("php-fpm.log"));
    writeFile(error,
              "2026/11/21 13:02:59 [error] 1#1: before\n"
              "2026/11/21 13:03:00 [error] 1#1: inside one\n"
              "2026/11/21 13:03:59 [error] 1#1: inside two\n"
              "2026/11/21 13:04:00 [error] 1#1: after\n");
    writeFile(fpm,
              "[21-Nov-2026 13:03:10] WARNING: inside fpm\n[21-Nov-2026 13:05:00] NOTICE: x\n");
    // 12:03 UTC on a +0100 server is 13:03 on its clock.
    const QStringList prefixes
            = remotelogscripts::minutePrefixes(1795262400 + 180, 1795262400 + 240, 3600);
    EXPECT_EQ(prefixes,
              QStringList({QStringLiteral("2026/11/21 13:03:"),
                           QStringLiteral("[21-Nov-2026 13:03:")}));
    const ProcessRun run = runShell(remotelogscripts::grepFixed({error, fpm}, prefixes, 100));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QByteArray text = inflateAll(run.out);
    EXPECT_EQ(text.count('\n'), 3) << text.toStdString();
    EXPECT_TRUE(text.contains("inside one") && text.contains("inside two")
                && text.contains("inside fpm"));
    EXPECT_FALSE(text.contains("before") || text.contains("after"));
}

TEST(RemoteLogScripts, GrepFixed_KeepsTheSecondsAskedFor_BeforeCapping)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString error = dir.filePath(QStringLiteral("error.log"));
    const QString fpm = dir.filePath(QStringLiteral("php-fpm.log"));
    // A busy first half of the minute must not use up the cap before the clicked seconds.
    QByteArray busy;
    for (int i = 0; i < 50; ++i)
        busy += "2026/11/21 13:03:0" + QByteArray::number(i % 10) + " [error] 1#1: early\n";
    busy += "2026/11/21 13:03:40 [error] 1#1: asked one\n"
            "2026/11/21 13:03:41 [error] 1#1: asked two\n"
            "2026/11/21 13:03:50 [error] 1#1: too late\n";
    writeFile(error, busy);
    writeFile(fpm,
              "[21-Nov-2026 13:03:09] WARNING: fpm early\n"
              "[21-Nov-2026 13:03:45] WARNING: fpm asked\n");
    const qint64 from = 1795262400 + 180 + 40; // 12:03:40 UTC = 13:03:40 at +0100
    EXPECT_EQ(remotelogscripts::wallTime(from, 3600), QStringLiteral("2026/11/21 13:03:40"));
    const ProcessRun run = runShell(
            remotelogscripts::grepFixed({error, fpm},
                                        remotelogscripts::minutePrefixes(from, from + 10, 3600),
                                        10,
                                        remotelogscripts::wallTime(from, 3600),
                                        remotelogscripts::wallTime(from + 10, 3600)));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QByteArray text = inflateAll(run.out);
    EXPECT_EQ(text.count('\n'), 3) << text.toStdString();
    EXPECT_TRUE(text.contains("asked one") && text.contains("asked two")
                && text.contains("fpm asked"))
            << text.toStdString();
    EXPECT_FALSE(text.contains("early") || text.contains("too late")) << text.toStdString();
}

TEST(ErrorRatesJson, AddsTransferErrorSeriesAndEvents_KeepingTheSpecFields)
{
    AccessLogOptions options;
    options.since = 1795262400;
    options.until = 1795262400 + 180;
    auto aggregator = AccessLogAggregator::create(nginx::LogFormat::combined(), options);
    ASSERT_TRUE(aggregator.ok());
    aggregator->feed("1.2.3.4 - - [21/Nov/2026:12:01:10 +0000] \"GET / HTTP/1.1\" 502 1 \"-\" "
                     "\"-\"\n");
    ErrorRatesSnapshot snapshot;
    snapshot.summary = aggregator->takeSummary();
    snapshot.sources = {QStringLiteral("/var/log/nginx/access.log")};
    snapshot.formatName = QStringLiteral("combined");
    snapshot.transfer.remote = true;
    snapshot.transfer.networkBytes = 100;
    snapshot.transfer.logBytes = 10000;
    snapshot.errorBuckets[1795262400 + 60][QStringLiteral("upstream.connection_refused")] = 3;
    snapshot.errorBuckets[1795262400 + 600][QStringLiteral("upstream.timeout")] = 1; // outside
    snapshot.errorSources = {QStringLiteral("/var/log/nginx/error.log")};
    snapshot.events.append({1795262400 + 70, QStringLiteral("nginx.reload"), QStringLiteral("x")});

    const QJsonObject json = errorRatesJson(snapshot);
    for (const char *key :
         {"source", "format", "bucket_seconds", "lines", "unparsed", "totals", "series"})
        EXPECT_TRUE(json.contains(QLatin1String(key))) << key;
    EXPECT_EQ(json[QStringLiteral("transfer")][QStringLiteral("bytes")].toInt(), 100);
    EXPECT_EQ(json[QStringLiteral("transfer")][QStringLiteral("log_bytes")].toInt(), 10000);
    EXPECT_DOUBLE_EQ(json[QStringLiteral("transfer")][QStringLiteral("fraction")].toDouble(), 0.01);
    const QJsonObject errorLog = json[QStringLiteral("error_log")].toObject();
    const QJsonArray series = errorLog[QStringLiteral("series")].toArray();
    ASSERT_EQ(series.size(), 3);
    EXPECT_EQ(series[1][QStringLiteral("start")].toString(),
              QStringLiteral("2026-11-21T12:01:00Z"));
    EXPECT_EQ(series[1][QStringLiteral("events")][QStringLiteral("upstream.connection_refused")]
                      .toInt(),
              3);
    EXPECT_EQ(errorLog[QStringLiteral("totals")].toObject().size(), 1); // the window only
    const QJsonArray events = json[QStringLiteral("events")].toArray();
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events[0][QStringLiteral("time")].toString(), QStringLiteral("2026-11-21T12:01:10Z"));
    EXPECT_EQ(events[0][QStringLiteral("label")].toString(), QStringLiteral("nginx reload"));
}

TEST(RemoteLogScripts, ReadsTheDiscoveryOutput)
{
    const QByteArray output
            = "@@procs\n12|root||nginx: master process /usr/sbin/nginx -c /e/n.conf\n"
              "@@nginx_binary\n/usr/sbin/nginx\n@@clock\n-0130\n1795262400\n"
              "@@gs_nginx_T\n# configuration file /e/n.conf:\nhttp { }\n\n"
              "@@gs_nginx_T_end 0\n"
              "@@gs_fpm_conf\n[global]\nerror_log = /var/log/fpm.log\n"
              "@@size 42 /var/log/nginx/access.log\n@@dir /var/log/nginx\n"
              "access.log\naccess.log.1\n@@end\n";
    const auto [offset, now] = remotelogscripts::parseClock(output);
    EXPECT_EQ(offset, -5400);
    EXPECT_EQ(now, 1795262400);
    const std::optional<QString> dump = remotelogscripts::parseNginxDump(output);
    ASSERT_TRUE(dump.has_value());
    EXPECT_EQ(*dump, QStringLiteral("# configuration file /e/n.conf:\nhttp { }\n"));
    EXPECT_EQ(remotelogscripts::parseFpmConfigs(output),
              QStringList({QStringLiteral("[global]\nerror_log = /var/log/fpm.log\n")}));
    const auto sizes = remotelogscripts::parseSizesAndListings(output);
    ASSERT_EQ(sizes.sizes.size(), 1);
    EXPECT_EQ(sizes.sizes[0].second, 42);
    ASSERT_EQ(sizes.listings.size(), 1);
    EXPECT_EQ(sizes.listings[0].second,
              QStringList({QStringLiteral("access.log"), QStringLiteral("access.log.1")}));

    QString error;
    EXPECT_FALSE(remotelogscripts::parseNginxDump("@@gs_nginx_T\n\n@@gs_nginx_T_end 1\n"
                                                  "@@gs_nginx_T_error\nnginx: [emerg] bad\n@@end\n",
                                                  &error)
                         .has_value());
    EXPECT_EQ(error, QStringLiteral("nginx: [emerg] bad"));
    EXPECT_FALSE(remotelogscripts::parseNginxDump("nothing").has_value());
}
