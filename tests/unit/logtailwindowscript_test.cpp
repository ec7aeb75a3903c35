// core/scripts/log-tail-window.sh (the diagnosis's AccessLog probe, remotescripts::accessLogWindow)
// run by a local sh as the SSH layer runs it, against logs made here under a path a shell would
// split or expand.

#include "shscript.h"

#include "checks/remotescripts.h"
#include "util/shellquote.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <unistd.h>

using gs::test::runSh;
namespace remotescripts = gs::checks::remotescripts;
using TimeKind = gs::nginx::LogFormat::TimeKind;

namespace {

const QString kHostile = QStringLiteral("it's $(touch pwned) `id`");
constexpr qint64 kSince = 1795265379; // 2026-11-21 12:49:39 UTC

QByteArray line(qint64 epoch, int status, const QByteArray &zone = "+0000")
{
    // $time_local in the server's zone: the window is in UTC whatever the zone.
    const qint64 offset = zone == "+0100" ? 3600 : 0;
    return "127.0.0.1 - - ["
           + QDateTime::fromSecsSinceEpoch(epoch + offset, Qt::UTC)
                     .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss "))
                     .toLatin1()
           + zone + "] \"GET / HTTP/1.1\" " + QByteArray::number(status)
           + " 157 \"-\" \"curl/7.88.1\"\n";
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

} // namespace

TEST(LogTailWindowScript, PrintsTheWindowsLines_NotTheOnesBefore)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    ASSERT_TRUE(QDir().mkpath(dir.filePath(kHostile)));
    const QString log = dir.filePath(kHostile + QStringLiteral("/access.log"));
    const QByteArray before = line(kSince - 7200, 502) + line(kSince - 1, 502);
    const QByteArray inside = line(kSince, 200) + line(kSince + 5, 502, "+0100")
                              + "garbage in the window stays, to be counted as unparsed\n"
                              + line(kSince - 3, 200) // a straggler: the reader drops it
                              + line(kSince + 60, 504);
    write(log, before + inside);
    const auto run = runSh(remotescripts::accessLogWindow(log, 1 << 20, kSince, TimeKind::Local));
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_EQ(run.out, inside);
    EXPECT_EQ(run.err,
              "gs-tail: " + log.toUtf8() + " size="
                      + QByteArray::number(QByteArray(before + inside).size()) + " offset=0\n");
    EXPECT_FALSE(QFile::exists(dir.filePath(QStringLiteral("pwned"))));
}

TEST(LogTailWindowScript, ReadsOnlyTheLastBytes_DroppingThePartialFirstLine)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString log = dir.filePath(QStringLiteral("access.log"));
    QByteArray all;
    for (int i = 0; i < 200; ++i)
        all += line(kSince + i, i % 2 ? 502 : 200);
    write(log, all);
    const qint64 cap = 1000;
    const auto run = runSh(remotescripts::accessLogWindow(log, cap, kSince, TimeKind::Local));
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_LE(run.out.size(), cap);
    EXPECT_TRUE(all.endsWith(run.out));
    // Whole lines only: the cut one at the start of the tail is not printed.
    EXPECT_TRUE(run.out.startsWith("127.0.0.1 - - ["));
    EXPECT_GT(run.out.size(), cap - line(kSince, 200).size() - 1);
    EXPECT_EQ(run.err,
              "gs-tail: " + log.toUtf8() + " size=" + QByteArray::number(all.size())
                      + " offset=" + QByteArray::number(all.size() - cap) + "\n");
}

TEST(LogTailWindowScript, IsoAndMsecTimes_AreReadAsTheFormatWritesThem)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString log = dir.filePath(QStringLiteral("access.log"));
    write(log,
          "1795265378.120 127.0.0.1 502 GET /old\n"
          "1795265380.002 127.0.0.1 502 GET /new\n");
    auto run = runSh(remotescripts::accessLogWindow(log, 4096, kSince, TimeKind::Msec));
    EXPECT_EQ(run.out, "1795265380.002 127.0.0.1 502 GET /new\n");
    write(log,
          "2026-11-21T13:49:38+01:00 502 /old\n"
          "2026-11-21T12:49:40+00:00 502 /new\n");
    run = runSh(remotescripts::accessLogWindow(log, 4096, kSince, TimeKind::Iso8601));
    EXPECT_EQ(run.out, "2026-11-21T12:49:40+00:00 502 /new\n");
}

TEST(LogTailWindowScript, MissingOrUnreadable_SaysWhy_AndFails)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("gone.log"));
    auto run = runSh(remotescripts::accessLogWindow(missing, 4096, kSince, TimeKind::Local));
    EXPECT_EQ(run.exitCode, 66);
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(run.err, "gs-tail: " + missing.toUtf8() + ": No such file or directory\n");
    const QString closed = dir.filePath(QStringLiteral("closed.log"));
    write(closed, line(kSince, 502));
    ASSERT_TRUE(QFile::setPermissions(closed, QFileDevice::WriteOwner));
    QString command = remotescripts::accessLogWindow(closed, 4096, kSince, TimeKind::Local);
    if (geteuid() == 0) {
        // root reads every file: the login without the right to is another user.
        if (QProcess::execute(
                    QStringLiteral("sh"),
                    {QStringLiteral("-c"), QStringLiteral("command -v runuser >/dev/null")})
            != 0)
            GTEST_SKIP() << "root reads every file, and runuser is missing";
        ASSERT_TRUE(QFile::setPermissions(dir.path(),
                                          QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                  | QFileDevice::ExeOwner | QFileDevice::ReadOther
                                                  | QFileDevice::ExeOther));
        command = QStringLiteral("runuser -u nobody -- sh -c ") + gs::shellQuote(command);
    }
    run = runSh(command);
    EXPECT_EQ(run.exitCode, 66);
    EXPECT_EQ(run.err, "gs-tail: " + closed.toUtf8() + ": Permission denied\n");
}
