// The server-side window extraction and follow commands, run here with the local sh, dd and awk
// exactly as the SSH layer will run them on a server.

#include "logs/logfilereader.h"
#include "logs/logfollower.h"
#include "logs/windowcommand.h"
#include "nginx/accesslogfields.h"
#include "runprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gs;
using namespace gs::logs;

namespace {

// 2026-11-21T12:00:00Z
constexpr qint64 kNoon = 1795262400;

ProcessRun runShell(const QString &command)
{
    return runProcess(QStringLiteral("sh"), {QStringLiteral("-c"), command});
}

// A combined line at epoch t, written as a +0100 server would.
QByteArray lineAt(qint64 t, int n)
{
    const QString local = QDateTime::fromSecsSinceEpoch(t + 3600, Qt::UTC)
                                  .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss"));
    return "10.0.0.1 - - [" + local.toUtf8() + " +0100] \"GET /item/" + QByteArray::number(n)
           + " HTTP/1.1\" 200 5 \"-\" \"agent\"\n";
}

QByteArray linesFrom(qint64 first, int from, int to)
{
    QByteArray text;
    for (int i = from; i < to; ++i)
        text += lineAt(first + i, i);
    return text;
}

void writeFile(const QString &path, const QByteArray &bytes, QIODevice::OpenMode mode = {})
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | mode));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

void setMtime(const QString &path, qint64 epoch)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    ASSERT_TRUE(file.setFileTime(QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC),
                                 QFileDevice::FileModificationTime));
}

qint64 offsetReported(const QByteArray &err, const QString &path)
{
    const QRegularExpression re(QRegularExpression::escape(QStringLiteral("gs-window: ") + path)
                                + QStringLiteral(" size=\\d+ offset=(\\d+)"));
    const QRegularExpressionMatch match = re.match(QString::fromUtf8(err));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

} // namespace

TEST(WindowCommand, BigLog_SendsExactlyTheWindowAndReadsLittleBeforeIt)
{
    QTemporaryDir dir;
    // A directory name with a space and a quote: the paths must survive the shell.
    ASSERT_TRUE(QDir(dir.path()).mkdir(QStringLiteral("it's logs")));
    const QString path = dir.filePath(QStringLiteral("it's logs/access.log"));
    const QByteArray log = linesFrom(kNoon, 0, 20000);
    writeFile(path, log);

    WindowCommandOptions options;
    options.paths = {path};
    options.since = kNoon + 19000;
    options.blockSize = 4096;
    options.compress = false;
    const ProcessRun run = runShell(buildWindowCommand(options));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_EQ(run.out, linesFrom(kNoon, 19000, 20000));
    const qint64 offset = offsetReported(run.err, path);
    // It started within a block or two before the window, not at the start of the file.
    const qint64 windowStart = log.size() - run.out.size();
    EXPECT_LE(offset, windowStart) << run.err.toStdString();
    EXPECT_GT(offset, windowStart - 2 * options.blockSize) << run.err.toStdString();
}

TEST(WindowCommand, RotatedSet_SpansFilesSkipsOldOnesAndGzipsTheTransfer)
{
    QTemporaryDir dir;
    const QString gz = dir.filePath(QStringLiteral("access.log.2.gz"));
    const QString one = dir.filePath(QStringLiteral("access.log.1"));
    const QString live = dir.filePath(QStringLiteral("access.log"));
    writeFile(dir.filePath(QStringLiteral("plain2")), linesFrom(kNoon, 0, 1000));
    ASSERT_EQ(runShell(QStringLiteral("gzip -c '%1' > '%2'")
                               .arg(dir.filePath(QStringLiteral("plain2")), gz))
                      .exitCode,
              0);
    writeFile(one, linesFrom(kNoon, 1000, 2000));
    writeFile(live, linesFrom(kNoon, 2000, 2500));
    setMtime(gz, kNoon + 999);
    setMtime(one, kNoon + 1999);

    WindowCommandOptions options;
    options.paths = {gz, one, live};
    options.since = kNoon + 1500;
    options.blockSize = 1024;
    const ProcessRun run = runShell(buildWindowCommand(options));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_FALSE(run.err.contains("access.log.2.gz")) << "skipped by its mtime";
    writeFile(dir.filePath(QStringLiteral("out.gz")), run.out);
    QByteArray text;
    const Result<LogReadStats> read
            = LogFileReader::read(dir.filePath(QStringLiteral("out.gz")),
                                  [&text](QByteArrayView chunk) { text.append(chunk); });
    ASSERT_TRUE(read.ok()) << read.error().message.toStdString();
    EXPECT_TRUE(read->compressed);
    EXPECT_EQ(text, linesFrom(kNoon, 1500, 2500));

    // A .gz inside the window is read whole and filtered.
    options.since = kNoon + 900;
    const ProcessRun wide = runShell(buildWindowCommand(options) + QStringLiteral(" | gzip -dc"));
    ASSERT_EQ(wide.exitCode, 0) << wide.err.toStdString();
    EXPECT_EQ(wide.out, linesFrom(kNoon, 900, 2500));
}

TEST(WindowCommand, UnreadableFile_Exits66)
{
    WindowCommandOptions options;
    options.paths = {QStringLiteral("/nonexistent/access.log")};
    const ProcessRun run = runShell(buildWindowCommand(options));
    EXPECT_EQ(run.exitCode, 66);
    EXPECT_TRUE(run.err.contains("cannot read /nonexistent/access.log"));
    EXPECT_TRUE(run.out.isEmpty());
}

TEST(WindowCommand, AwkTimes_AgreeWithTheParser)
{
    using nginx::LogFormat;
    const struct
    {
        LogFormat::TimeKind kind;
        const char *line;
        qint64 expected;
    } cases[] = {
            {LogFormat::TimeKind::Local, "a - - [21/Nov/2026:13:00:03 +0100] \"x\"", 1795262403},
            {LogFormat::TimeKind::Local, "[21/Nov/2026:07:00:03 -0500] 200", 1795262403},
            {LogFormat::TimeKind::Local, "[29/Feb/2024:23:59:59 +0000] 200", 1709251199},
            {LogFormat::TimeKind::Iso8601, "[2026-11-21T13:00:03+01:00] 200", 1795262403},
            {LogFormat::TimeKind::Iso8601, "[2026-11-21T07:00:03-05:00] 200", 1795262403},
            {LogFormat::TimeKind::Iso8601, "2026-11-21T12:00:03Z 200", 1795262403},
            {LogFormat::TimeKind::Msec, "1795262403.123 200", 1795262403},
            {LogFormat::TimeKind::Local, "no time here", -1},
    };
    for (const auto &c : cases) {
        const QString command = QStringLiteral("printf '%s\\n' '%1' | awk \"$T\"'{ printf "
                                               "\"%.0f\\n\", ep($0) }'")
                                        .arg(QString::fromUtf8(c.line));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("T"), awkEpochFunctions(c.kind));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral("sh"), {QStringLiteral("-c"), command});
        ASSERT_TRUE(process.waitForFinished(10000));
        EXPECT_EQ(process.readAllStandardOutput().trimmed().toLongLong(), c.expected) << c.line;
    }
}

TEST(LogFollower, FollowsAppendsRotationAndTruncation)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("access.log"));
    writeFile(path, "old 1\nold 2\n");
    LogFollower follower(path);

    // The first round only learns where the end is.
    ProcessRun run = runShell(follower.command());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    Result<FollowChunk> chunk = follower.consume(run.out);
    ASSERT_TRUE(chunk.ok()) << chunk.error().message.toStdString();
    EXPECT_TRUE(chunk->data.isEmpty());
    EXPECT_EQ(follower.offset(), 12);
    EXPECT_NE(follower.inode(), 0u);

    writeFile(path, "new 3\nnew 4 partial", QIODevice::Append);
    run = runShell(follower.command());
    chunk = follower.consume(run.out);
    ASSERT_TRUE(chunk.ok());
    EXPECT_EQ(chunk->data.toByteArray(), "new 3\nnew 4 partial");
    EXPECT_FALSE(chunk->rotated);
    EXPECT_EQ(follower.offset(), 31);

    // logrotate renames; nginx writes a little more to the old inode before it reopens.
    ASSERT_TRUE(QFile::rename(path, path + QStringLiteral(".1")));
    writeFile(path + QStringLiteral(".1"), " end\n", QIODevice::Append);
    writeFile(path, "fresh 5\n");
    run = runShell(follower.command());
    chunk = follower.consume(run.out);
    ASSERT_TRUE(chunk.ok());
    EXPECT_TRUE(chunk->rotated);
    EXPECT_EQ(chunk->data.toByteArray(), " end\nfresh 5\n");
    EXPECT_EQ(follower.offset(), 8);

    // copytruncate: same inode, smaller file.
    writeFile(path, "t6\n", QIODevice::Truncate);
    run = runShell(follower.command());
    chunk = follower.consume(run.out);
    ASSERT_TRUE(chunk.ok());
    EXPECT_TRUE(chunk->truncated);
    EXPECT_EQ(chunk->data.toByteArray(), "t6\n");
    EXPECT_EQ(follower.offset(), 3);

    // Output that is not ours leaves the state alone.
    const quint64 inode = follower.inode();
    EXPECT_FALSE(follower.consume("Welcome to the server!\n").ok());
    EXPECT_EQ(follower.offset(), 3);
    EXPECT_EQ(follower.inode(), inode);
}
