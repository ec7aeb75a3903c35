// The whole-tree snapshot's server-side scripts, run by a local /bin/sh on a tree made in a
// temporary directory whose names a shell would split, expand or glob: create, change the tree,
// restore, and the tree is what it was (a symlink a symlink again, a stray file gone, excluded
// state untouched, no name ever executed).

#include "config/applyeventparser.h"
#include "config/snapshotscript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

using gs::config::ApplyEventParser;
using gs::config::SnapshotScript;

namespace {

struct Ran
{
    QString outcome;
    QString id;
    QString pre;
    QString output;
};

Ran runScript(const QString &script, const QString &nonce)
{
    QProcess sh;
    sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
    sh.closeWriteChannel();
    if (!sh.waitForFinished(60000)) {
        ADD_FAILURE() << "script did not finish";
        return {};
    }
    ApplyEventParser parser(nonce);
    const QByteArray out = sh.readAllStandardOutput();
    parser.feed(out);
    parser.finish();
    return Ran{parser.outcome(),
               parser.info(QStringLiteral("id")),
               parser.info(QStringLiteral("pre_snapshot")),
               QString::fromUtf8(out + sh.readAllStandardError())};
}

bool write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(content) == content.size();
}

QMap<QString, QString> treeOf(const QString &root)
{
    QMap<QString, QString> tree;
    QDirIterator it(root,
                    QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo info(path);
        const QString relative = QDir(root).relativeFilePath(path);
        if (info.isSymLink()) {
            char target[4096];
            const ssize_t n
                    = ::readlink(QFile::encodeName(path).constData(), target, sizeof target);
            tree.insert(relative, QStringLiteral("l ") + QString::fromUtf8(target, int(n)));
        } else if (info.isDir()) {
            tree.insert(relative, QStringLiteral("d"));
        } else {
            QFile file(path);
            EXPECT_TRUE(file.open(QIODevice::ReadOnly));
            tree.insert(relative, QStringLiteral("f ") + QString::fromUtf8(file.readAll()));
        }
    }
    return tree;
}

} // namespace

TEST(SnapshotScript, CreateChangeRestore_HostileNames_TreeAsItWas_StateUntouched)
{
    if (QProcess::execute(
                QStringLiteral("sh"),
                {QStringLiteral("-c"),
                 QStringLiteral(
                         "tar --version | grep -q 'GNU tar' && command -v flock >/dev/null")})
        != 0)
        GTEST_SKIP() << "needs GNU tar and flock";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString base = dir.path() + QStringLiteral("/srv 'x' $HOME [a]*");
    const QString nginx = base + QStringLiteral("/nginx");
    const QString fpm = base + QStringLiteral("/fpm");
    const QString pwned = dir.path() + QStringLiteral("/pwned");
    ASSERT_TRUE(write(nginx + QStringLiteral("/nginx.conf"), "events {}\n"));
    ASSERT_TRUE(write(nginx + QStringLiteral("/sites-available/shop"), "server {}\n"));
    ASSERT_TRUE(QDir().mkpath(nginx + QStringLiteral("/sites-enabled")));
    ASSERT_TRUE(QFile::link(QStringLiteral("../sites-available/shop"),
                            nginx + QStringLiteral("/sites-enabled/shop")));
    ASSERT_TRUE(write(nginx + QStringLiteral("/conf.d/we'ird $(touch ") + pwned
                              + QStringLiteral(") *.conf"),
                      "# hostile name\n"));
    ASSERT_TRUE(write(nginx + QStringLiteral("/logs/error.log"), "old log\n"));
    ASSERT_TRUE(QDir().mkpath(nginx + QStringLiteral("/empty")));
    ASSERT_TRUE(write(fpm + QStringLiteral("/php-fpm.conf"), "[global]\n"));
    ::chmod(QFile::encodeName(fpm + QStringLiteral("/php-fpm.conf")).constData(), 0640);

    SnapshotScript::Params params;
    params.backupRoot = dir.path() + QStringLiteral("/backups");
    params.lockFile = dir.path() + QStringLiteral("/gatescope.lock");
    params.lockWaitSeconds = 10;
    params.snapshot.note = QStringLiteral("unit test");
    params.snapshot.directories = {nginx, fpm};
    params.snapshot.excluded = {nginx + QStringLiteral("/logs")};
    params.nonce = QStringLiteral("create1");
    const QMap<QString, QString> before = treeOf(base);
    const Ran created = runScript(SnapshotScript::create(params), params.nonce);
    ASSERT_EQ(created.outcome, QStringLiteral("created")) << created.output.toStdString();
    ASSERT_FALSE(created.id.isEmpty());
    EXPECT_TRUE(QFileInfo::exists(SnapshotScript::directory(params.backupRoot) + QLatin1Char('/')
                                  + created.id + QStringLiteral(".manifest")));

    // Change everything a restore must undo; the log is state and must stay as it is now.
    ASSERT_TRUE(write(nginx + QStringLiteral("/nginx.conf"), "events { worker_connections 1; }\n"));
    ASSERT_TRUE(write(nginx + QStringLiteral("/conf.d/stray.conf"), "# stray\n"));
    ASSERT_TRUE(QFile::remove(nginx + QStringLiteral("/sites-enabled/shop")));
    ASSERT_TRUE(write(nginx + QStringLiteral("/sites-enabled/shop"), "# a copy, not a link\n"));
    ASSERT_TRUE(QDir(nginx + QStringLiteral("/empty")).removeRecursively());
    ASSERT_TRUE(write(fpm + QStringLiteral("/pool.d/new/deep.conf"), "[new]\n"));
    ::chmod(QFile::encodeName(fpm + QStringLiteral("/php-fpm.conf")).constData(), 0600);
    ASSERT_TRUE(write(nginx + QStringLiteral("/logs/error.log"), "new log\n"));
    ASSERT_NE(treeOf(base), before);

    params.nonce = QStringLiteral("restore1");
    params.snapshot.id = created.id;
    QFile tarball(SnapshotScript::directory(params.backupRoot) + QLatin1Char('/') + created.id
                  + QStringLiteral(".tar.gz"));
    ASSERT_TRUE(tarball.open(QIODevice::ReadOnly));
    params.snapshot.sha256 = QString::fromLatin1(
            QCryptographicHash::hash(tarball.readAll(), QCryptographicHash::Sha256).toHex());
    const Ran restored = runScript(SnapshotScript::restore(params), params.nonce);
    ASSERT_EQ(restored.outcome, QStringLiteral("applied")) << restored.output.toStdString();
    EXPECT_FALSE(restored.pre.isEmpty());

    QMap<QString, QString> expected = before;
    expected.insert(QStringLiteral("nginx/logs/error.log"), QStringLiteral("f new log\n"));
    EXPECT_EQ(treeOf(base), expected);
    EXPECT_EQ(QFileInfo(fpm + QStringLiteral("/php-fpm.conf")).permissions()
                      & (QFileDevice::ReadGroup | QFileDevice::WriteOwner),
              QFileDevice::ReadGroup | QFileDevice::WriteOwner);
    EXPECT_FALSE(QFileInfo::exists(pwned)) << "a file name was executed";
    EXPECT_TRUE(QDir(dir.path())
                        .entryList({QStringLiteral(".gatescope-restore-*")},
                                   QDir::AllEntries | QDir::Hidden)
                        .isEmpty());
    EXPECT_TRUE(QDir(base)
                        .entryList({QStringLiteral(".gatescope-restore-*")},
                                   QDir::AllEntries | QDir::Hidden)
                        .isEmpty());

    // Restoring it again finds nothing to do, and keeps no duplicate pre-restore snapshot.
    params.nonce = QStringLiteral("restore2");
    const Ran again = runScript(SnapshotScript::restore(params), params.nonce);
    EXPECT_EQ(again.outcome, QStringLiteral("unchanged")) << again.output.toStdString();
    const QStringList manifests = QDir(SnapshotScript::directory(params.backupRoot))
                                          .entryList({QStringLiteral("*.manifest")});
    EXPECT_EQ(manifests.size(), 2) << manifests.join(QLatin1Char(' ')).toStdString();
}

TEST(SnapshotScript, DamagedTarball_IsRefusedBeforeAnythingChanges)
{
    if (QProcess::execute(
                QStringLiteral("sh"),
                {QStringLiteral("-c"),
                 QStringLiteral(
                         "tar --version | grep -q 'GNU tar' && command -v flock >/dev/null")})
        != 0)
        GTEST_SKIP() << "needs GNU tar and flock";
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString nginx = dir.path() + QStringLiteral("/nginx");
    ASSERT_TRUE(write(nginx + QStringLiteral("/nginx.conf"), "events {}\n"));
    SnapshotScript::Params params;
    params.backupRoot = dir.path() + QStringLiteral("/backups");
    params.lockFile = dir.path() + QStringLiteral("/gatescope.lock");
    params.snapshot.directories = {nginx};
    params.nonce = QStringLiteral("create2");
    const Ran created = runScript(SnapshotScript::create(params), params.nonce);
    ASSERT_EQ(created.outcome, QStringLiteral("created")) << created.output.toStdString();
    ASSERT_TRUE(write(nginx + QStringLiteral("/nginx.conf"), "events { }\n"));

    params.nonce = QStringLiteral("restore3");
    params.snapshot.id = created.id;
    params.snapshot.sha256 = QString(64, QLatin1Char('0'));
    const Ran restored = runScript(SnapshotScript::restore(params), params.nonce);
    EXPECT_EQ(restored.outcome, QStringLiteral("error"));
    EXPECT_TRUE(restored.output.contains(QStringLiteral("damaged")))
            << restored.output.toStdString();
    QFile file(nginx + QStringLiteral("/nginx.conf"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), QByteArray("events { }\n"));
}
