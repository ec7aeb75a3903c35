// Resilience recipes (core/recipes): golden before/after files for every recipe on real site
// files, refusals with clear errors, and the byte-exact text helpers.

#include "golden.h"

#include "recipes/nginxtextscanner.h"
#include "recipes/recipe.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

using gs::recipes::Recipe;
using gs::recipes::RecipeParams;

namespace {

struct GoldenCase
{
    const char *caseName;
    const char *recipe;
    const char *golden; // file name under tests/data/<case>/
    RecipeParams params;
};

void PrintTo(const GoldenCase &c, std::ostream *os)
{
    *os << c.caseName << '/' << c.recipe;
}

// Writes the golden file with GS_UPDATE_GOLDEN=1; compares otherwise.
void expectGoldenText(const QString &caseName, const QString &file, const QByteArray &actual)
{
    const QString path = gs::test::dataPath(caseName, file);
    if (qEnvironmentVariableIntValue("GS_UPDATE_GOLDEN") == 1) {
        QFile out(path);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(actual);
        return;
    }
    const QByteArray expected = gs::test::readData(caseName, file);
    EXPECT_EQ(expected.toStdString(), actual.toStdString())
            << "golden mismatch for " << qPrintable(caseName) << "/" << qPrintable(file);
}

QByteArray applyRecipe(const QString &caseName, const char *id, const RecipeParams &params)
{
    const Recipe *recipe = Recipe::find(QString::fromLatin1(id));
    if (!recipe) {
        ADD_FAILURE() << "no recipe " << id;
        return {};
    }
    const QByteArray input = gs::test::readData(caseName, QStringLiteral("input.conf"));
    const auto result = recipe->apply(input, QStringLiteral("/etc/nginx/site.conf"), params);
    if (!result)
        return "ERROR: " + result.error().message.toUtf8() + '\n';
    return *result;
}

RecipeParams params(const char *upstream = "",
                    const char *location = "",
                    const char *server = "",
                    const char *root = "")
{
    RecipeParams p;
    p.upstream = QString::fromLatin1(upstream);
    p.location = QString::fromLatin1(location);
    p.server = QString::fromLatin1(server);
    p.root = QString::fromLatin1(root);
    return p;
}

class RecipeGolden : public ::testing::TestWithParam<GoldenCase>
{
};

TEST_P(RecipeGolden, MatchesGoldenFile)
{
    const GoldenCase &c = GetParam();
    const QString caseName = QString::fromLatin1(c.caseName);
    expectGoldenText(
            caseName, QString::fromLatin1(c.golden), applyRecipe(caseName, c.recipe, c.params));
}

INSTANTIATE_TEST_SUITE_P(
        Recipes,
        RecipeGolden,
        ::testing::Values(GoldenCase{"recipe-lab", "next_upstream", "next_upstream.conf", {}},
                          GoldenCase{"recipe-lab", "max_fails", "max_fails.refused.txt", {}},
                          GoldenCase{"recipe-lab",
                                     "backup_server",
                                     "backup_server.conf",
                                     params("", "", "127.0.0.1:9")},
                          GoldenCase{"recipe-lab", "keepalive", "keepalive.conf", {}},
                          GoldenCase{"recipe-lab", "timeouts", "timeouts.conf", {}},
                          GoldenCase{"recipe-lab", "error_page", "error_page.conf", {}},
                          GoldenCase{"recipe-lab", "log_format", "log_format.conf", {}},
                          GoldenCase{"recipe-shop",
                                     "next_upstream",
                                     "next_upstream.conf",
                                     params("", "/api/")},
                          GoldenCase{"recipe-shop", "max_fails", "max_fails.conf", {}},
                          GoldenCase{"recipe-shop",
                                     "backup_server",
                                     "backup_server.conf",
                                     params("app_backend", "", "10.0.0.10:3000")},
                          GoldenCase{"recipe-shop", "keepalive", "keepalive.refused.txt", {}},
                          GoldenCase{"recipe-shop", "timeouts", "timeouts.conf", params("", "/ws")},
                          GoldenCase{"recipe-shop",
                                     "error_page",
                                     "error_page.conf",
                                     params("", "", "", "/var/www/errors")},
                          GoldenCase{"recipe-shop", "log_format", "log_format.conf", {}},
                          GoldenCase{"recipe-debian", "log_format", "log_format.conf", {}}),
        [](const ::testing::TestParamInfo<GoldenCase> &testInfo) {
            return QString::fromLatin1(testInfo.param.caseName).mid(7).toStdString() + "_"
                   + testInfo.param.recipe;
        });

// Applies `id` to `text` and returns the error message, or "" when it applied.
std::string refusal(const char *id, const QByteArray &text, const RecipeParams &p = {})
{
    const auto result
            = Recipe::find(QString::fromLatin1(id))->apply(text, QStringLiteral("f.conf"), p);
    return result ? std::string() : result.error().message.toStdString();
}

TEST(RecipeRefusal, NoSuchUpstreamOrLocation_SaysWhatIsMissing)
{
    const QByteArray site
            = gs::test::readData(QStringLiteral("recipe-lab"), QStringLiteral("input.conf"));
    EXPECT_EQ(refusal("max_fails", site, params("nope")), "f.conf has no `upstream nope` block");
    EXPECT_EQ(refusal("next_upstream", site, params("", "/nope/")),
              "f.conf has no `location /nope/` block");
    EXPECT_EQ(refusal("next_upstream", site, params("nope")),
              "no location in f.conf proxies to upstream nope");
    EXPECT_EQ(refusal("next_upstream", "server { location / { root /x; } }\n"),
              "no location in f.conf proxies to an upstream group defined in it");
    EXPECT_EQ(refusal("timeouts", site, params("", "= /nginx-status")),
              "`location = /nginx-status` at f.conf:29 does not proxy_pass: this recipe is for "
              "proxied locations");
    EXPECT_EQ(refusal("backup_server", site), "backup_server needs the backup's address");
    EXPECT_EQ(refusal("backup_server", site, params("", "", "1.2.3.4:80;evil")),
              "not a server address: 1.2.3.4:80;evil");
}

TEST(RecipeRefusal, AlreadyPresent_RefusesAndChangesNothing)
{
    const QByteArray site
            = gs::test::readData(QStringLiteral("recipe-lab"), QStringLiteral("input.conf"));
    // The lab's group already has max_fails=3 fail_timeout=10s.
    EXPECT_EQ(refusal("max_fails", site),
              "already present: every server in upstream gslab_app_backend (f.conf:4) has "
              "max_fails and fail_timeout");
    for (const char *id : {"next_upstream", "keepalive", "timeouts", "error_page", "log_format"}) {
        const auto once
                = Recipe::find(QString::fromLatin1(id))->apply(site, QStringLiteral("f.conf"), {});
        ASSERT_TRUE(once) << id << ": " << once.error().message.toStdString();
        const std::string again = refusal(id, *once);
        EXPECT_EQ(again.rfind("already present: ", 0), 0u) << id << ": " << again;
    }
    EXPECT_EQ(refusal("backup_server", site, params("", "", "127.0.0.1:25098"))
                      .rfind("already present: ", 0),
              0u);
}

TEST(RecipeRefusal, BackupWithHashBalancing_IsRefused)
{
    const QByteArray text = "upstream u {\n    hash $request_uri;\n    server a:1;\n}\n";
    EXPECT_EQ(refusal("backup_server", text, params("", "", "b:1")),
              "upstream u balances with `hash` (f.conf:2), which nginx does not allow together "
              "with a backup server");
}

TEST(RecipeRefusal, UnbalancedFile_IsNeverEdited)
{
    EXPECT_EQ(refusal("max_fails", "upstream u {\n    server a:1;\n"),
              "f.conf:3: unexpected end of file: a '}' is missing");
    EXPECT_EQ(refusal("max_fails", "upstream u {\n    server a:1\n}\n"),
              "f.conf:3: unexpected '}'");
}

TEST(RecipeRefusal, ExistingValues_AreAdjustedNotDuplicated)
{
    const QByteArray text
            = "upstream u { server a:1; }\nserver {\n\tlocation / {\n\t\tproxy_pass http://u;\n"
              "\t\tproxy_next_upstream off; # was off\n\t}\n}\n";
    const auto result = Recipe::find(QStringLiteral("next_upstream"))
                                ->apply(text, QStringLiteral("f.conf"), {});
    ASSERT_TRUE(result) << result.error().message.toStdString();
    EXPECT_EQ(result->toStdString(),
              "upstream u { server a:1; }\nserver {\n\tlocation / {\n\t\tproxy_pass http://u;\n"
              "\t\tproxy_next_upstream_tries 2;\n"
              "\t\tproxy_next_upstream error timeout http_502 http_503; # was off\n\t}\n}\n");
}

TEST(RecipeRefusal, OneLineBlocks_GetTheirLinesBroken)
{
    const QByteArray text
            = "upstream u { server a:1; }\nserver { location / { proxy_pass http://u; } }\n";
    const auto result
            = Recipe::find(QStringLiteral("keepalive"))->apply(text, QStringLiteral("f.conf"), {});
    ASSERT_TRUE(result) << result.error().message.toStdString();
    EXPECT_EQ(result->toStdString(),
              "upstream u { server a:1;\n    keepalive 16; }\n"
              "server { location / { proxy_pass http://u;\n    proxy_http_version 1.1;\n"
              "    proxy_set_header Connection \"\"; } }\n");
}

TEST(RecipeList, EveryRecipeHasIdTitleAndExplanation)
{
    QStringList ids;
    for (const Recipe &recipe : Recipe::all()) {
        ids << recipe.id;
        EXPECT_FALSE(recipe.title.isEmpty());
        EXPECT_GT(recipe.explanation.size(), 40);
    }
    EXPECT_EQ(ids.join(QLatin1Char(' ')).toStdString(),
              "next_upstream max_fails backup_server keepalive timeouts error_page log_format");
    EXPECT_EQ(Recipe::find(QStringLiteral("nope")), nullptr);
}

TEST(RecipeScanner, KeepsOffsetsOfQuotedArgsAndVariables)
{
    const QByteArray text = "log_format x '$a \"b\"' ;\nmap ${x}y $z { default 1; }\n";
    const auto scanned = gs::recipes::NginxTextScanner::scan(text, QStringLiteral("f"));
    ASSERT_TRUE(scanned);
    ASSERT_EQ(scanned->size(), 2);
    EXPECT_EQ(scanned->at(0).arg(1).toStdString(), "$a \"b\"");
    const auto span = scanned->at(0).argSpans.at(1);
    EXPECT_EQ(text.mid(span.begin, span.end - span.begin).toStdString(), "'$a \"b\"'");
    EXPECT_EQ(scanned->at(1).arg(0).toStdString(), "${x}y");
    EXPECT_EQ(scanned->at(1).line, 2);
    EXPECT_EQ(scanned->at(1).children.size(), 1);
}

} // namespace
