// HealthVerdict: whether the site answers after an apply, from the health step's own lines.
// Issue 11: the PHP-FPM pool fix was reported "changed, reloaded and is healthy" while its own
// health output read "502 (before: 502)".

#include "config/healthverdict.h"

#include <QFile>

#include <gtest/gtest.h>

using gs::config::ApplyStep;
using gs::config::HealthVerdict;

namespace {

QString golden(const QString &name)
{
    QFile file(QStringLiteral(GS_TEST_DATA_DIR "/apply-health/") + name);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

ApplyStep step(const QString &name, const QString &output)
{
    return ApplyStep{name, ApplyStep::Status::Ok, {}, output};
}

} // namespace

TEST(HealthVerdict, PoolFixOnTheLab_StillAnswers502_IsNamed)
{
    const QString output = golden(QStringLiteral("pool-fix-needs-restart.txt"));
    ASSERT_FALSE(output.isEmpty());
    const auto checks = HealthVerdict::parse(output);
    ASSERT_EQ(checks.size(), 2); // the "master ... alive" line is not a check
    EXPECT_TRUE(checks[0].label.startsWith(QStringLiteral("GET http://127.0.0.1:")));
    EXPECT_TRUE(checks[0].label.endsWith(QStringLiteral("/ (php.gslab.test)")));
    EXPECT_EQ(checks[0].now, QStringLiteral("502"));
    EXPECT_EQ(checks[0].before, QStringLiteral("502"));
    EXPECT_EQ(checks[1].now, QStringLiteral("pong"));

    const QStringList failing
            = HealthVerdict::stillFailing({step(QStringLiteral("health"), output)});
    ASSERT_EQ(failing.size(), 1);
    EXPECT_TRUE(failing[0].endsWith(
            QStringLiteral("(php.gslab.test) answers 502 (502 before the change)")))
            << failing[0].toStdString();
}

TEST(HealthVerdict, EveryKindOfFailure_InWords_PassingChecksLeftOut)
{
    const QString output
            = QStringLiteral("master 4242 alive, new configuration loaded\n"
                             "GET http://127.0.0.1/: 200 (before: 502)\n"
                             "GET http://127.0.0.1/a (host: a.test): 000 (before: 200) FAILED\n"
                             "GET http://127.0.0.1/b: 504 (before: new)\n"
                             "FPM ping /run/php/www.sock (pool www): fail (before: pong) FAILED\n"
                             "GET http://127.0.0.1/c: skip (before: skip)\n"
                             "GET http://127.0.0.1/d:  (before: )\n");
    const QStringList failing
            = HealthVerdict::stillFailing({step(QStringLiteral("health"), output)});
    EXPECT_EQ(failing,
              QStringList({QStringLiteral("GET http://127.0.0.1/a (host: a.test) does not answer "
                                          "(200 before the change)"),
                           QStringLiteral("GET http://127.0.0.1/b answers 504"),
                           QStringLiteral("FPM ping /run/php/www.sock (pool www) fails (pong "
                                          "before the change)"),
                           QStringLiteral("GET http://127.0.0.1/d does not answer (no answer "
                                          "before the change)")}));
}

TEST(HealthVerdict, OnlyTheApplysHealthStepCounts_NotTheRollbacks)
{
    const QString bad = QStringLiteral("GET http://127.0.0.1/: 502 (before: 502)\n");
    EXPECT_TRUE(
            HealthVerdict::stillFailing({step(QStringLiteral("rollback-health"), bad)}).isEmpty());
    EXPECT_TRUE(HealthVerdict::stillFailing({}).isEmpty());
    EXPECT_TRUE(HealthVerdict::stillFailing(
                        {step(QStringLiteral("health"), QStringLiteral("garbage: \x01\n:::\n"))})
                        .isEmpty());
}

TEST(HealthVerdict, Failing_IsTheScriptsRule)
{
    for (const char *code : {"", "000", "500", "502", "503", "504", "fail"})
        EXPECT_TRUE(HealthVerdict::failing(QString::fromLatin1(code))) << code;
    for (const char *code : {"200", "301", "404", "pong", "skip", "new", "5000", "50"})
        EXPECT_FALSE(HealthVerdict::failing(QString::fromLatin1(code))) << code;
}
