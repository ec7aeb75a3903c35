// Issue 14, "faults as users meet them": the lab's sshd is paused (SIGSTOP, as a hung or
// swapping server is) in the middle of a diagnosis. The diagnosis must end on its own within its
// time limits, and say what it could not check and why; it must never call the server healthy.

#include "diagnosetest.h"

#include "checks/gatherer.h"
#include "remote/remotehost.h"

#include <QProcess>
#include <QScopeGuard>
#include <QThread>

#include <csignal>

#include <sys/types.h>

using gs::test::DiagnoseTest;
using gs::test::Diagnosis;

namespace {

// The lab's sshd listener and every process under it (the sessions' privilege-separated
// children and what they run).
QList<pid_t> sshdTree(const QString &sshdConfig)
{
    const LabTest::Command master
            = LabTest::run(QStringLiteral("pgrep"), {QStringLiteral("-f"), sshdConfig});
    QList<pid_t> tree;
    for (const QString &pid : master.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        tree << static_cast<pid_t>(pid.toInt());
    // Children by their parent (ps), until no new one appears.
    const LabTest::Command table = LabTest::run(
            QStringLiteral("ps"), {QStringLiteral("-eo"), QStringLiteral("pid=,ppid=")});
    QList<QPair<pid_t, pid_t>> processes;
    for (const QString &line : table.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList fields = line.simplified().split(QLatin1Char(' '));
        if (fields.size() >= 2)
            processes.append({static_cast<pid_t>(fields.at(0).toInt()),
                              static_cast<pid_t>(fields.at(1).toInt())});
    }
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto &[pid, parent] : processes) {
            if (!tree.contains(pid) && tree.contains(parent)) {
                tree << pid;
                grew = true;
            }
        }
    }
    return tree;
}

void signalAll(const QList<pid_t> &pids, int signal)
{
    for (pid_t pid : pids)
        ::kill(pid, signal);
}

} // namespace

using FaultsTest = DiagnoseTest;

TEST_F(FaultsTest, SshdPausedMidDiagnosis_EndsOnItsOwn_NotCalledHealthy)
{
    // A slow application keeps the third round's probe busy for seconds: time to pause in it.
    ASSERT_TRUE(breakLab(QStringLiteral("app_slow")));
    const QString role = privilegedRole();
    QProcess cli;
    cli.start(QStringLiteral(GS_CLI_PATH),
              {QStringLiteral("diagnose"),
               targetFor(role),
               QStringLiteral("--json"),
               QStringLiteral("--timeout"),
               QStringLiteral("5"),
               QStringLiteral("-i"),
               lab().user(role).key,
               QStringLiteral("--known-hosts"),
               lab().knownHostsPath(),
               QStringLiteral("--nginx-conf"),
               lab().nginxConf()});
    ASSERT_TRUE(cli.waitForStarted());
    // Pause as soon as the session is up (its sshd processes appear): the diagnosis is then
    // somewhere in its rounds, which the slow application keeps busy for seconds.
    QList<pid_t> paused;
    for (int i = 0; i < 1500 && paused.size() < 2 && cli.state() != QProcess::NotRunning; ++i) {
        paused = sshdTree(lab().string(QStringLiteral("ssh.sshd_config")));
        if (paused.size() < 2)
            QThread::msleep(20);
    }
    ASSERT_GT(paused.size(), 1) << "the session never appeared under the lab's sshd";
    signalAll(paused, SIGSTOP);
    auto resume = qScopeGuard([&] { signalAll(paused, SIGCONT); });

    // It ends on its own: the command limits, never a hang (bounded far above them).
    ASSERT_TRUE(cli.waitForFinished(240000)) << "the diagnosis hung on a paused server";
    resume.dismiss();
    signalAll(paused, SIGCONT);
    const Diagnosis diagnosis = diagnosisOf(
            {cli.exitCode(), QString::fromUtf8(cli.readAllStandardOutput()), QString()});
    ASSERT_FALSE(diagnosis.json.isEmpty());
    const QJsonObject target = diagnosis.target();
    if (target.value(QStringLiteral("status")).toString() == QLatin1String("error")) {
        EXPECT_EQ(diagnosis.exitCode, 3);
        EXPECT_FALSE(
                target[QStringLiteral("error")][QStringLiteral("message")].toString().isEmpty());
        return;
    }
    // A report: incomplete, each gap saying why, and never "no problems".
    const QJsonObject coverage = target.value(QStringLiteral("coverage")).toObject();
    EXPECT_FALSE(coverage.value(QStringLiteral("complete")).toBool(true));
    const QString gaps = QString::fromUtf8(
            QJsonDocument(coverage.value(QStringLiteral("missing")).toArray()).toJson());
    EXPECT_TRUE(gaps.contains(QStringLiteral("did not finish"))
                || gaps.contains(QStringLiteral("stopped answering")))
            << gaps.left(1500).toStdString();
}

// Once the connection is known lost (the server stopped answering), the diagnosis's later rounds
// run nothing and say why: they do not reconnect to a server that just went silent and wait out
// every limit again. Here the server is even back by then; the round still does not run.
TEST_F(FaultsTest, ConnectionLostInOneRound_LaterRoundsRunNothingAndSayWhy)
{
    const QString role = lab().rootMode() ? QStringLiteral("sudo_nopasswd") : QStringLiteral("key");
    gs::ssh::ConnectOptions options = keyLogin(role);
    options.commandTimeoutMs = 3000;
    gs::remote::RemoteHost host(options);
    ASSERT_TRUE(host.open().result().ok());
    gs::checks::Gatherer gatherer(host);
    gs::checks::RawObservations raw;
    gatherer.run({{QStringLiteral("first"), QStringLiteral("echo one"), false, 3000}}, raw);
    ASSERT_TRUE(raw.get(QStringLiteral("first")) && raw.get(QStringLiteral("first"))->ok());

    const QList<pid_t> paused = sshdTree(lab().string(QStringLiteral("ssh.sshd_config")));
    ASSERT_GT(paused.size(), 1);
    signalAll(paused, SIGSTOP);
    auto resume = qScopeGuard([&] { signalAll(paused, SIGCONT); });
    gatherer.run({{QStringLiteral("second"), QStringLiteral("echo two"), false, 3000},
                  {QStringLiteral("second-b"), QStringLiteral("echo two-b"), false, 3000}},
                 raw);
    signalAll(paused, SIGCONT);
    resume.dismiss();
    const gs::checks::CommandOutput *second = raw.get(QStringLiteral("second"));
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->ran);
    EXPECT_TRUE(second->error.contains(QStringLiteral("stopped answering")))
            << second->error.toStdString();

    gatherer.run({{QStringLiteral("third"), QStringLiteral("echo three"), false, 3000}}, raw);
    const gs::checks::CommandOutput *third = raw.get(QStringLiteral("third"));
    ASSERT_TRUE(third);
    EXPECT_FALSE(third->ran);
    EXPECT_TRUE(third->error.contains(QStringLiteral("connection was lost earlier")))
            << third->error.toStdString();
    EXPECT_TRUE(third->error.contains(QStringLiteral("stopped answering")))
            << "it says why: " << third->error.toStdString();
}
