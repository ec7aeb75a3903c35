// Safe apply's server-side script (core/scripts/apply.sh with its libraries), run by a local sh
// on a file in a temporary directory whose name a shell would split or expand: the validator is
// a stand-in that rejects content holding "bad", the master a stand-in that reloads on SIGHUP
// (and logs an [emerg] when the new content holds "crash").

#include "shscript.h"

#include "config/applyeventparser.h"
#include "config/applyscript.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using gs::config::ApplyEventParser;
using gs::config::ApplyScript;
using gs::config::ApplyStep;
using gs::config::ConfigService;

namespace {

QString sha256(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
           && file.write(content) == content.size();
}

ino_t inode(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_ino : 0;
}

mode_t mode(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0;
}

struct Applied
{
    QString outcome;
    QString output;
    ApplyEventParser parser{QString()};
};

class ApplyScriptTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!gs::test::hasFlock())
            GTEST_SKIP() << "needs flock";
        ASSERT_TRUE(m_dir.isValid());
        m_base = m_dir.path() + QStringLiteral("/srv 'x' $HOME");
        m_file = m_base + QStringLiteral("/conf/site.conf");
        m_validator = m_base + QStringLiteral("/bin/fake-nginx");
        ASSERT_TRUE(write(m_file, m_old));
        ::chmod(QFile::encodeName(m_file).constData(), 0640);
        ASSERT_TRUE(write(m_validator,
                          "#!/bin/sh\n"
                          "while [ $# -gt 0 ]; do [ \"$1\" = -c ] && c=$2; shift; done\n"
                          "if grep -q bad \"$c\"; then echo \"[emerg] bad directive in $c\"; "
                          "exit 1; fi\n"
                          "echo \"the configuration file $c syntax is ok\"\n"));
        ::chmod(QFile::encodeName(m_validator).constData(), 0755);

        m_params.nonce = QStringLiteral("apply1");
        m_params.path = m_file;
        m_params.expectedSha256 = sha256(m_old);
        m_params.backupRoot = m_base + QStringLiteral("/backups");
        m_params.lockFile = m_base + QStringLiteral("/gatescope.lock");
        m_params.lockWaitSeconds = 1;
        m_params.service.binary = m_validator;
        m_params.service.config = m_file;
        m_params.service.errorLogs = {m_base + QStringLiteral("/logs/error.log")};
        ASSERT_TRUE(write(m_params.service.errorLogs.first(), "old line\n"));
    }

    Applied apply(const QByteArray &content)
    {
        m_params.newSha256 = sha256(content);
        const gs::test::ShRun run = gs::test::runSh(ApplyScript::build(m_params), content);
        Applied applied;
        applied.parser = ApplyEventParser(m_params.nonce);
        applied.parser.feed(run.out);
        applied.parser.finish();
        applied.outcome = applied.parser.outcome();
        applied.output = QString::fromUtf8(run.out + run.err);
        EXPECT_EQ(run.exitCode, 0) << applied.output.toStdString();
        return applied;
    }

    QStringList leftovers() const
    {
        return QDir(m_base + QStringLiteral("/conf"))
                .entryList({QStringLiteral(".gatescope-*")}, QDir::AllEntries | QDir::Hidden);
    }

    QTemporaryDir m_dir;
    QString m_base;
    QString m_file;
    QString m_validator;
    const QByteArray m_old = "server { listen 80; }\n";
    ApplyScript::Params m_params;
};

// A master that reloads on SIGHUP: its worker (a child) is replaced, as nginx's are.
class FakeMaster
{
public:
    FakeMaster(const QString &log, const QString &config)
    {
        m_process.start(
                QStringLiteral("sh"),
                {QStringLiteral("-c"),
                 QStringLiteral("log=$0; conf=$1; sleep 60 & w=$!\n"
                                "trap 'kill $w 2>/dev/null; exit 0' TERM\n"
                                "trap 'grep -q crash \"$conf\" && echo \"[emerg] crashed\" >> "
                                "\"$log\"; kill $w 2>/dev/null; sleep 60 & w=$!' HUP\n"
                                "while :; do wait; done"),
                 log,
                 config});
        m_process.waitForStarted();
    }
    ~FakeMaster()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished();
    }
    FakeMaster(const FakeMaster &) = delete;
    FakeMaster &operator=(const FakeMaster &) = delete;

    int pid() const { return int(m_process.processId()); }

private:
    QProcess m_process;
};

} // namespace

TEST_F(ApplyScriptTest, Success_ReplacesTheFileByRename_KeepsModeAndBackup_WritesTheJournal)
{
    const ino_t before = inode(m_file);
    const QByteArray content = "server { listen 8080; }\n";
    const Applied applied = apply(content);
    ASSERT_EQ(applied.outcome, QStringLiteral("applied")) << applied.output.toStdString();
    EXPECT_EQ(readAll(m_file), content);
    // A new inode: the candidate was renamed over the file, never written into it.
    EXPECT_NE(inode(m_file), before);
    EXPECT_EQ(mode(m_file), mode_t(0640));
    EXPECT_TRUE(leftovers().isEmpty()) << leftovers().join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(applied.parser.info(QStringLiteral("real_path")), m_file);
    EXPECT_EQ(applied.parser.info(QStringLiteral("old_sha256")), sha256(m_old));

    // The backup holds the old content, where backupDir() says.
    const QString backup
            = applied.parser.info(QStringLiteral("backup")).section(QLatin1Char(' '), 1);
    EXPECT_TRUE(backup.startsWith(ApplyScript::backupDir(m_params.backupRoot, m_file)))
            << backup.toStdString();
    EXPECT_EQ(readAll(backup), m_old);

    // The journal holds every marker line the run printed, in order.
    const QByteArray journal
            = readAll(ApplyScript::journalPath(m_params.backupRoot, m_params.nonce));
    ApplyEventParser fromJournal(m_params.nonce);
    fromJournal.feed(journal);
    fromJournal.finish();
    EXPECT_EQ(fromJournal.outcome(), QStringLiteral("applied")) << journal.constData();
    ASSERT_EQ(fromJournal.steps().size(), applied.parser.steps().size());
    for (qsizetype i = 0; i < fromJournal.steps().size(); ++i) {
        EXPECT_EQ(fromJournal.steps().at(i).name, applied.parser.steps().at(i).name);
        EXPECT_EQ(fromJournal.steps().at(i).status, applied.parser.steps().at(i).status);
    }
}

TEST_F(ApplyScriptTest, ValidationFails_TheOriginalInodeIsBack)
{
    const ino_t before = inode(m_file);
    const Applied applied = apply("server { bad; }\n");
    ASSERT_EQ(applied.outcome, QStringLiteral("validation_failed")) << applied.output.toStdString();
    EXPECT_EQ(readAll(m_file), m_old);
    EXPECT_EQ(inode(m_file), before) << "the original itself, not a copy";
    EXPECT_TRUE(leftovers().isEmpty()) << leftovers().join(QLatin1Char(' ')).toStdString();
    bool restored = false;
    for (const auto &step : applied.parser.steps()) {
        if (step.name == QStringLiteral("validate")) {
            EXPECT_EQ(ApplyStep::statusName(step.status), QStringLiteral("failed"));
            EXPECT_TRUE(step.output.contains(QStringLiteral("[emerg] bad directive")))
                    << step.output.toStdString();
        }
        restored = restored
                   || (step.name == QStringLiteral("restore")
                       && step.status == ApplyStep::Status::Ok);
    }
    EXPECT_TRUE(restored) << applied.output.toStdString();
}

TEST_F(ApplyScriptTest, ChangedOnTheServer_IsAConflict_NothingWritten)
{
    m_params.expectedSha256 = sha256("what the editor read\n");
    const Applied applied = apply("server { listen 8080; }\n");
    EXPECT_EQ(applied.outcome, QStringLiteral("conflict")) << applied.output.toStdString();
    EXPECT_EQ(readAll(m_file), m_old);
    EXPECT_FALSE(QFileInfo::exists(ApplyScript::backupDir(m_params.backupRoot, m_file)));
}

TEST_F(ApplyScriptTest, ReloadedMasterLogsAnError_RolledBack_MasterReloadedAgain)
{
    FakeMaster master(m_params.service.errorLogs.first(), m_file);
    m_params.service.masterPid = master.pid();
    const Applied applied = apply("server { crash; }\n");
    ASSERT_EQ(applied.outcome, QStringLiteral("rolled_back")) << applied.output.toStdString();
    EXPECT_EQ(readAll(m_file), m_old);
    EXPECT_TRUE(leftovers().isEmpty()) << leftovers().join(QLatin1Char(' ')).toStdString();
    QMap<QString, QString> status;
    for (const auto &step : applied.parser.steps())
        status.insert(step.name, ApplyStep::statusName(step.status));
    EXPECT_EQ(status.value(QStringLiteral("health")), QStringLiteral("failed"));
    EXPECT_EQ(status.value(QStringLiteral("rollback.restore")), QStringLiteral("ok"));
    EXPECT_EQ(status.value(QStringLiteral("rollback.reload")), QStringLiteral("ok"));
    EXPECT_EQ(status.value(QStringLiteral("rollback.health")), QStringLiteral("ok"))
            << applied.output.toStdString();
}

TEST_F(ApplyScriptTest, AnotherChangeHoldsTheLock_RefusedAfterTheWait_NothingWritten)
{
    gs::test::LockHolder other(m_params.lockFile);
    ASSERT_TRUE(other.held());
    const Applied applied = apply("server { listen 8080; }\n");
    EXPECT_EQ(applied.outcome, QStringLiteral("error")) << applied.output.toStdString();
    EXPECT_TRUE(applied.output.contains(QStringLiteral("step lock waiting")));
    EXPECT_TRUE(applied.output.contains(QStringLiteral("still locked after 1s")));
    EXPECT_EQ(readAll(m_file), m_old);
    EXPECT_FALSE(QFileInfo::exists(ApplyScript::backupDir(m_params.backupRoot, m_file)));
}

TEST_F(ApplyScriptTest, ARunThatDied_LockIsFree_ItsCandidateIsRemoved)
{
    // What a killed apply leaves: the lock file (no longer locked) and its candidate.
    {
        gs::test::LockHolder dead(m_params.lockFile);
        ASSERT_TRUE(dead.held());
        dead.kill();
    }
    const QString candidate = m_base + QStringLiteral("/conf/.gatescope-site.conf.AbC123");
    ASSERT_TRUE(write(candidate, "half a file"));
    const QByteArray content = "server { listen 8080; }\n";
    const Applied applied = apply(content);
    ASSERT_EQ(applied.outcome, QStringLiteral("applied")) << applied.output.toStdString();
    EXPECT_FALSE(applied.output.contains(QStringLiteral("step lock waiting")));
    EXPECT_TRUE(applied.parser.info(QStringLiteral("stale_removed")).contains(candidate));
    EXPECT_FALSE(QFileInfo::exists(candidate));
    EXPECT_EQ(readAll(m_file), content);
}
