#include "config/applyeventparser.h"

#include <gtest/gtest.h>

using gs::config::ApplyEventParser;

TEST(ApplyEventParser, Steps_UpdateInPlace_AcrossChunks)
{
    ApplyEventParser parser(QStringLiteral("abc"));
    auto changed = parser.feed("@@GSabc step lock running /run/lock/x\n@@GSabc step lo");
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().status, gs::config::ApplyStep::Status::Running);
    changed = parser.feed("ck ok /run/lock/x\n");
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.first().status, gs::config::ApplyStep::Status::Ok);
    EXPECT_EQ(changed.first().detail, QStringLiteral("/run/lock/x"));
    EXPECT_EQ(parser.steps().size(), 1);
}

TEST(ApplyEventParser, OutputBlock_AttachesToItsStep)
{
    ApplyEventParser parser(QStringLiteral("n1"));
    parser.feed("@@GSn1 step validate running nginx -t\n@@GSn1 out validate\n"
                "nginx: [emerg] unknown directive \"x\" in /etc/nginx/a.conf:3\n"
                "nginx: configuration file /etc/nginx/nginx.conf test failed\n@@GSn1 end\n"
                "@@GSn1 step validate failed the validator rejected the change (exit 1)\n"
                "@@GSn1 info backup 20261121T120000Z-abc /var/backups/x\n"
                "@@GSn1 result validation_failed\n");
    ASSERT_EQ(parser.steps().size(), 1);
    EXPECT_EQ(parser.steps().first().status, gs::config::ApplyStep::Status::Failed);
    EXPECT_TRUE(parser.steps().first().output.contains(QStringLiteral("unknown directive")));
    EXPECT_EQ(parser.outcome(), QStringLiteral("validation_failed"));
    EXPECT_EQ(parser.info(QStringLiteral("backup")),
              QStringLiteral("20261121T120000Z-abc /var/backups/x"));
}

TEST(ApplyEventParser, IgnoresMarkersOfAnotherNonce)
{
    ApplyEventParser parser(QStringLiteral("mine"));
    parser.feed("@@GSother result applied\nsh: 1: oops\n");
    EXPECT_TRUE(parser.outcome().isEmpty());
    EXPECT_TRUE(parser.stray().contains(QStringLiteral("oops")));
}

TEST(ApplyEventParser, Pause_RecordsStepAndSshdPid)
{
    ApplyEventParser parser(QStringLiteral("p"));
    parser.feed("@@GSp pause backup 4242\n");
    EXPECT_EQ(parser.pausedAfter(), QStringLiteral("backup"));
    EXPECT_EQ(parser.pausedSshdPid(), QStringLiteral("4242"));
}

TEST(ApplyEventParser, Finish_ReadsALastLineWithoutNewline)
{
    ApplyEventParser parser(QStringLiteral("p"));
    parser.feed("@@GSp result applied");
    EXPECT_TRUE(parser.outcome().isEmpty());
    parser.finish();
    EXPECT_EQ(parser.outcome(), QStringLiteral("applied"));
}

// Every status word the scripts print is a Status; anything else is stray output, not a step.
TEST(ApplyEventParser, StatusWords_AreTheEnum_AndAnUnknownOneIsStray)
{
    using Status = gs::config::ApplyStep::Status;
    for (const Status status : {Status::Running,
                                Status::Waiting,
                                Status::Ok,
                                Status::Warning,
                                Status::Failed,
                                Status::Skipped}) {
        const QString name = gs::config::ApplyStep::statusName(status);
        EXPECT_EQ(gs::config::ApplyStep::statusFromName(name), status) << name.toStdString();
    }
    ApplyEventParser parser(QStringLiteral("s1"));
    parser.feed("@@GSs1 step snapshot warning one file left out\n"
                "@@GSs1 step health exploded completely\n");
    ASSERT_EQ(parser.steps().size(), 1);
    EXPECT_EQ(parser.steps().first().status, Status::Warning);
    EXPECT_EQ(parser.steps().first().toJson().value(QStringLiteral("status")).toString(),
              QStringLiteral("warning"));
    EXPECT_TRUE(parser.stray().contains(QStringLiteral("exploded")))
            << parser.stray().toStdString();
}
