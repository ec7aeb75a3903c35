// The bundle of diagnosis commands, run by a local /bin/sh: what it prints is what parse() reads.

#include "checks/commandbundle.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using gs::checks::CommandBundle;

namespace {

struct ShellRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ShellRun runShell(const QString &script,
                  const QString &tmpdir,
                  const QString &shell = QStringLiteral("/bin/sh"))
{
    QProcess sh;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), tmpdir);
    sh.setProcessEnvironment(env);
    sh.start(shell, {QStringLiteral("-c"), script});
    ShellRun run;
    if (!sh.waitForFinished(30000)) {
        ADD_FAILURE() << "the bundle did not finish";
        return run;
    }
    run.exitCode = sh.exitCode();
    run.out = sh.readAllStandardOutput();
    run.err = sh.readAllStandardError();
    return run;
}

} // namespace

TEST(CommandBundle, PartsKeepTheirOwnOutputStatusAndLimit)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QList<CommandBundle::Part> parts{
            // stdout without a final newline, stderr, a status of its own
            {QStringLiteral("printf 'one\\ntwo'; echo 'warn' >&2; exit 3"), 10},
            // output that mimics the bundle's own markers, and a byte that is not text
            {QStringLiteral("printf '@@gatescope-bundle-data\\n@@gatescope-bundle\\t1\\n\\001'"),
             10},
            // a quote and a dollar sign in the command itself
            {QStringLiteral("x='it'\"'\"'s'; echo \"$x \\$HOME\""), 10},
            // nothing at all
            {QStringLiteral("true"), 10},
            // stopped at its limit
            {QStringLiteral("echo started; sleep 10"), 1},
    };
    const ShellRun run = runShell(CommandBundle::script(parts), tmp.path());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();

    const auto results = CommandBundle::parse(run.out, parts.size());
    ASSERT_TRUE(results.has_value()) << run.out.toStdString();
    ASSERT_EQ(results->size(), parts.size());

    EXPECT_TRUE(results->at(0).ran);
    EXPECT_EQ(results->at(0).exitStatus, 3);
    EXPECT_EQ(results->at(0).out, QByteArray("one\ntwo"));
    EXPECT_EQ(results->at(0).err, QByteArray("warn\n"));

    EXPECT_EQ(results->at(1).exitStatus, 0);
    EXPECT_EQ(results->at(1).out,
              QByteArray("@@gatescope-bundle-data\n@@gatescope-bundle\t1\n\001"));

    EXPECT_EQ(results->at(2).out, QByteArray("it's $HOME\n"));

    EXPECT_TRUE(results->at(3).ran);
    EXPECT_EQ(results->at(3).exitStatus, 0);
    EXPECT_TRUE(results->at(3).out.isEmpty());
    EXPECT_FALSE(results->at(3).timedOut);

    EXPECT_TRUE(results->at(4).timedOut);
    EXPECT_EQ(results->at(4).out, QByteArray("started\n"));

    // The private directory is gone with the bundle.
    EXPECT_TRUE(QDir(tmp.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).isEmpty());
}

TEST(CommandBundle, OutputCutShort_IsNotABundle)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    const QList<CommandBundle::Part> parts{{QStringLiteral("echo hello; echo there"), 5},
                                           {QStringLiteral("echo second"), 5}};
    const ShellRun run = runShell(CommandBundle::script(parts), tmp.path());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    ASSERT_TRUE(CommandBundle::parse(run.out, parts.size()).has_value());
    EXPECT_FALSE(CommandBundle::parse(run.out.chopped(3), parts.size()).has_value());
    EXPECT_FALSE(CommandBundle::parse(QByteArray("hello\n"), parts.size()).has_value());
    // More parts in the output than were asked for: not this bundle's output.
    EXPECT_FALSE(CommandBundle::parse(run.out, 1).has_value());
}

TEST(CommandBundle, NoTemporaryDirectory_FailsAsAWholeAndSaysWhy)
{
    const QList<CommandBundle::Part> parts{{QStringLiteral("echo a"), 5},
                                           {QStringLiteral("echo b"), 5}};
    const ShellRun run = runShell(CommandBundle::script(parts),
                                  QStringLiteral("/nonexistent/gatescope-no-such-dir"));
    EXPECT_EQ(run.exitCode, 90);
    EXPECT_TRUE(run.err.contains("no temporary directory")) << run.err.toStdString();
    EXPECT_FALSE(CommandBundle::parse(run.out, parts.size()).has_value());
}

TEST(CommandBundle, WithoutSudo_ALoginShellOtherThanShRunsItThroughSh)
{
    QTemporaryDir tmp;
    ASSERT_TRUE(tmp.isValid());
    // $0 names the shell running each part: sh, whatever the login shell is.
    const QList<CommandBundle::Part> parts{{QStringLiteral("echo \"$0\""), 5},
                                           {QStringLiteral("echo 'it'\\''s'"), 5}};
    const ShellRun run = runShell(
            CommandBundle::command(parts, false), tmp.path(), QStringLiteral("/bin/bash"));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const auto results = CommandBundle::parse(run.out, parts.size());
    ASSERT_TRUE(results.has_value()) << run.out.toStdString();
    EXPECT_EQ(results->at(0).out, QByteArray("sh\n"));
    EXPECT_EQ(results->at(1).out, QByteArray("it's\n"));
    // With sudo the session wraps it in `sudo -- sh -c` itself: the script goes as it is.
    EXPECT_EQ(CommandBundle::command(parts, true), CommandBundle::script(parts));
}

TEST(CommandBundle, TheWholeBundleWaitsForItsSlowestPart)
{
    EXPECT_EQ(CommandBundle::timeoutMs({{QStringLiteral("a"), 3}, {QStringLiteral("b"), 15}}),
              20000);
}
