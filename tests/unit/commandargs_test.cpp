// The options each command reads itself (fix, recipe, config), run as a user types them: a
// missing value or an unknown option is a usage error (64) that names the option, before any
// connection is tried.

#include "runprocess.h"

#include <gtest/gtest.h>

namespace {

struct Case
{
    const char *args; // as typed, split at spaces
    const char *message;
};

ProcessRun cli(const char *args)
{
    return runProcess(QStringLiteral(GS_CLI_PATH),
                      QString::fromLatin1(args).split(QLatin1Char(' ')));
}

} // namespace

TEST(CommandArgs, MissingValuesAndUnknownOptions_AreUsageErrorsNamingTheOption)
{
    const QList<Case> cases{
            {"fix lab upstream.timeout --upstream", "fix: --upstream needs a value"},
            {"fix lab upstream.timeout --since=soon", "--since needs a duration"},
            {"fix lab upstream.timeout --bogus", "fix: unknown option --bogus"},
            {"recipe lab /etc/nginx/a.conf next_upstream --root", "recipe: --root needs a value"},
            {"recipe lab /etc/nginx/a.conf next_upstream --nope=1",
             "recipe: unknown option --nope=1"},
            {"config restore-snapshot lab --snapshot",
             "config restore-snapshot: --snapshot needs a value"},
            {"config get lab /etc/nginx/a.conf --note x", "config get: unknown option --note"},
    };
    for (const Case &c : cases) {
        const ProcessRun run = cli(c.args);
        EXPECT_EQ(run.exitCode, 64) << c.args;
        EXPECT_TRUE(run.err.contains(c.message)) << c.args << ": " << run.err.constData();
    }
}

TEST(CommandArgs, ValuesByEqualsOrNextArgument_AndFlags_AreAccepted)
{
    // Parsed whole, this fails only after the options: the recipe is unknown (64, its own
    // message, not one about an option).
    const ProcessRun recipe = cli("recipe lab /etc/nginx/a.conf no_such_recipe "
                                  "--upstream=backend --location /api/ --apply");
    EXPECT_EQ(recipe.exitCode, 64);
    EXPECT_TRUE(recipe.err.contains("unknown recipe no_such_recipe")) << recipe.err.constData();
}
