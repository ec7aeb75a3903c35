// ssh::FirstCommand: the command that rides with the login's sudo probe. Its wrapper is run here
// under sh and bash, as the server's login shell would run it.

#include "shscript.h"

#include "ssh/firstcommand.h"

#include <QFile>

#include <gtest/gtest.h>

using namespace gs;
using gs::test::runSh;

namespace {

const QString kProbe = QStringLiteral("echo 1000; echo sudo-rc=0");

ssh::ExecRequest requestFor(const QString &command)
{
    ssh::ExecRequest request;
    request.command = command;
    return request;
}

} // namespace

TEST(FirstCommand, None_LeavesTheProbeAlone)
{
    ssh::FirstCommand first;
    EXPECT_EQ(first.wrap(kProbe), kProbe);
    EXPECT_EQ(first.split("1000\nsudo-rc=0\n"), "1000\nsudo-rc=0\n");
    EXPECT_FALSE(first.take(requestFor(QString())));
}

TEST(FirstCommand, SplitsProbeStdoutStderrAndStatus_ByteExact)
{
    // No trailing newline on stdout, two on stderr, a status, and text that looks like markers.
    const QString command = QStringLiteral(
            "printf 'out\\n[gatescope-first-x] 0\\nlast'; printf 'err\\n\\n' >&2; exit 7");
    ssh::FirstCommand first(command);
    const auto run = runSh(first.wrap(kProbe));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_EQ(first.split(run.out), "1000\nsudo-rc=0\n");
    const auto answer = first.take(requestFor(command));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->stdOut, "out\n[gatescope-first-x] 0\nlast");
    EXPECT_EQ(answer->stdErr, "err\n\n");
    EXPECT_EQ(answer->exitStatus, 7);
    EXPECT_FALSE(first.take(requestFor(command))); // once
}

TEST(FirstCommand, QuotesAndDollarsInTheCommand_RunAsWritten)
{
    const QString command = QStringLiteral("echo \"it's $((1 + 2))\" '`x`' '$(touch pwned)'");
    ssh::FirstCommand first(command);
    const auto run = runSh(first.wrap(kProbe));
    first.split(run.out);
    const auto answer = first.take(requestFor(command));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->stdOut, "it's 3 `x` $(touch pwned)\n");
    EXPECT_EQ(answer->exitStatus, 0);
}

TEST(FirstCommand, OnlyTheSameCommand_Unprivileged_WithoutInput)
{
    const QString command = QStringLiteral("echo facts");
    auto answered = [&](const ssh::ExecRequest &request) {
        ssh::FirstCommand first(command);
        first.split(runSh(first.wrap(kProbe)).out);
        return first.take(request).has_value();
    };
    EXPECT_TRUE(answered(requestFor(command)));
    EXPECT_FALSE(answered(requestFor(QStringLiteral("echo other"))));
    ssh::ExecRequest privileged = requestFor(command);
    privileged.privileged = true;
    EXPECT_FALSE(answered(privileged));
    ssh::ExecRequest withInput = requestFor(command);
    withInput.stdinData = "x";
    EXPECT_FALSE(answered(withInput));
    ssh::ExecRequest streamed = requestFor(command);
    streamed.onStdout = [](const QByteArray &) {
    };
    EXPECT_FALSE(answered(streamed));
    ssh::ExecRequest small = requestFor(command);
    small.maxOutputBytes = 2;
    EXPECT_FALSE(answered(small));
}

TEST(FirstCommand, AnotherCommandFirst_DropsTheAnswer)
{
    const QString command = QStringLiteral("echo facts");
    ssh::FirstCommand first(command);
    first.split(runSh(first.wrap(kProbe)).out);
    EXPECT_FALSE(first.take(requestFor(QStringLiteral("systemctl reload nginx"))));
    EXPECT_FALSE(first.take(requestFor(command)));
}

TEST(FirstCommand, CutShort_NoAnswer_ProbeStillRead)
{
    const QString command = QStringLiteral("echo facts");
    ssh::FirstCommand first(command);
    const QByteArray whole = runSh(first.wrap(kProbe)).out;
    // The command's part lost its status line (killed halfway): the probe is still read.
    QByteArray cut = whole;
    const qsizetype afterFacts = whole.indexOf("facts\n") + 6;
    const qsizetype probeLine = whole.lastIndexOf("\n[", whole.indexOf(" probe\n"));
    cut.remove(afterFacts, probeLine - afterFacts);
    EXPECT_EQ(first.split(cut), "1000\nsudo-rc=0\n");
    EXPECT_FALSE(first.take(requestFor(command)));
    // The connection dropped before the probe's part came: nothing is known.
    EXPECT_FALSE(first.split(whole.left(whole.indexOf("facts") + 6)).contains("sudo-rc"));
    EXPECT_FALSE(first.take(requestFor(command)));
    // No marker at all (the shell died first): the whole output is the probe's.
    EXPECT_EQ(first.split("1000\n"), "1000\n");
    EXPECT_FALSE(first.take(requestFor(command)));
}

TEST(FirstCommand, UnderBash_SameAnswer)
{
    if (!QFile::exists(QStringLiteral("/bin/bash")))
        GTEST_SKIP() << "no bash here";
    const QString command = QStringLiteral("echo out; echo err >&2; exit 2");
    ssh::FirstCommand first(command);
    const auto run = gs::test::runSh(QStringLiteral("exec bash -c ")
                                     + QStringLiteral("'%1'").arg(first.wrap(kProbe).replace(
                                             QLatin1Char('\''), QStringLiteral("'\\''"))));
    first.split(run.out);
    const auto answer = first.take(requestFor(command));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->stdOut, "out\n");
    EXPECT_EQ(answer->stdErr, "err\n");
    EXPECT_EQ(answer->exitStatus, 2);
}
