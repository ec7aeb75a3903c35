#include "findings/findingcatalog.h"
#include "golden.h"
#include "nginx/errorclassifier.h"
#include "nginx/errorlogparser.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using gs::findings::findingName;

using namespace gs::nginx;
using gs::test::expectGoldenJson;
using gs::test::readData;

namespace {

QJsonObject summarize(const ErrorLogParser::Result &r)
{
    QJsonArray entries;
    for (const ErrorLogEntry &e : r.entries) {
        QJsonObject o = e.toJson();
        const auto c = ErrorClassifier::classify(e);
        if (!findingName(c.findingId).isEmpty())
            o.insert(QStringLiteral("finding"), findingName(c.findingId));
        if (!c.phase.isEmpty())
            o.insert(QStringLiteral("phase"), c.phase);
        entries.append(o);
    }
    return QJsonObject{{QStringLiteral("lines"), r.lines},
                       {QStringLiteral("unparsed"), r.unparsedLines},
                       {QStringLiteral("entries"), entries}};
}

ErrorLogEntry entryFor(const char *line)
{
    const auto r = ErrorLogParser::parse(QByteArrayView(line));
    EXPECT_EQ(r.entries.size(), 1);
    return r.entries.value(0);
}

QString idFor(const char *line)
{
    return findingName(ErrorClassifier::classify(entryFor(line)).findingId);
}

} // namespace

TEST(NginxErrorLogParser, SplitsHeaderContextErrnoAndAction_WhenRefusedLine)
{
    const ErrorLogEntry e = entryFor(
            "2026/11/21 13:01:58 [error] 23599#23599: *1 connect() failed (111: Connection "
            "refused) while connecting to upstream, client: 127.0.0.1, server: lab.test, request: "
            "\"GET /refused HTTP/1.1\", upstream: \"http://127.0.0.1:18999/refused\", host: "
            "\"127.0.0.1:18080\"\n");
    EXPECT_EQ(e.rawTime, QStringLiteral("2026/11/21 13:01:58"));
    EXPECT_EQ(e.wallTime, QDateTime(QDate(2026, 11, 21), QTime(13, 1, 58), Qt::UTC));
    EXPECT_EQ(e.toUtc(3600), QDateTime(QDate(2026, 11, 21), QTime(12, 1, 58), Qt::UTC));
    EXPECT_EQ(e.level, QStringLiteral("error"));
    EXPECT_EQ(e.pid, 23599);
    EXPECT_EQ(e.tid, 23599);
    EXPECT_EQ(e.connection, 1);
    EXPECT_EQ(e.errnoNumber, 111);
    EXPECT_EQ(e.errnoText, QStringLiteral("Connection refused"));
    EXPECT_EQ(e.action, QStringLiteral("connecting to upstream"));
    EXPECT_EQ(e.client, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(e.server, QStringLiteral("lab.test"));
    EXPECT_EQ(e.request, QStringLiteral("GET /refused HTTP/1.1"));
    EXPECT_EQ(e.upstream, QStringLiteral("http://127.0.0.1:18999/refused"));
    EXPECT_EQ(e.upstreamPeer(), QStringLiteral("127.0.0.1:18999"));
    EXPECT_EQ(e.upstreamScheme(), QStringLiteral("http"));
    EXPECT_EQ(e.host, QStringLiteral("127.0.0.1:18080"));
    EXPECT_FALSE(e.truncated);
}

TEST(NginxErrorLogParser, MatchesGolden_WhenRealLabLog)
{
    const QByteArray log
            = readData(QStringLiteral("nginx-errorlog-lab"), QStringLiteral("error.log"));
    const auto r = ErrorLogParser::parse(log);
    EXPECT_EQ(r.lines, 226);
    EXPECT_EQ(r.unparsedLines, 0);
    expectGoldenJson(
            QStringLiteral("nginx-errorlog-lab"), QStringLiteral("expected.json"), summarize(r));
}

TEST(NginxErrorLogParser, JoinsPhpStackTrace_WhenFastCgiStderrSpansLines)
{
    const auto r = ErrorLogParser::parse(
            readData(QStringLiteral("nginx-errorlog-lab"), QStringLiteral("error.log")));
    const ErrorLogEntry *trace = nullptr;
    for (const auto &e : r.entries) {
        if (e.message.contains(QStringLiteral("Stack trace:")))
            trace = &e;
    }
    ASSERT_NE(trace, nullptr);
    EXPECT_EQ(trace->lineCount, 6);
    EXPECT_TRUE(trace->message.contains(
            QStringLiteral("#1 /tmp/gsd/lab/www/fail.php(8): render_page()")));
    EXPECT_EQ(trace->request, QStringLiteral("GET /fail.php HTTP/1.1"));
    EXPECT_EQ(trace->upstreamPeer(), QStringLiteral("unix:/tmp/gsd/lab/php.sock"));
    EXPECT_EQ(trace->errnoNumber, 0);
    EXPECT_TRUE(findingName(ErrorClassifier::classify(*trace).findingId).isEmpty());
}

TEST(NginxErrorLogParser, FlagsTruncation_WhenEntryCutAt2048Bytes)
{
    const auto r = ErrorLogParser::parse(
            readData(QStringLiteral("nginx-errorlog-lab"), QStringLiteral("error.log")));
    int truncated = 0;
    for (const auto &e : r.entries) {
        if (!e.truncated)
            continue;
        ++truncated;
        EXPECT_EQ(e.raw.size(), 2047);
        EXPECT_EQ(e.errnoNumber, 111);
        EXPECT_TRUE(e.upstream.isEmpty()); // the context was cut away
        EXPECT_EQ(findingName(ErrorClassifier::classify(e).findingId),
                  QStringLiteral("upstream.connection_refused"));
    }
    EXPECT_EQ(truncated, 1);
}

TEST(NginxErrorLogParser, CountsGarbageAsUnparsed_WhenBinaryAndMalformedLines)
{
    const QByteArray log
            = readData(QStringLiteral("nginx-errorlog-hostile"), QStringLiteral("error.log"));
    const auto r = ErrorLogParser::parse(log);
    EXPECT_EQ(r.lines, 17);
    EXPECT_EQ(r.unparsedLines, 3); // leading binary, impossible date, what follows it
    ASSERT_EQ(r.diagnostics.size(), 3);
    EXPECT_EQ(r.diagnostics.first().line, 1);
    EXPECT_EQ(r.entries.last().request, QStringLiteral("GET /last HTTP/1.1"));
    expectGoldenJson(QStringLiteral("nginx-errorlog-hostile"),
                     QStringLiteral("expected.json"),
                     summarize(r));
}

TEST(NginxErrorLogParser, GivesSameEntries_WhenFedInSmallChunks)
{
    const QByteArray log
            = readData(QStringLiteral("nginx-errorlog-lab"), QStringLiteral("error.log"));
    const auto whole = ErrorLogParser::parse(log);
    ErrorLogParser p;
    QList<ErrorLogEntry> entries;
    for (qsizetype i = 0; i < log.size(); i += 37) {
        p.addData(QByteArrayView(log).sliced(i, std::min<qsizetype>(37, log.size() - i)));
        entries += p.takeEntries();
    }
    p.finish();
    entries += p.takeEntries();
    ASSERT_EQ(entries.size(), whole.entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i)
        EXPECT_EQ(entries[i].toJson(), whole.entries[i].toJson());
}

TEST(NginxErrorClassifier, SeparatesUnixFromTcp_WhenSameErrno)
{
    EXPECT_EQ(idFor("2026/11/21 13:01:58 [crit] 1#1: *5 connect() to unix:/run/php/x.sock failed "
                    "(2: No such file or directory) while connecting to upstream, client: ::1, "
                    "server: _, request: \"GET / HTTP/1.1\", upstream: "
                    "\"fastcgi://unix:/run/php/x.sock:\", host: \"a\""),
              QStringLiteral("upstream.socket_missing"));
    EXPECT_EQ(idFor("2026/11/21 13:01:58 [crit] 1#1: *7 connect() to unix:/run/php/x.sock failed "
                    "(13: Permission denied) while connecting to upstream, client: ::1, server: _, "
                    "request: \"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/x.sock:\", "
                    "host: \"a\""),
              QStringLiteral("upstream.socket_permission_denied"));
    EXPECT_EQ(
            idFor("2026/11/21 13:01:58 [crit] 1#1: *7 connect() to 127.0.0.1:8080 failed (13: "
                  "Permission denied) while connecting to upstream, client: ::1, server: _, "
                  "request: \"GET / HTTP/1.1\", upstream: \"http://127.0.0.1:8080/\", host: \"a\""),
            QStringLiteral("system.selinux_denied"));
    EXPECT_EQ(idFor("2026/11/21 13:01:58 [error] 1#1: *9 connect() to unix:/run/x.sock failed (11: "
                    "Resource temporarily unavailable) while connecting to upstream, client: ::1, "
                    "server: _, request: \"GET / HTTP/1.1\", upstream: "
                    "\"fastcgi://unix:/run/x.sock:\", host: \"a\""),
              QStringLiteral("upstream.backlog_full"));
    const auto unixRefused = ErrorClassifier::classify(entryFor(
            "2026/11/21 13:01:58 [error] 1#1: *9 connect() to unix:/run/x.sock failed (111: "
            "Connection refused) while connecting to upstream, client: ::1, server: _, request: "
            "\"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/run/x.sock:\", host: \"a\""));
    EXPECT_EQ(findingName(unixRefused.findingId), QStringLiteral("upstream.connection_refused"));
    EXPECT_TRUE(unixRefused.unixSocket);
}

TEST(NginxErrorClassifier, CarriesPhaseAndStatus_WhenTimeout)
{
    const auto c = ErrorClassifier::classify(entryFor(
            "2026/11/21 13:02:01 [error] 1#1: *13 upstream timed out (110: Connection timed out) "
            "while connecting to upstream, client: 127.0.0.1, server: lab.test, request: \"GET "
            "/ctimeout HTTP/1.1\", upstream: \"http://127.0.0.1:18908/ctimeout\", host: \"h\""));
    EXPECT_EQ(findingName(c.findingId), QStringLiteral("upstream.timeout"));
    EXPECT_EQ(c.phase, QStringLiteral("connect"));
    EXPECT_EQ(c.status, 504);
}

TEST(NginxErrorClassifier, IgnoresClientSideErrors_WhenSendingToClient)
{
    const auto c = ErrorClassifier::classify(entryFor(
            "2026/11/21 13:05:06 [info] 1#1: *906 writev() failed (32: Broken pipe) while sending "
            "to client, client: 10.0.0.9, server: s, request: \"GET /big HTTP/1.1\", host: \"s\""));
    EXPECT_TRUE(findingName(c.findingId).isEmpty());
    EXPECT_TRUE(c.clientSide);
}
