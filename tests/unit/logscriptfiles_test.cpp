// The access-log reader's scripts (core/scripts/log-*.sh) run by a local sh as the SSH layer runs
// them, against files made here: names a shell would split or expand, a fake nginx and ps on the
// PATH for discovery. remoteaccesslog_test.cpp and windowcommand_test.cpp run them for the
// features; these pin what each script prints.

#include "shscript.h"

#include "logs/logfollower.h"
#include "logs/remotelogscripts.h"
#include "remote/scriptfile.h"
#include "util/shellquote.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <cstdio>

using gs::remote::ScriptFile;
using gs::test::runSh;
using gs::test::ShRun;
namespace remotelogscripts = gs::logs::remotelogscripts;

namespace {

// A directory name with a quote, a space and an expansion: the paths must survive the shell.
const QString kHostile = QStringLiteral("it's $(touch pwned) `id`");

void writeFile(const QString &path, const QByteArray &bytes, bool executable = false)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate)) << path.toStdString();
    ASSERT_EQ(file.write(bytes), bytes.size());
    if (executable)
        file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
}

QString gunzip(const QString &command)
{
    return command + QStringLiteral(" | gzip -dc");
}

} // namespace

TEST(LogScriptFiles, Discovery_FirstMastersNginxT_FpmErrorLog_Clock_AndTheLogsDirectory)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString bin = dir.filePath(QStringLiteral("bin"));
    ASSERT_TRUE(QDir().mkpath(bin));
    const QString nginx = bin + QStringLiteral("/nginx");
    const QString fpmConf = dir.filePath(QStringLiteral("php-fpm.conf"));
    // ps as a server shows it: two masters, a worker, something else.
    writeFile(bin + QStringLiteral("/ps"),
              QStringLiteral(
                      "#!/bin/sh\n"
                      "echo '  101 root     nginx: master process %1 -p /srv/p/ -c /srv/n.conf'\n"
                      "echo '  102 www-data nginx: worker process'\n"
                      "echo '  103 root     php-fpm: master process (%2)'\n"
                      "echo '  104 root     /usr/sbin/sshd -D'\n")
                      .arg(nginx, fpmConf)
                      .toUtf8(),
              true);
    // nginx -T echoes its arguments; a configuration named "bad" fails as nginx would.
    writeFile(nginx,
              "#!/bin/sh\n"
              "[ \"$1\" = -V ] && { echo 'nginx version: nginx/9.9' >&2; exit 0; }\n"
              "all=$*; c=\n"
              "while [ $# -gt 0 ]; do [ \"$1\" = -c ] && c=$2; shift; done\n"
              "case ${c##*/} in bad*) echo 'nginx: [emerg] bad thing' >&2; exit 1;; esac\n"
              "echo \"# configuration file $all\"\n",
              true);
    writeFile(fpmConf, "[global]\npid = /run/fpm.pid\n  error_log = /var/log/fpm.log\n");
    const QString logs = dir.filePath(kHostile);
    ASSERT_TRUE(QDir().mkpath(logs));
    const QString log = logs + QStringLiteral("/access.log");
    writeFile(log, "12345");
    writeFile(logs + QStringLiteral("/access.log.1"), "1");

    const QString path
            = QStringLiteral("PATH=") + gs::shellQuote(bin) + QStringLiteral(":\"$PATH\" ");
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const ShRun run = runSh(path + remotelogscripts::discovery(QString(), log));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QByteArray &out = run.out;
    EXPECT_TRUE(out.startsWith(
            QStringLiteral("@@procs\n101|root||nginx: master process %1 -p /srv/p/ -c /srv/n.conf\n"
                           "103|root||php-fpm: master process (%2)\n@@nginx_binary\n%1\n"
                           "@@nginx_V\nnginx version: nginx/9.9\n@@tools\n")
                    .arg(nginx, fpmConf)
                    .toUtf8()))
            << out.constData();
    const auto [offset, now] = remotelogscripts::parseClock(out);
    EXPECT_EQ(offset, QDateTime::currentDateTime().offsetFromUtc());
    EXPECT_GE(now, before);
    EXPECT_LE(now, before + 60);
    // The master's own binary, prefix and configuration.
    EXPECT_EQ(remotelogscripts::parseNginxDump(out),
              QStringLiteral("# configuration file -p /srv/p/ -c /srv/n.conf -T\n"));
    EXPECT_EQ(remotelogscripts::parseFpmConfigs(out),
              QStringList({QStringLiteral("[global]\n  error_log = /var/log/fpm.log\n")}));
    const auto sizes = remotelogscripts::parseSizesAndListings(out);
    ASSERT_EQ(sizes.sizes.size(), 1);
    EXPECT_EQ(sizes.sizes[0], qMakePair(log, qint64(5)));
    ASSERT_EQ(sizes.listings.size(), 1);
    EXPECT_EQ(
            sizes.listings[0],
            qMakePair(logs,
                      QStringList({QStringLiteral("access.log"), QStringLiteral("access.log.1")})));
    EXPECT_TRUE(out.endsWith("\n@@end\n"));
    EXPECT_FALSE(QFile::exists(QStringLiteral("pwned"))) << "a path was executed";

    // A configuration given replaces the master's (and its prefix); its failure is nginx's words.
    const ShRun failed = runSh(
            path + remotelogscripts::discovery(dir.filePath(QStringLiteral("bad 'n'.conf")), {}));
    ASSERT_EQ(failed.exitCode, 0) << failed.err.constData();
    QString error;
    EXPECT_FALSE(remotelogscripts::parseNginxDump(failed.out, &error).has_value());
    EXPECT_EQ(error, QStringLiteral("nginx: [emerg] bad thing"));
    EXPECT_FALSE(failed.out.contains("@@size")) << "no log asked for";
}

TEST(LogScriptFiles, Sizes_EachFileThenEachListing_UnreadableIsMinusOne)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString logs = dir.filePath(kHostile);
    ASSERT_TRUE(QDir().mkpath(logs));
    writeFile(logs + QStringLiteral("/a.log"), "abc");
    const ShRun run = runSh(remotelogscripts::sizesAndListings(
            {logs + QStringLiteral("/a.log"), logs + QStringLiteral("/gone.log")},
            {logs, dir.filePath(QStringLiteral("no dir"))}));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_EQ(
            run.out,
            QStringLiteral("@@size 3 %1/a.log\n@@size -1 %1/gone.log\n@@dir %1\na.log\n@@dir %2\n")
                    .arg(logs, dir.filePath(QStringLiteral("no dir")))
                    .toUtf8());
}

TEST(LogScriptFiles, Tail_LastBytesOfEachReadableFile_NoJournalWhenNotAsked)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString a = dir.filePath(kHostile);
    const QString gone = dir.filePath(QStringLiteral("gone.log"));
    const QString b = dir.filePath(QStringLiteral("short.log"));
    writeFile(a, "0123456789\n");
    writeFile(b, "ab\n");
    const ShRun run = runSh(gunzip(remotelogscripts::tailFiles({a, gone, b}, 4, std::nullopt)));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    // Each tail ends with a newline of its own: a cut line never runs into the next file.
    EXPECT_EQ(run.out, QByteArray("789\n\nab\n\n"));
    EXPECT_EQ(run.err,
              QStringLiteral("gs-tail: %1 size=11 offset=7\ngs-tail: cannot read %2\n"
                             "gs-tail: %3 size=3 offset=0\n")
                      .arg(a, gone, b)
                      .toUtf8());
}

TEST(LogScriptFiles, Grep_FixedStringsInRange_CappedAfterTheRange)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString error = dir.filePath(kHostile);
    writeFile(error,
              "2026/11/21 13:03:01 [error] it's one [x].*\n"
              "2026/11/21 13:03:02 [error] other\n"
              "2026/11/21 13:03:03 [error] it's two\n"
              "2026/11/21 13:03:04 [error] it's three\n"
              "2026/11/21 13:04:00 [error] it's late\n");
    // The needles are fixed strings (a quote, regex characters), and a missing file is skipped.
    const QStringList needles{QStringLiteral("it's"), QStringLiteral("[x].*")};
    const ShRun all = runSh(gunzip(remotelogscripts::grepFixed(
            {dir.filePath(QStringLiteral("gone")), error}, needles, 100)));
    ASSERT_EQ(all.exitCode, 0) << all.err.constData();
    EXPECT_EQ(all.out.count('\n'), 4) << all.out.constData();
    EXPECT_FALSE(all.out.contains("other"));
    const ShRun capped
            = runSh(gunzip(remotelogscripts::grepFixed({error},
                                                       needles,
                                                       2,
                                                       QStringLiteral("2026/11/21 13:03:02"),
                                                       QStringLiteral("2026/11/21 13:04:00"))));
    EXPECT_EQ(capped.out,
              QByteArray("2026/11/21 13:03:03 [error] it's two\n"
                         "2026/11/21 13:03:04 [error] it's three\n"));
    EXPECT_FALSE(QFile::exists(QStringLiteral("pwned"))) << "a path was executed";
}

TEST(LogScriptFiles, WindowUntil_StopsAtTheFirstLineAtOrAfterUntil_AndCaps)
{
    QByteArray lines;
    // Slightly out of order, as nginx writes: the stop is the first line at or after UNTIL.
    for (const int t : {0, 1, 3, 2, 4, 5, 1, 6})
        lines += QByteArray::number(1795262400 + t) + ".000 GET /" + QByteArray::number(t) + "\n";
    const auto run = [&](int until, int maxLines) {
        return runSh(gunzip(ScriptFile::shCommand(
                             u"log-window-until.sh",
                             {QString::number(1795262400 + until), QString::number(maxLines)},
                             ScriptFile::assignment(u"T", ScriptFile::text(u"epoch-msec.awk")))),
                     lines);
    };
    const ShRun stopped = run(4, 100);
    ASSERT_EQ(stopped.exitCode, 0) << stopped.err.constData();
    EXPECT_EQ(stopped.out,
              QByteArray("1795262400.000 GET /0\n1795262401.000 GET /1\n1795262403.000 GET /3\n"
                         "1795262402.000 GET /2\n"));
    EXPECT_EQ(run(100, 2).out, QByteArray("1795262400.000 GET /0\n1795262401.000 GET /1\n"));
}

TEST(LogScriptFiles, Follow_AMissingFile_Exit66WithTheReason)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(kHostile);
    const ShRun run = runSh(gs::logs::LogFollower(path).command());
    EXPECT_EQ(run.exitCode, 66);
    EXPECT_TRUE(run.out.isEmpty());
    EXPECT_EQ(run.err, QStringLiteral("gs-follow: cannot read %1\n").arg(path).toUtf8());
}

TEST(LogScriptFiles, Follow_ABigOffsetIsASeek_AndARotationWithoutTheOldFileStartsTheNewOne)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(kHostile);
    QByteArray big;
    for (int i = 0; big.size() < 200000; ++i)
        big += "line " + QByteArray::number(i) + "\n";
    writeFile(path, big);
    // Past several 64 KiB blocks and not on a block boundary.
    gs::logs::LogFollower follower(path, 150001);
    ShRun run = runSh(follower.command());
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const qsizetype newline = run.out.indexOf('\n');
    ASSERT_GT(newline, 0);
    // "gs-follow INODE SIZE ROTATED OLD_BYTES NEW_BYTES"
    const QList<QByteArray> header = run.out.first(newline).split(' ');
    ASSERT_EQ(header.size(), 6) << run.out.first(newline).constData();
    EXPECT_EQ(header[2].toLongLong(), big.size());
    EXPECT_EQ(header[3], "0");
    EXPECT_EQ(header[4], "0");
    EXPECT_EQ(header[5].toLongLong(), big.size() - 150001);
    EXPECT_EQ(run.out.mid(newline + 1), big.mid(150001));
    ASSERT_TRUE(follower.consume(run.out).ok());

    // Replaced by a new file (made while the old one still holds its inode, so the inodes
    // differ), and PATH.1 is not the old one: the new file from its start.
    writeFile(path + QStringLiteral(".1"), "not the old inode\n");
    writeFile(path + QStringLiteral(".new"), "fresh\n");
    ASSERT_EQ(std::rename(QFile::encodeName(path + QStringLiteral(".new")).constData(),
                          QFile::encodeName(path).constData()),
              0);
    run = runSh(follower.command());
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.out.endsWith(" 6 1 0 6\nfresh\n")) << run.out.constData();
}
