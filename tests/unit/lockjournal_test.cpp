// core/scripts/lock-journal.sh, the lock and journal protocol every changing script shares (safe
// apply, snapshot create/restore/upload), run by a local sh with a small script of its own after
// it: the markers go to stdout and to the journal alike, one host lock at a time, a lock whose
// holder died is free, and a run survives the hangup of its connection.

#include "shscript.h"

#include "config/applyeventparser.h"
#include "config/applyscript.h"
#include "remote/scriptfile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sys/stat.h>

using gs::config::ApplyEventParser;
using gs::config::ApplyScript;

namespace {

class LockJournalTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!gs::test::hasFlock())
            GTEST_SKIP() << "needs flock";
        ASSERT_TRUE(m_dir.isValid());
        // A name a shell would split or expand, to prove the quoting.
        m_root = m_dir.path() + QStringLiteral("/backups 'b' $HOME");
        m_lock = m_dir.path() + QStringLiteral("/lock dir/gatescope.lock");
        ASSERT_TRUE(QDir().mkpath(QFileInfo(m_lock).path()));
    }

    // The library with its inputs, then `body`.
    QString script(const QString &nonce, int lockWait, const QString &body) const
    {
        return ApplyScript::protocolInputs(nonce, m_root, m_lock, lockWait, QString(), 0)
               + gs::remote::ScriptFile::text(u"lock-journal.sh") + body;
    }

    QByteArray journal(const QString &nonce) const
    {
        QFile file(ApplyScript::journalPath(m_root, nonce));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(no journal)");
    }

    QTemporaryDir m_dir;
    QString m_root;
    QString m_lock;
};

const QString kSteps = QStringLiteral("gs_journal_open\n"
                                      "gs_lock_take\n"
                                      "gs_info key 'a value'\n"
                                      "gs_out work 'line one\nline two'\n"
                                      "gs_step work ok done\n"
                                      "gs_result finished\n"
                                      "echo never reached\n");

} // namespace

TEST_F(LockJournalTest, Markers_GoToStdoutAndTheJournalAlike)
{
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n1"), 5, kSteps));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_FALSE(run.out.contains("never reached")) << "gs_result ends the run";
    EXPECT_EQ(journal(QStringLiteral("n1")), run.out);

    ApplyEventParser parser(QStringLiteral("n1"));
    parser.feed(run.out);
    parser.finish();
    EXPECT_EQ(parser.outcome(), QStringLiteral("finished"));
    EXPECT_EQ(parser.info(QStringLiteral("key")), QStringLiteral("a value"));
    ASSERT_EQ(parser.steps().size(), 2) << run.out.constData();
    EXPECT_EQ(parser.steps().at(0).name, QStringLiteral("lock"));
    EXPECT_EQ(parser.steps().at(0).status, gs::config::ApplyStep::Status::Ok);
    EXPECT_EQ(parser.steps().at(0).detail, m_lock);
    EXPECT_EQ(parser.steps().at(1).output, QStringLiteral("line one\nline two"));
    EXPECT_TRUE(parser.stray().isEmpty()) << parser.stray().toStdString();

    // Private to the login that changes things; the lock readable by every login.
    struct stat st = {};
    ASSERT_EQ(::stat(QFile::encodeName(m_root).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, mode_t(0700));
    ASSERT_EQ(::stat(QFile::encodeName(m_lock).constData(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, mode_t(0644));
}

TEST_F(LockJournalTest, JournalsOlderThanAWeek_AreRemoved_NewerKept)
{
    ASSERT_TRUE(QDir().mkpath(m_root + QStringLiteral("/journal")));
    const QString old = ApplyScript::journalPath(m_root, QStringLiteral("old"));
    const QString recent = ApplyScript::journalPath(m_root, QStringLiteral("recent"));
    for (const QString &path : {old, recent}) {
        QFile file(path);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    }
    QFile oldFile(old);
    ASSERT_TRUE(oldFile.open(QIODevice::ReadWrite));
    ASSERT_TRUE(oldFile.setFileTime(QDateTime::currentDateTimeUtc().addDays(-9),
                                    QFileDevice::FileModificationTime));
    oldFile.close();
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n2"), 5, kSteps));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_FALSE(QFileInfo::exists(old));
    EXPECT_TRUE(QFileInfo::exists(recent));
}

TEST_F(LockJournalTest, JournalCannotBeWritten_TheRunGoesOnWithoutOne)
{
    // The backup root is a file: no journal directory can be made under it.
    QFile blocker(m_root);
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n3"), 5, kSteps));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    ApplyEventParser parser(QStringLiteral("n3"));
    parser.feed(run.out);
    parser.finish();
    EXPECT_EQ(parser.outcome(), QStringLiteral("finished")) << run.out.constData();
}

TEST_F(LockJournalTest, LockHeldByAnotherChange_WaitsThenRefuses_TheJournalSaysSo)
{
    gs::test::LockHolder other(m_lock);
    ASSERT_TRUE(other.held());
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n4"), 1, kSteps));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.out.contains("@@GSn4 step lock waiting another change is running"))
            << run.out.constData();
    EXPECT_TRUE(run.out.contains("@@GSn4 step lock failed still locked after 1s"));
    EXPECT_FALSE(run.out.contains("step work")) << "nothing ran without the lock";
    EXPECT_EQ(journal(QStringLiteral("n4")), run.out);
    ApplyEventParser parser(QStringLiteral("n4"));
    parser.feed(run.out);
    parser.finish();
    EXPECT_EQ(parser.outcome(), QStringLiteral("error"));
}

TEST_F(LockJournalTest, LockReleasedWhileWaiting_TheRunGoesOn)
{
    gs::test::LockHolder other(m_lock);
    ASSERT_TRUE(other.held());
    // The holder ends while the run waits (the run's own step tells when it waits).
    const QString body = QStringLiteral("gs_journal_open\n"
                                        "( while ! grep -q 'lock waiting' \"$j\"; do sleep 0.1; "
                                        "done; kill \"$gs_holder\" ) &\n")
                         + kSteps;
    const QString withHolder = QStringLiteral("gs_holder=%1\n").arg(other.pid());
    const gs::test::ShRun run
            = gs::test::runSh(withHolder + script(QStringLiteral("n5"), 30, body));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.out.contains("step lock waiting")) << run.out.constData();
    EXPECT_TRUE(run.out.contains("step lock ok"));
    EXPECT_TRUE(run.out.contains("result finished"));
}

TEST_F(LockJournalTest, HolderDied_TheLockIsFree_NoWaiting)
{
    {
        gs::test::LockHolder dead(m_lock);
        ASSERT_TRUE(dead.held());
        dead.kill();
    }
    ASSERT_TRUE(QFileInfo::exists(m_lock)) << "a dead run leaves its lock file";
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n6"), 1, kSteps));
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_FALSE(run.out.contains("lock waiting")) << run.out.constData();
    EXPECT_TRUE(run.out.contains("result finished"));
}

TEST_F(LockJournalTest, LockOrExit_AnswersWithAnErrorLine)
{
    gs::test::LockHolder other(m_lock);
    ASSERT_TRUE(other.held());
    const gs::test::ShRun run = gs::test::runSh(
            script(QString(), 1, QStringLiteral("gs_lock_or_exit\necho got it\n")));
    EXPECT_EQ(run.exitCode, 3);
    EXPECT_EQ(run.out, QByteArray("@@error another change is still running\n"));
    other.kill();
    const gs::test::ShRun free = gs::test::runSh(
            script(QString(), 1, QStringLiteral("gs_lock_or_exit\necho got it\n")));
    EXPECT_EQ(free.exitCode, 0);
    EXPECT_EQ(free.out, QByteArray("got it\n"));
}

TEST_F(LockJournalTest, LockCannotBeOpened_TheRunFailsSayingWhy)
{
    m_lock = m_dir.path() + QStringLiteral("/no such dir/gatescope.lock");
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n8"), 1, kSteps));
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_TRUE(run.out.contains("@@GSn8 step lock failed cannot open")) << run.out.constData();
    EXPECT_TRUE(run.out.contains("@@GSn8 result error"));
    EXPECT_FALSE(run.out.contains("step work"));
}

TEST_F(LockJournalTest, HangupOfTheConnection_DoesNotStopTheRun)
{
    const QString body = QStringLiteral("gs_journal_open\ngs_lock_take\nkill -HUP $$\n"
                                        "gs_result survived\n");
    const gs::test::ShRun run = gs::test::runSh(script(QStringLiteral("n7"), 5, body));
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.out.contains("@@GSn7 result survived")) << run.out.constData();
}
