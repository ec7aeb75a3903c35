#include "actions/probeburst.h"

#include <gtest/gtest.h>

using gs::actions::ProbeBurst;

TEST(ProbeBurstTest, Bounded_CapsRequestsAndConcurrency_AndSaysSo)
{
    ProbeBurst::Options options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1/"));
    options.requests = 2500;
    options.concurrency = 80;
    QStringList notes;
    const auto bounded = ProbeBurst::bounded(options, &notes);
    ASSERT_TRUE(bounded);
    EXPECT_EQ(bounded->requests, ProbeBurst::kMaxRequests);
    EXPECT_EQ(bounded->concurrency, ProbeBurst::kMaxConcurrency);
    EXPECT_TRUE(notes.contains(QStringLiteral("capped at 2000 requests")));
    EXPECT_TRUE(notes.contains(QStringLiteral("capped at concurrency 50")));
}

TEST(ProbeBurstTest, Bounded_RefusesWhatIsNotAnHttpUrl)
{
    ProbeBurst::Options options;
    options.url = QUrl(QStringLiteral("ftp://127.0.0.1/"));
    QStringList notes;
    EXPECT_FALSE(ProbeBurst::bounded(options, &notes));
}

TEST(ProbeBurstTest, AddSamples_CountsStatusesAndConnectionErrors_ShortfallIsNoted)
{
    ProbeBurst::Result result;
    ProbeBurst::addSamples(result, "502 0.010\n200 0.020\n000 5.000\ngarbage\n502 0.030\n");
    EXPECT_EQ(result.requests, 4);
    EXPECT_EQ(result.errors, 1);
    EXPECT_EQ(result.status.value(QStringLiteral("502")), 2);
    EXPECT_EQ(result.status.value(QStringLiteral("200")), 1);
    EXPECT_DOUBLE_EQ(result.p50, 20.0);

    ProbeBurst::noteShortfall(result, 4);
    EXPECT_TRUE(result.notes.isEmpty());
    ProbeBurst::noteShortfall(result, 10);
    EXPECT_EQ(result.notes,
              QStringList{QStringLiteral("stopped at the 60 s limit after 4 of 10 requests")});
}
