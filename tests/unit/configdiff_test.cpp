#include "config/configdiff.h"

#include <gtest/gtest.h>

using gs::config::ConfigDiff;

TEST(ConfigDiff, Unified_IsEmpty_WhenTextsAreEqual)
{
    const QString text = QStringLiteral("a;\nb;\n");
    EXPECT_TRUE(
            ConfigDiff::unified(text, text, QStringLiteral("a"), QStringLiteral("b")).isEmpty());
}

TEST(ConfigDiff, Unified_ShowsOneHunkWithContext_WhenOneLineChanges)
{
    QString oldText;
    for (int i = 1; i <= 10; ++i)
        oldText += QStringLiteral("line %1;\n").arg(i);
    QString newText = oldText;
    newText.replace(QStringLiteral("line 5;"), QStringLiteral("line five;"));
    const QString diff
            = ConfigDiff::unified(oldText, newText, QStringLiteral("a/f"), QStringLiteral("b/f"));
    EXPECT_EQ(diff.toStdString(),
              "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n line 2;\n line 3;\n line 4;\n-line 5;\n"
              "+line five;\n line 6;\n line 7;\n line 8;\n");
}

TEST(ConfigDiff, Unified_SplitsHunks_WhenChangesAreFarApart)
{
    QString oldText;
    for (int i = 1; i <= 30; ++i)
        oldText += QStringLiteral("l%1\n").arg(i);
    QString newText = oldText;
    newText.replace(QStringLiteral("l2\n"), QStringLiteral("L2\n"));
    newText.replace(QStringLiteral("l28\n"), QStringLiteral("L28\n"));
    const QString diff
            = ConfigDiff::unified(oldText, newText, QStringLiteral("a"), QStringLiteral("b"));
    EXPECT_EQ(diff.count(QStringLiteral("@@ -")), 2);
    EXPECT_TRUE(diff.contains(QStringLiteral("@@ -1,5 +1,5 @@")));
    EXPECT_TRUE(diff.contains(QStringLiteral("@@ -25,6 +25,6 @@")));
}

TEST(ConfigDiff, Unified_InsertAtStart_UsesZeroStart)
{
    const QString diff = ConfigDiff::unified(
            QString(), QStringLiteral("new\n"), QStringLiteral("a"), QStringLiteral("b"));
    EXPECT_EQ(diff.toStdString(), "--- a\n+++ b\n@@ -0,0 +1 @@\n+new\n");
}

TEST(ConfigDiff, SideBySide_PairsRemovedAndAddedLines)
{
    const auto rows
            = ConfigDiff::sideBySide(QStringLiteral("a\nb\nc\n"), QStringLiteral("a\nB\nc\nd\n"));
    ASSERT_EQ(rows.size(), 4);
    EXPECT_EQ(rows.at(0).kind, ConfigDiff::Row::Kind::Same);
    EXPECT_EQ(rows.at(1).kind, ConfigDiff::Row::Kind::Changed);
    EXPECT_EQ(rows.at(1).left, QStringLiteral("b"));
    EXPECT_EQ(rows.at(1).right, QStringLiteral("B"));
    EXPECT_EQ(rows.at(1).leftLine, 2);
    EXPECT_EQ(rows.at(1).rightLine, 2);
    EXPECT_EQ(rows.at(3).kind, ConfigDiff::Row::Kind::Added);
    EXPECT_EQ(rows.at(3).leftLine, 0);
    EXPECT_EQ(rows.at(3).rightLine, 4);
}

TEST(ConfigDiff, Stats_CountsAddedAndRemoved)
{
    const auto [added, removed]
            = ConfigDiff::stats(QStringLiteral("a\nb\n"), QStringLiteral("a\nc\nd\n"));
    EXPECT_EQ(added, 2);
    EXPECT_EQ(removed, 1);
}
