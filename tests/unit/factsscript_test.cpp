// core/scripts/facts.sh run locally under sh (dash on Debian) and read back by FactsScript::parse:
// the script that opens every diagnosis works on a real system, not only on captured output.

#include "runprocess.h"

#include "discovery/factsscript.h"

#include <QSysInfo>

#include <gtest/gtest.h>

#include <unistd.h>

TEST(FactsScript, RunsUnderShAndParsesBack)
{
    const QString script = gs::discovery::FactsScript::script();
    ASSERT_TRUE(script.contains(QStringLiteral("@@procs"))) << "facts.sh is compiled in";
    const ProcessRun run = runProcess(QStringLiteral("sh"), {QStringLiteral("-c"), script});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.contains("@@end")) << "the script ran to its end";
    const auto facts = gs::discovery::FactsScript::parse(run.out);
    EXPECT_TRUE(facts.kernel.startsWith(QStringLiteral("Linux"))) << facts.kernel.toStdString();
    EXPECT_EQ(facts.loginUid, int(::getuid()));
    EXPECT_FALSE(facts.loginUser.isEmpty());
    EXPECT_FALSE(facts.hostname.isEmpty());
    EXPECT_GT(facts.cpus, 0);
    EXPECT_FALSE(facts.init.isEmpty());
}

TEST(FactsScript, StartTimes_ApplyToTheMastersFound)
{
    const QByteArray output = "@@procs\n"
                              "41|root|/usr/sbin/nginx|nginx: master process /usr/sbin/nginx\n"
                              "52|root||php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)\n"
                              "@@starts\n41 1796195272 1796195324\n52 1796195294 0\n@@end\n";
    const auto facts = gs::discovery::FactsScript::parse(output);
    EXPECT_EQ(facts.nginx.startedEpoch, 1796195272);
    EXPECT_EQ(facts.nginx.workersStartedEpoch, 1796195324);
    ASSERT_EQ(facts.fpm.masters.size(), 1);
    EXPECT_EQ(facts.fpm.masters.first().startedEpoch, 1796195294);
}
