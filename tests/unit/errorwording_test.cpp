// nginx error log lines as written in the wild (tests/data/nginx-errorlog-wild/cases.tsv):
// errno numbers decide, not the C library's wording; case does not matter; client-side TLS
// handshake noise is never an upstream problem.

#include "findings/findingcatalog.h"
#include "golden.h"
#include "nginx/errorclassifier.h"
#include "nginx/errorlogparser.h"
#include "phpfpm/fpmlogparser.h"

#include <gtest/gtest.h>

using gs::nginx::ErrorClassifier;
using gs::nginx::ErrorLogParser;

TEST(ErrorWording, EveryWildLine_GivesItsFinding)
{
    const QString text = gs::test::readText(QStringLiteral("nginx-errorlog-wild"),
                                            QStringLiteral("cases.tsv"));
    int cases = 0;
    for (const QString &row : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (row.startsWith(QLatin1Char('#')))
            continue;
        const QString expected = row.section(QLatin1Char('\t'), 0, 0);
        const QString line = row.section(QLatin1Char('\t'), 1);
        const auto parsed = ErrorLogParser::parse(line.toUtf8());
        ASSERT_EQ(parsed.entries.size(), 1) << line.toStdString();
        const auto c = ErrorClassifier::classify(parsed.entries.first());
        const QString id = gs::findings::findingName(c.findingId);
        if (expected == QLatin1String("client")) {
            EXPECT_TRUE(c.clientSide || id.isEmpty()) << line.toStdString();
            EXPECT_TRUE(id.isEmpty()) << id.toStdString() << " for " << line.toStdString();
        } else if (expected == QLatin1String("-")) {
            EXPECT_TRUE(id.isEmpty()) << id.toStdString() << " for " << line.toStdString();
        } else {
            EXPECT_EQ(id, expected) << line.toStdString();
        }
        ++cases;
    }
    EXPECT_GE(cases, 30);
}

TEST(ErrorWording, EveryWildFpmLine_GivesItsFinding)
{
    const QString text
            = gs::test::readText(QStringLiteral("fpm-log-wild"), QStringLiteral("cases.tsv"));
    int cases = 0;
    for (const QString &row : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (row.startsWith(QLatin1Char('#')))
            continue;
        const QString expected = row.section(QLatin1Char('\t'), 0, 0);
        const QString line = row.section(QLatin1Char('\t'), 1);
        const auto parsed = gs::phpfpm::FpmLogParser::parse(line.toUtf8());
        ASSERT_EQ(parsed.entries.size(), 1) << line.toStdString();
        const QString id = gs::findings::findingName(parsed.entries.first().findingId());
        EXPECT_EQ(id, expected == QLatin1String("-") ? QString() : expected) << line.toStdString();
        if (line.contains(QLatin1String("[pool www]"))) {
            EXPECT_EQ(parsed.entries.first().pool, QStringLiteral("www")) << line.toStdString();
        }
        ++cases;
    }
    EXPECT_GE(cases, 20);
}
