// LogExplainer: every line of real nginx and PHP-FPM logs sorted into the finding catalog.

#include "golden.h"

#include "findings/findingcatalog.h"
#include "logs/explaininput.h"
#include "logs/logexplainer.h"

#include <QJsonArray>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <zlib.h>

using gs::logs::ExplainResult;
using gs::logs::LogExplainer;

namespace {

const QString kCase = QStringLiteral("explain-mixed");

ExplainResult explainTexts(const QList<QPair<QString, QByteArray>> &files, qsizetype chunk = 0)
{
    LogExplainer explainer;
    for (const auto &[name, text] : files) {
        explainer.beginFile(name);
        if (chunk <= 0) {
            explainer.addData(text);
        } else {
            for (qsizetype at = 0; at < text.size(); at += chunk)
                explainer.addData(QByteArrayView(text).sliced(at, qMin(chunk, text.size() - at)));
        }
        explainer.finishFile();
    }
    return explainer.result();
}

ExplainResult explainGolden(qsizetype chunk = 0)
{
    return explainTexts(
            {{QStringLiteral("error.log"), gs::test::readData(kCase, QStringLiteral("error.log"))},
             {QStringLiteral("php-fpm.log"),
              gs::test::readData(kCase, QStringLiteral("php-fpm.log"))}},
            chunk);
}

const ExplainResult::Cause *cause(const ExplainResult &result, const QString &id)
{
    for (const auto &c : result.causes) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

} // namespace

TEST(LogExplainer, MixedRealLogs_MatchTheGoldenJson)
{
    // Titles and remedies are the catalog's (checked below): the golden file holds what the
    // explainer decides, so that rewording the catalog does not touch it.
    QJsonObject document = explainGolden().toJson();
    QJsonArray causes;
    for (const QJsonValue &cause : document.value(QStringLiteral("causes")).toArray()) {
        QJsonObject c = cause.toObject();
        c.remove(QStringLiteral("title"));
        c.remove(QStringLiteral("remedy"));
        causes.append(c);
    }
    document.insert(QStringLiteral("causes"), causes);
    gs::test::expectGoldenJson(kCase, QStringLiteral("expected.json"), QJsonDocument(document));
}

TEST(LogExplainer, MixedRealLogs_FindEveryFamilyTheyShow)
{
    const ExplainResult result = explainGolden();
    const char *const expected[] = {
            "upstream.connection_refused",
            "upstream.socket_missing",
            "upstream.socket_permission_denied",
            "upstream.backlog_full",
            "upstream.timeout",
            "upstream.header_too_big",
            "upstream.prematurely_closed",
            "upstream.connection_reset",
            "upstream.invalid_header",
            "upstream.protocol_mismatch",
            "upstream.ssl_handshake_failed",
            "upstream.no_live_upstreams",
            "upstream.dns_failure",
            "upstream.unreachable",
            "upstream.ephemeral_ports_exhausted",
            "system.selinux_denied",
            "nginx.too_many_open_files",
            "nginx.port_conflict",
            "nginx.worker_connections_exhausted",
            "nginx.config_invalid",
            "nginx.upstream_host_not_found",
            "phpfpm.script_not_found",
            "phpfpm.max_children_reached",
            "phpfpm.worker_killed",
            "phpfpm.request_timeout",
            "phpfpm.slow_requests",
            "phpfpm.config_invalid",
    };
    for (const char *id : expected)
        EXPECT_NE(cause(result, QLatin1String(id)), nullptr) << id;
    EXPECT_EQ(result.causes.size(), std::size(expected));
    EXPECT_EQ(result.lines, 49 + 64);
    // The rewrite loop and the pasted note.
    EXPECT_EQ(result.unrecognised, 2);
    ASSERT_EQ(result.unrecognisedExamples.size(), 2);
    EXPECT_TRUE(result.unrecognisedExamples.at(0).contains(QLatin1String("redirection cycle")));
    for (const auto &c : result.causes) {
        const auto *entry = gs::findings::FindingCatalog::find(c.id);
        ASSERT_NE(entry, nullptr) << qPrintable(c.id);
        EXPECT_EQ(c.severity, entry->severity);
        EXPECT_EQ(c.remedy, entry->remedy);
        EXPECT_FALSE(c.examples.isEmpty());
        EXPECT_LE(c.examples.size(), ExplainResult::kMaxExamples);
    }
}

TEST(LogExplainer, RepeatedCause_CountsEveryEntryAndKeepsFirstAndLastTime)
{
    const ExplainResult result
            = explainTexts({{QStringLiteral("error.log"),
                             gs::test::readData(QStringLiteral("nginx-errorlog-lab"),
                                                QStringLiteral("error.log"))}});
    const auto *timeout = cause(result, QStringLiteral("upstream.timeout"));
    ASSERT_NE(timeout, nullptr);
    EXPECT_GT(timeout->count, 30);
    EXPECT_EQ(timeout->examples.size(), ExplainResult::kMaxExamples);
    EXPECT_EQ(ExplainResult::timeJson(timeout->firstSeen).toString(),
              QStringLiteral("2026-11-21T13:02:00"));
    EXPECT_EQ(ExplainResult::timeJson(timeout->lastSeen).toString(),
              QStringLiteral("2026-11-21T13:02:25"));
}

TEST(LogExplainer, ChunksCutAnywhere_GiveTheSameResult)
{
    const QJsonObject whole = explainGolden().toJson();
    for (qsizetype chunk : {1, 7, 100, 4096})
        EXPECT_EQ(explainGolden(chunk).toJson(), whole) << chunk;
}

TEST(LogExplainer, ClientTlsHandshakeAtCrit_IsHarmlessNotCritical)
{
    const ExplainResult result = explainTexts(
            {{QStringLiteral("e"),
              "2026/11/21 13:06:01 [crit] 23599#23599: *950 SSL_do_handshake() failed (SSL: "
              "error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: "
              "198.51.100.23, server: 0.0.0.0:443\n"
              "2026/11/21 13:06:02 [error] 23599#23599: *951 SSL_do_handshake() failed (SSL: "
              "error:0A00010B:SSL routines::wrong version number) while SSL handshaking, client: "
              "198.51.100.24, server: 0.0.0.0:443\n"}});
    EXPECT_TRUE(result.causes.isEmpty());
    EXPECT_EQ(result.harmless, 2);
    EXPECT_EQ(result.unrecognised, 0);
    EXPECT_FALSE(result.worstSeverity().has_value());
}

TEST(LogExplainer, FastCgiStderrWithStackTrace_IsOneHarmlessEntry)
{
    const ExplainResult result = explainTexts(
            {{QStringLiteral("e"),
              "2026/11/21 13:02:03 [error] 1#1: *46 FastCGI sent in stderr: \"PHP message: PHP "
              "Fatal error:  Uncaught RuntimeException in /w/fail.php:3\n"
              "Stack trace:\n"
              "#0 {main}\n"
              "  thrown in /w/fail.php on line 3\" while reading response header from upstream, "
              "client: 127.0.0.1, server: lab.test, request: \"GET /fail.php HTTP/1.1\", upstream: "
              "\"fastcgi://unix:/run/php.sock:\", host: \"lab\"\n"}});
    EXPECT_EQ(result.lines, 4);
    EXPECT_EQ(result.harmless, 4);
    EXPECT_TRUE(result.causes.isEmpty());
}

TEST(LogExplainer, FpmWorkerStoppedByReload_IsNoKilledWorker)
{
    const ExplainResult result = explainTexts(
            {{QStringLiteral("fpm"),
              "[21-Nov-2026 13:02:12] WARNING: [pool www] child 23827 exited on signal 15 "
              "(SIGTERM) after 7.344291 seconds from start\n"
              "[21-Nov-2026 13:02:13] WARNING: [pool www] child 23910 exited on signal 9 "
              "(SIGKILL) after 1.123364 seconds from start\n"}});
    ASSERT_EQ(result.causes.size(), 1);
    EXPECT_EQ(result.causes.at(0).id, QStringLiteral("phpfpm.worker_killed"));
    EXPECT_EQ(result.causes.at(0).count, 1);
    EXPECT_EQ(result.worstSeverity(), gs::findings::Finding::Severity::Critical);
}

TEST(LogExplainer, BinaryGarbage_IsUnrecognisedAndShownEscaped)
{
    const ExplainResult result
            = explainTexts({{QStringLiteral("bin"), QByteArray("\x01\x02junk\x1b[31m\n", 12)}});
    EXPECT_EQ(result.unrecognised, 1);
    ASSERT_EQ(result.unrecognisedExamples.size(), 1);
    EXPECT_EQ(result.unrecognisedExamples.at(0), QStringLiteral("\\x01\\x02junk\\x1b[31m"));
}

TEST(ExplainInput, GzipFile_IsReadLikeThePlainOne)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QByteArray text = gs::test::readData(kCase, QStringLiteral("error.log"));
    const QString path = dir.filePath(QStringLiteral("error.log.gz"));
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "wb");
    ASSERT_NE(gz, nullptr);
    ASSERT_EQ(gzwrite(gz, text.constData(), static_cast<unsigned>(text.size())), text.size());
    ASSERT_EQ(gzclose(gz), Z_OK);

    QByteArray read;
    const auto stats
            = gs::logs::ExplainInput::read(path, [&read](QByteArrayView chunk) { read += chunk; });
    ASSERT_TRUE(stats.ok()) << qPrintable(stats.error().text());
    EXPECT_TRUE(stats->compressed);
    EXPECT_EQ(read, text);
}

TEST(ExplainInput, MissingFile_FailsWithItsName)
{
    const auto stats = gs::logs::ExplainInput::read(QStringLiteral("/nonexistent/error.log"),
                                                    [](QByteArrayView) {});
    ASSERT_FALSE(stats.ok());
    EXPECT_TRUE(stats.error().message.contains(QLatin1String("/nonexistent/error.log")));
}
