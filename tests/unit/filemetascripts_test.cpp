// core/scripts/file-meta.sh (gs_meta, the library every script that reports files puts in front)
// and the scripts on it that only read: file-stat.sh (RemoteFileInfo::script),
// remote-file-read.sh (RemoteFile::read) and config-file-list.sh (ConfigListing). Run by a local
// sh against files made here, under names a shell would split or expand.

#include "shscript.h"

#include "config/configdiscoveryparser.h"
#include "config/configlisting.h"
#include "remote/remotefileinfo.h"
#include "remote/scriptfile.h"
#include "util/sections.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using gs::remote::ScriptFile;
using gs::test::runSh;
using gs::test::ShRun;

namespace {

const QString kHostile = QStringLiteral("it's $(touch pwned) `id`");

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate)) << path.toStdString();
    ASSERT_EQ(file.write(bytes), bytes.size());
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

class FileMetaScriptsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        // Canonical: gs_meta reports real paths (readlink -f).
        m_base = QFileInfo(m_dir.path()).canonicalFilePath() + QLatin1Char('/') + kHostile;
        ASSERT_TRUE(QDir().mkpath(m_base));
    }
    void TearDown() override
    {
        EXPECT_FALSE(QFile::exists(QStringLiteral("pwned"))) << "a path was executed";
    }
    QString path(const QString &name) const { return m_base + QLatin1Char('/') + name; }

    QTemporaryDir m_dir;
    QString m_base;
};

} // namespace

TEST_F(FileMetaScriptsTest, GsMeta_ARegularFile_EveryFieldAsStatAndSha256SumSayIt)
{
    // The library alone defines functions and prints nothing.
    const ShRun library = runSh(ScriptFile::text(u"file-meta.sh"));
    EXPECT_EQ(library.exitCode, 0) << library.err.constData();
    EXPECT_TRUE(library.out.isEmpty());

    const QString file = path(QStringLiteral("a b.conf"));
    writeFile(file, "hello\n");
    ASSERT_EQ(::chmod(QFile::encodeName(file).constData(), 0640), 0);
    const ShRun run = runSh(ScriptFile::command(u"file-stat.sh", {file}, u"file-meta.sh"));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QFileInfo info(file);
    const QByteArray head = "@@file\t" + file.toUtf8() + "\t" + file.toUtf8() + "\t0\t6\t"
                            + info.owner().toUtf8() + "\t" + info.group().toUtf8() + "\t"
                            + QByteArray::number(info.ownerId()) + "\t"
                            + QByteArray::number(info.groupId()) + "\t640\t";
    const QByteArray tail = "\t" + sha256("hello\n") + "\n";
    // The label is "-" where SELinux is not mounted; elsewhere it is the file's context.
    if (QFileInfo::exists(QStringLiteral("/sys/fs/selinux"))) {
        EXPECT_TRUE(run.out.startsWith(head) && run.out.endsWith(tail)) << run.out.constData();
    } else {
        EXPECT_EQ(run.out, QByteArray(head + "-" + tail));
    }
}

TEST_F(FileMetaScriptsTest, FileStat_SymlinksDirectoriesAndMissingPaths_InOrder_Exit0)
{
    const QString target = path(QStringLiteral("target.conf"));
    writeFile(target, "x");
    const QString link = path(QStringLiteral("link"));
    ASSERT_TRUE(QFile::link(target, link));
    const QString dangling = path(QStringLiteral("dangling"));
    ASSERT_TRUE(QFile::link(path(QStringLiteral("nothing")), dangling));
    const QString nowhere = path(QStringLiteral("no dir/missing"));
    const ShRun run = runSh(gs::remote::RemoteFileInfo::script({link, m_base, dangling, nowhere}));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QList<QByteArray> lines = run.out.split('\n');
    ASSERT_EQ(lines.size(), 5) << run.out.constData();
    EXPECT_TRUE(lines[0].startsWith(
            QByteArray("@@file\t" + link.toUtf8() + "\t" + target.toUtf8() + "\t1\t1\t")))
            << lines[0].constData();
    EXPECT_TRUE(lines[0].endsWith(QByteArray("\t" + sha256("x"))));
    // Not a regular file, a symlink to nothing, a path whose directory is missing.
    EXPECT_EQ(lines[1],
              QByteArray("@@missing\t" + m_base.toUtf8() + "\t" + m_base.toUtf8() + "\t0"));
    EXPECT_EQ(lines[2],
              QByteArray("@@missing\t" + dangling.toUtf8() + "\t"
                         + path(QStringLiteral("nothing")).toUtf8() + "\t1"));
    EXPECT_EQ(lines[3], QByteArray("@@missing\t" + nowhere.toUtf8() + "\t\t0"));
    EXPECT_TRUE(lines[4].isEmpty());
}

TEST_F(FileMetaScriptsTest, RemoteFileRead_TheMetaLineThenTheExactBytesThroughASymlink)
{
    const QString target = path(QStringLiteral("bin.conf"));
    const QByteArray bytes("\x00\x01 no newline at the end \xff", 26);
    writeFile(target, bytes);
    const QString link = path(QStringLiteral("via link"));
    ASSERT_TRUE(QFile::link(target, link));
    const ShRun run = runSh(ScriptFile::command(u"remote-file-read.sh", {link}, u"file-meta.sh"));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const qsizetype newline = run.out.indexOf('\n');
    const QList<gs::remote::RemoteFileInfo> infos
            = gs::remote::RemoteFileInfo::parse(run.out.first(newline + 1));
    ASSERT_EQ(infos.size(), 1);
    EXPECT_TRUE(infos[0].isSymlink);
    EXPECT_EQ(infos[0].realPath, target);
    EXPECT_EQ(infos[0].sha256, QString::fromLatin1(sha256(bytes)));
    EXPECT_EQ(run.out.mid(newline + 1), bytes);

    const ShRun missing = runSh(ScriptFile::command(
            u"remote-file-read.sh", {path(QStringLiteral("gone"))}, u"file-meta.sh"));
    EXPECT_NE(missing.exitCode, 0);
    EXPECT_EQ(missing.out,
              QByteArray("@@missing\t" + path(QStringLiteral("gone")).toUtf8() + "\t"
                         + path(QStringLiteral("gone")).toUtf8() + "\t0\n"));
}

TEST_F(FileMetaScriptsTest, ConfigFileList_ServicesFilesAndGlobs_InTheOrderAdded)
{
    const QString main = path(QStringLiteral("php-fpm.conf"));
    writeFile(main, "[global]\n");
    const QString pools = path(QStringLiteral("pool.d"));
    ASSERT_TRUE(QDir().mkpath(pools + QStringLiteral("/dir.conf")));
    writeFile(pools + QStringLiteral("/b.conf"), "b");
    writeFile(pools + QStringLiteral("/a.conf"), "a");
    writeFile(pools + QStringLiteral("/c.txt"), "c");

    gs::config::ConfigListing globs;
    globs.service(1);
    globs.glob(pools + QStringLiteral("/*.conf"));
    // A pattern that would run a command as shell text matches nothing and runs nothing.
    globs.glob(pools + QStringLiteral("/$(touch pwned)*.conf"));
    globs.glob(pools + QStringLiteral("/none-*.conf"));
    gs::config::ConfigListing listing;
    listing.service(0);
    listing.file(path(QStringLiteral("gone.conf")));
    listing.service(1);
    listing.file(main);
    listing.append(globs);
    const ShRun run = runSh(listing.command());
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const auto listed = gs::config::ConfigDiscoveryParser::listing(run.out);
    ASSERT_EQ(listed.size(), 4) << run.out.constData();
    EXPECT_EQ(listed[0].serviceIndex, 0);
    EXPECT_FALSE(listed[0].info.exists);
    EXPECT_EQ(listed[1].info.path, main);
    // The glob's regular files only (not the directory that matches), in the shell's order.
    EXPECT_EQ(listed[2].info.path, pools + QStringLiteral("/a.conf"));
    EXPECT_EQ(listed[3].info.path, pools + QStringLiteral("/b.conf"));
    for (int i = 1; i < 4; ++i)
        EXPECT_EQ(listed[i].serviceIndex, 1);
    EXPECT_TRUE(run.out.startsWith("@@svc 0\n@@missing\t")) << run.out.constData();
}

TEST(ConfigFileList, AStepCutShortEndsTheList_AnUnknownWordIsSkipped)
{
    const ShRun cut = runSh(ScriptFile::command(u"config-file-list.sh",
                                                {QStringLiteral("svc"),
                                                 QStringLiteral("0"),
                                                 QStringLiteral("what"),
                                                 QStringLiteral("glob"),
                                                 QStringLiteral("/")},
                                                u"file-meta.sh"));
    EXPECT_EQ(cut.exitCode, 0) << cut.err.constData();
    EXPECT_EQ(cut.out, QByteArray("@@svc 0\n"));
}

// config-masters.sh (ConfigFiles::discover): each "PID CONFIG" pair's cgroup and main file, the
// file's path passed as an argument, never as shell text. The nginx masters it lists are this
// machine's (none, one or several): each one found is whole.
TEST_F(FileMetaScriptsTest, ConfigMasters_FpmPairsReadByArgument_NginxMastersWhole)
{
    const QString conf = path(QStringLiteral("php-fpm.conf"));
    writeFile(conf, "[global]\npid = /run/x.pid\n");
    const QString self = QString::number(QCoreApplication::applicationPid());
    const ShRun run
            = runSh(ScriptFile::shCommand(u"config-masters.sh", {self, conf, QStringLiteral("1")}));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QHash<QString, QByteArray> parts = gs::splitSections(run.out);
    EXPECT_EQ(parts.value(QStringLiteral("fpm_conf ") + self), "[global]\npid = /run/x.pid\n\n");
    EXPECT_TRUE(parts.contains(QStringLiteral("fpm_cgroup ") + self));
    EXPECT_FALSE(parts.contains(QStringLiteral("fpm_conf 1"))); // an odd argument left over
    for (const auto &master : gs::config::ConfigDiscoveryParser::nginxMasters(run.out)) {
        EXPECT_GT(master.pid, 0);
        EXPECT_FALSE(master.arguments.isEmpty());
        EXPECT_TRUE(master.exe.isEmpty() || master.exe.startsWith(QLatin1Char('/')));
    }
}
