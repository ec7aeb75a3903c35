#include "logs/localaccesslog.h"
#include "logs/logfilereader.h"
#include "logs/rotatedlogs.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>
#include <zlib.h>

using namespace gs;
using namespace gs::logs;

namespace {

// 2026-11-21T12:00:00Z
constexpr qint64 kNoon = 1795262400;

// `count` combined lines at 12:mm:00Z, alternating 200 and 502.
QByteArray linesAt(int minute, int count)
{
    QByteArray text;
    for (int i = 0; i < count; ++i) {
        text += "10.0.0.1 - - [21/Nov/2026:12:" + QByteArray::number(minute).rightJustified(2, '0')
                + ":00 +0000] \"GET /p HTTP/1.1\" " + (i % 2 ? "502" : "200") + " 5 \"-\" \"t\"\n";
    }
    return text;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

void writeGzip(const QString &path, const QByteArray &bytes, const char *mode = "wb")
{
    gzFile gz = gzopen(QFile::encodeName(path).constData(), mode);
    ASSERT_NE(gz, nullptr);
    ASSERT_EQ(gzwrite(gz, bytes.constData(), static_cast<unsigned>(bytes.size())), bytes.size());
    ASSERT_EQ(gzclose(gz), Z_OK);
}

QByteArray readAll(const QString &path, Result<LogReadStats> *result = nullptr)
{
    QByteArray text;
    Result<LogReadStats> read = LogFileReader::read(
            path, [&text](QByteArrayView chunk) { text.append(chunk); }, 4096);
    if (result)
        *result = read;
    return text;
}

} // namespace

TEST(LogFileReader, PlainAndGzip_GiveTheSameText)
{
    QTemporaryDir dir;
    const QByteArray text = linesAt(0, 500);
    writeFile(dir.filePath(QStringLiteral("plain.log")), text);
    // The name does not matter: gzip is told by its magic bytes.
    writeGzip(dir.filePath(QStringLiteral("compressed.log")), text);
    Result<LogReadStats> plain = makeError(ErrorCode::IoError, {});
    Result<LogReadStats> gz = makeError(ErrorCode::IoError, {});
    EXPECT_EQ(readAll(dir.filePath(QStringLiteral("plain.log")), &plain), text);
    EXPECT_EQ(readAll(dir.filePath(QStringLiteral("compressed.log")), &gz), text);
    ASSERT_TRUE(plain.ok());
    ASSERT_TRUE(gz.ok());
    EXPECT_FALSE(plain->compressed);
    EXPECT_TRUE(gz->compressed);
    EXPECT_EQ(gz->logBytes, text.size());
    EXPECT_LT(gz->fileBytes, text.size() / 5);
}

TEST(LogFileReader, ConcatenatedGzipMembers_AreReadWhole)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("two.gz"));
    writeGzip(path, linesAt(0, 10));
    writeGzip(path, linesAt(1, 10), "ab");
    EXPECT_EQ(readAll(path), linesAt(0, 10) + linesAt(1, 10));
}

TEST(LogFileReader, TruncatedGzip_KeepsWhatCameBeforeAndSaysSo)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cut.log.gz"));
    QByteArray text;
    for (int i = 0; i < 2000; ++i)
        text += "line " + QByteArray::number(i * 7919) + " of a log that compresses poorly\n";
    writeGzip(path, text);
    QFile file(path);
    ASSERT_TRUE(file.resize(file.size() / 2));
    Result<LogReadStats> read = makeError(ErrorCode::IoError, {});
    const QByteArray got = readAll(path, &read);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::ParseError);
    EXPECT_TRUE(read.error().message.contains(QStringLiteral("truncated")))
            << read.error().message.toStdString();
    EXPECT_GT(got.size(), 0);
    EXPECT_TRUE(text.startsWith(got));
}

TEST(LogFileReader, MissingFile_IsAnErrorNotACrash)
{
    Result<LogReadStats> read = makeError(ErrorCode::IoError, {});
    readAll(QStringLiteral("/nonexistent/access.log"), &read);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().code, ErrorCode::NotFound);
    EXPECT_TRUE(read.error().message.contains(QStringLiteral("/nonexistent/access.log")));
}

TEST(RotatedLogs, Sets_AreOrderedOldestFirst)
{
    const QStringList names = {QStringLiteral("access.log"),
                               QStringLiteral("access.log.1"),
                               QStringLiteral("error.log"),
                               QStringLiteral("access.log.10.gz"),
                               QStringLiteral("access.log.2.gz"),
                               QStringLiteral("access.log-20261119.gz"),
                               QStringLiteral("access.log-20261120")};
    EXPECT_EQ(selectRotated(QStringLiteral("access.log"), names),
              QStringList({QStringLiteral("access.log-20261119.gz"),
                           QStringLiteral("access.log-20261120"),
                           QStringLiteral("access.log.10.gz"),
                           QStringLiteral("access.log.2.gz"),
                           QStringLiteral("access.log.1"),
                           QStringLiteral("access.log")}));
    EXPECT_EQ(orderOldestFirst({QStringLiteral("/l/access.log"),
                                QStringLiteral("/l/access.log.2.gz"),
                                QStringLiteral("/l/access.log.1")}),
              QStringList({QStringLiteral("/l/access.log.2.gz"),
                           QStringLiteral("/l/access.log.1"),
                           QStringLiteral("/l/access.log")}));
}

TEST(LocalAccessLog, RotatedSetWithGzip_CountsEveryFileAndTheWindowSpansThem)
{
    QTemporaryDir dir;
    writeGzip(dir.filePath(QStringLiteral("access.log.2.gz")), linesAt(0, 10));
    writeFile(dir.filePath(QStringLiteral("access.log.1")), linesAt(1, 20));
    writeFile(dir.filePath(QStringLiteral("access.log")), linesAt(2, 30));
    const QStringList set = localRotatedSet(dir.filePath(QStringLiteral("access.log")));
    ASSERT_EQ(set.size(), 3);
    EXPECT_TRUE(set.first().endsWith(QStringLiteral("access.log.2.gz")));

    AccessLogOptions options;
    options.since = kNoon + 60; // drops the .2.gz minute
    Result<LocalAccessLogAnalysis> analysis
            = analyzeLocalAccessLogs(set, nginx::LogFormat::combined(), options);
    ASSERT_TRUE(analysis.ok());
    const AccessLogSummary &s = analysis->summary;
    EXPECT_EQ(s.lines, 60);
    EXPECT_EQ(s.outsideWindow, 10);
    EXPECT_EQ(s.requests, 50);
    EXPECT_EQ(s.status.count(502), 25);
    EXPECT_EQ(s.bucket(kNoon + 60)->requests, 20);
    EXPECT_EQ(s.bucket(kNoon + 120)->requests, 30);
    EXPECT_TRUE(analysis->warnings.isEmpty());
}

TEST(LocalAccessLog, TruncatedGzip_IsAWarningAndEarlierLinesCount)
{
    QTemporaryDir dir;
    const QString gz = dir.filePath(QStringLiteral("access.log.1.gz"));
    QByteArray text;
    for (int minute = 0; minute < 30; ++minute)
        text += linesAt(minute, 100);
    writeGzip(gz, text);
    QFile file(gz);
    ASSERT_TRUE(file.resize(file.size() - 20));
    writeFile(dir.filePath(QStringLiteral("access.log")), linesAt(45, 4));
    Result<LocalAccessLogAnalysis> analysis = analyzeLocalAccessLogs(
            {dir.filePath(QStringLiteral("access.log")), gz}, nginx::LogFormat::combined(), {});
    ASSERT_TRUE(analysis.ok());
    ASSERT_EQ(analysis->warnings.size(), 1);
    EXPECT_TRUE(analysis->warnings.first().contains(QStringLiteral("truncated")));
    EXPECT_EQ(analysis->sources.last(), dir.filePath(QStringLiteral("access.log")));
    EXPECT_EQ(analysis->summary.bucket(kNoon + 45 * 60)->requests, 4);
    EXPECT_GT(analysis->summary.requests, 4);
    // At most the cut line is unparsed.
    EXPECT_LE(analysis->summary.unparsed, 1);
}

TEST(LocalAccessLog, MissingFile_FailsWithItsName)
{
    Result<LocalAccessLogAnalysis> analysis = analyzeLocalAccessLogs(
            {QStringLiteral("/nonexistent/a.log")}, nginx::LogFormat::combined(), {});
    ASSERT_FALSE(analysis.ok());
    EXPECT_TRUE(analysis.error().message.contains(QStringLiteral("/nonexistent/a.log")));
}
