// config::ConfigAudit: the audit entries of configuration changes, worded once for the CLI and
// the app (issue 11: "every change from the app is recorded exactly as the CLI's are").

#include "config/configaudit.h"

#include <gtest/gtest.h>

using gs::config::ApplyOutcome;
using gs::config::ApplyResult;
using gs::config::ConfigAudit;

namespace {

const ConfigAudit::Where kWhere{QStringLiteral("web1"), QStringLiteral("admin@10.0.0.5:22")};

ApplyResult result(ApplyOutcome outcome, const QString &backup = {})
{
    ApplyResult r;
    r.outcome = outcome;
    r.message = QStringLiteral("The change was applied.");
    r.backupId = backup;
    return r;
}

} // namespace

TEST(ConfigAudit, FileApply_SaysWhatWasWrittenOverWhat_AndTheBackup)
{
    const auto entry = ConfigAudit::fileApply(kWhere,
                                              QStringLiteral("config.apply"),
                                              QStringLiteral("/etc/nginx/sites-enabled/shop"),
                                              1234,
                                              QStringLiteral("ab12"),
                                              result(ApplyOutcome::Applied, QStringLiteral("B1")));
    EXPECT_EQ(entry.server, QStringLiteral("web1"));
    EXPECT_EQ(entry.host, QStringLiteral("admin@10.0.0.5:22"));
    EXPECT_EQ(entry.action, QStringLiteral("config.apply"));
    EXPECT_EQ(entry.subject, QStringLiteral("/etc/nginx/sites-enabled/shop"));
    EXPECT_EQ(entry.command,
              QStringLiteral("safe apply of /etc/nginx/sites-enabled/shop (1234 bytes, sha256 "
                             "before ab12)"));
    EXPECT_EQ(entry.outcome, QStringLiteral("applied"));
    EXPECT_EQ(entry.detail, QStringLiteral("The change was applied. (backup B1)"));
}

TEST(ConfigAudit, FileApply_WithoutAnExpectedDigest_SaysItWasNotChecked)
{
    const auto entry = ConfigAudit::fileApply(kWhere,
                                              QStringLiteral("config.restore"),
                                              QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf"),
                                              10,
                                              {},
                                              result(ApplyOutcome::RolledBack));
    EXPECT_TRUE(entry.command.endsWith(QStringLiteral("(10 bytes, sha256 before not checked)")));
    EXPECT_EQ(entry.outcome, QStringLiteral("rolled_back"));
}

TEST(ConfigAudit, FixAndRecipe_AreOkWhenApplied_NamedOtherwise_WithTheirDiff)
{
    const QString diff = QStringLiteral("--- a/x\n+++ b/x\n+ proxy_buffer_size 32k;\n");
    const auto fix = ConfigAudit::fix(kWhere,
                                      QStringLiteral("upstream.header_too_big"),
                                      QStringLiteral("/etc/nginx/x"),
                                      QStringLiteral("ab12"),
                                      diff,
                                      result(ApplyOutcome::Applied));
    EXPECT_EQ(fix.action, QStringLiteral("config.fix"));
    EXPECT_EQ(fix.command,
              QStringLiteral("guided fix of upstream.header_too_big on /etc/nginx/x (safe apply, "
                             "expect sha256 ab12)"));
    EXPECT_EQ(fix.outcome, QStringLiteral("ok"));
    EXPECT_EQ(fix.detail, QStringLiteral("The change was applied.\n") + diff);

    const auto recipe = ConfigAudit::recipe(kWhere,
                                            QStringLiteral("next_upstream"),
                                            QStringLiteral("/etc/nginx/x"),
                                            QStringLiteral("ab12"),
                                            QString(5000, QLatin1Char('d')),
                                            result(ApplyOutcome::ValidationFailed));
    EXPECT_EQ(recipe.action, QStringLiteral("config.recipe"));
    EXPECT_EQ(recipe.command,
              QStringLiteral("recipe next_upstream /etc/nginx/x (safe apply, expect sha256 ab12)"));
    EXPECT_EQ(recipe.outcome, QStringLiteral("validation_failed"));
    EXPECT_EQ(recipe.detail.size(), QStringLiteral("The change was applied.\n").size() + 4000);
}

TEST(ConfigAudit, Snapshot_NamesWhatThePrepareStepSaid_ElseThePaths)
{
    gs::config::SnapshotCreation creation;
    creation.created = true;
    creation.message = QStringLiteral("Snapshot taken.");
    gs::config::ApplyStep prepare;
    prepare.name = QStringLiteral("prepare");
    prepare.status = gs::config::ApplyStep::Status::Ok;
    prepare.detail = QStringLiteral("nginx and PHP-FPM: 2 directories");
    creation.steps << prepare;
    auto entry = ConfigAudit::snapshot(kWhere, creation, QStringLiteral("before the upgrade"));
    EXPECT_EQ(entry.action, QStringLiteral("config.snapshot"));
    EXPECT_EQ(entry.command,
              QStringLiteral("snapshot of nginx and PHP-FPM: 2 directories (note: before the "
                             "upgrade)"));
    EXPECT_EQ(entry.outcome, QStringLiteral("ok"));

    creation.steps.clear();
    creation.created = false;
    creation.entry.directories = {QStringLiteral("/etc/nginx")};
    entry = ConfigAudit::snapshot(kWhere, creation, {});
    EXPECT_EQ(entry.command, QStringLiteral("snapshot of /etc/nginx"));
    EXPECT_EQ(entry.outcome, QStringLiteral("failed"));

    creation.entry.directories.clear();
    EXPECT_EQ(ConfigAudit::snapshot(kWhere, creation, {}).command,
              QStringLiteral("snapshot of the configuration"));
}

TEST(ConfigAudit, SnapshotRestore_NamesTheSnapshotAndThePreRestoreOne)
{
    const auto entry
            = ConfigAudit::snapshotRestore(kWhere,
                                           QStringLiteral("20261121T132503Z-3f2a"),
                                           result(ApplyOutcome::Applied, QStringLiteral("P1")));
    EXPECT_EQ(entry.action, QStringLiteral("config.restore-snapshot"));
    EXPECT_EQ(entry.command, QStringLiteral("restore of snapshot 20261121T132503Z-3f2a"));
    EXPECT_EQ(entry.outcome, QStringLiteral("applied"));
    EXPECT_EQ(entry.detail, QStringLiteral("The change was applied. (pre-restore snapshot P1)"));
}

TEST(ConfigAudit, NoServerName_TheHostStandsForIt)
{
    const auto entry = ConfigAudit::fileApply({{}, QStringLiteral("admin@10.0.0.5:22")},
                                              QStringLiteral("config.apply"),
                                              QStringLiteral("/x"),
                                              1,
                                              {},
                                              result(ApplyOutcome::Applied));
    EXPECT_EQ(entry.server, QStringLiteral("admin@10.0.0.5:22"));
}
