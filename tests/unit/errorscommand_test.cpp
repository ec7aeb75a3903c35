// gatescope-cli errors, run as a user would: the JSON contract of spec/cli.md and the exit codes.

#include "runprocess.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

ProcessRun runCli(const QStringList &args, const QString &workingDirectory = {})
{
    return runProcess(QStringLiteral(GS_CLI_PATH), args, workingDirectory);
}

QString dataDir(const char *name)
{
    return QStringLiteral(GS_TEST_DATA_DIR "/") + QLatin1String(name);
}

QJsonObject parse(const QByteArray &bytes)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.toStdString();
    return document.object();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return file.readAll();
}

QByteArray combinedAt(qint64 epoch, int status)
{
    const QString time = QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC)
                                 .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss"));
    return "127.0.0.1 - - [" + time.toUtf8() + " +0000] \"GET / HTTP/1.1\" "
           + QByteArray::number(status) + " 1 \"-\" \"t\"\n";
}

} // namespace

TEST(ErrorsCommand, CustomFormatWithUpstreams_MatchesTheGoldenJson)
{
    const QString dir = dataDir("accesslog-upstreams");
    const QString format = QString::fromUtf8(readFile(dir + QStringLiteral("/format.txt")));
    const ProcessRun run = runCli({QStringLiteral("errors"),
                                   QStringLiteral("--file"),
                                   QStringLiteral("access.log"),
                                   QStringLiteral("--format"),
                                   format,
                                   QStringLiteral("--json")},
                                  dir);
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject got = parse(run.out);

    // The spec's fields, checked by hand against the log before the golden file was taken.
    EXPECT_EQ(got[QStringLiteral("source")].toString(), QStringLiteral("access.log"));
    EXPECT_EQ(got[QStringLiteral("bucket_seconds")].toInt(), 60);
    EXPECT_EQ(got[QStringLiteral("lines")].toInt(), 9);
    EXPECT_EQ(got[QStringLiteral("unparsed")].toInt(), 1);
    const QJsonObject totals = got[QStringLiteral("totals")].toObject();
    EXPECT_EQ(totals[QStringLiteral("requests")].toInt(), 8);
    const QJsonObject status = totals[QStringLiteral("status")].toObject();
    EXPECT_EQ(status[QStringLiteral("502")].toInt(), 2);
    EXPECT_EQ(status[QStringLiteral("504")].toInt(), 1);
    const QJsonArray series = got[QStringLiteral("series")].toArray();
    ASSERT_EQ(series.size(), 4); // 12:02 is empty and still present
    const QJsonObject first = series[0].toObject();
    EXPECT_EQ(first[QStringLiteral("start")].toString(), QStringLiteral("2026-11-21T12:00:00Z"));
    EXPECT_EQ(first[QStringLiteral("requests")].toInt(), 4); // +0100, -0500 and Z lines
    EXPECT_EQ(first[QStringLiteral("classes")][QStringLiteral("5xx")].toInt(), 2);
    EXPECT_EQ(series[2].toObject()[QStringLiteral("requests")].toInt(), 0);
    EXPECT_EQ(series[2].toObject()[QStringLiteral("classes")][QStringLiteral("2xx")].toInt(), 0);
    EXPECT_EQ(totals[QStringLiteral("upstreams")][QStringLiteral("127.0.0.1:3001")]
                    [QStringLiteral("status")][QStringLiteral("504")]
                            .toInt(),
              1);

    EXPECT_EQ(got, parse(readFile(dir + QStringLiteral("/expected.json"))));
}

TEST(ErrorsCommand, Since_CountsOnlyTheWindowAndFillsItWithBuckets)
{
    QTemporaryDir dir;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QFile log(dir.filePath(QStringLiteral("access.log")));
    ASSERT_TRUE(log.open(QIODevice::WriteOnly));
    log.write(combinedAt(now - 7200, 502));
    log.write(combinedAt(now - 600, 502));
    log.write(combinedAt(now - 590, 200));
    log.close();
    const ProcessRun run = runCli({QStringLiteral("errors"),
                                   QStringLiteral("--file"),
                                   log.fileName(),
                                   QStringLiteral("--since"),
                                   QStringLiteral("1h"),
                                   QStringLiteral("--bucket"),
                                   QStringLiteral("5m"),
                                   QStringLiteral("--json")});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QJsonObject got = parse(run.out);
    EXPECT_EQ(got[QStringLiteral("bucket_seconds")].toInt(), 300);
    EXPECT_EQ(got[QStringLiteral("lines")].toInt(), 3);
    EXPECT_EQ(got[QStringLiteral("outside_window")].toInt(), 1);
    EXPECT_EQ(got[QStringLiteral("totals")][QStringLiteral("requests")].toInt(), 2);
    // One hour of 5-minute buckets, up to the one holding "now".
    EXPECT_EQ(got[QStringLiteral("series")].toArray().size(), 13);
}

TEST(ErrorsCommand, UsageErrors_Exit64WithAMessage)
{
    EXPECT_EQ(runCli({QStringLiteral("errors")}).exitCode, 64);
    const ProcessRun both = runCli({QStringLiteral("errors"),
                                    QStringLiteral("web1"),
                                    QStringLiteral("--file"),
                                    QStringLiteral("x.log")});
    EXPECT_EQ(both.exitCode, 64);
    EXPECT_TRUE(both.err.contains("not both")) << both.err.toStdString();
    const ProcessRun since = runCli({QStringLiteral("errors"),
                                     QStringLiteral("--file"),
                                     QStringLiteral("x.log"),
                                     QStringLiteral("--since"),
                                     QStringLiteral("soon")});
    EXPECT_EQ(since.exitCode, 64);
    EXPECT_TRUE(since.err.contains("not a duration")) << since.err.toStdString();
    const ProcessRun format = runCli({QStringLiteral("errors"),
                                      QStringLiteral("--file"),
                                      QStringLiteral("x.log"),
                                      QStringLiteral("--format"),
                                      QStringLiteral("$remote_addr$status")});
    EXPECT_EQ(format.exitCode, 64);
    const ProcessRun missing = runCli({QStringLiteral("errors"),
                                       QStringLiteral("--file"),
                                       QStringLiteral("/nonexistent/access.log"),
                                       QStringLiteral("--json")});
    EXPECT_EQ(missing.exitCode, 64);
    EXPECT_TRUE(missing.out.isEmpty());
    EXPECT_TRUE(missing.err.contains("/nonexistent/access.log"));
}
