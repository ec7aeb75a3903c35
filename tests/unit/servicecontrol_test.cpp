// ServiceControl's plans (pure): what runs for an application behind an upstream, by what the
// server has: a systemd unit, a SysV init script, or neither.

#include "actions/servicecontrol.h"

#include <gtest/gtest.h>

using gs::actions::ServiceAction;
using gs::actions::ServiceControl;

namespace {

ServiceControl::HostServices withoutSystemd()
{
    ServiceControl::HostServices host;
    host.facts.init = QStringLiteral("sysvinit");
    host.initScripts = {QStringLiteral("shop-app"), QStringLiteral("ssh")};
    return host;
}

} // namespace

TEST(ServiceControl, AppWithInitScript_WithoutSystemd_RunsTheScript)
{
    const auto restart = ServiceControl::plan(
            withoutSystemd(), QStringLiteral("shop-app"), ServiceAction::Restart);
    ASSERT_TRUE(restart.ok()) << restart.error().text().toStdString();
    EXPECT_EQ(restart->kind, QStringLiteral("unit"));
    EXPECT_EQ(restart->method, QStringLiteral("init script"));
    EXPECT_EQ(restart->config, QStringLiteral("/etc/init.d/shop-app"));
    ASSERT_EQ(restart->steps.size(), 1);
    EXPECT_EQ(restart->steps.first().command, QStringLiteral("/etc/init.d/shop-app restart"));
    EXPECT_TRUE(restart->expectRunning);

    // "shop-app.service" (a unit's name) finds the script too; status runs nothing itself.
    const auto status = ServiceControl::plan(
            withoutSystemd(), QStringLiteral("shop-app.service"), ServiceAction::Status);
    ASSERT_TRUE(status.ok());
    EXPECT_EQ(status->method, QStringLiteral("init script"));
    EXPECT_TRUE(status->steps.isEmpty());

    const auto stop = ServiceControl::plan(
            withoutSystemd(), QStringLiteral("shop-app"), ServiceAction::Stop);
    ASSERT_TRUE(stop.ok());
    EXPECT_FALSE(stop->expectRunning);
}

TEST(ServiceControl, AppWithoutScriptOrSystemd_IsRefusedWithReason)
{
    for (const QString &name : {QStringLiteral("other-app"),
                                // Names come from listing /etc/init.d: a path never matches.
                                QStringLiteral("../../bin/sh"),
                                QStringLiteral("/etc/init.d/shop-app")}) {
        const auto plan = ServiceControl::plan(withoutSystemd(), name, ServiceAction::Start);
        ASSERT_FALSE(plan.ok()) << name.toStdString();
        EXPECT_EQ(plan.error().code, gs::ErrorCode::Unsupported);
        EXPECT_TRUE(plan.error().message.contains(QStringLiteral("/etc/init.d/")));
    }
}

TEST(ServiceControl, AppWithUnit_PrefersSystemdOverItsInitScript)
{
    ServiceControl::HostServices host = withoutSystemd();
    host.facts.init = QStringLiteral("systemd");
    host.systemdUnits = {QStringLiteral("shop-app.service")};
    const auto plan
            = ServiceControl::plan(host, QStringLiteral("shop-app"), ServiceAction::Restart);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->method, QStringLiteral("systemd"));
    EXPECT_EQ(plan->steps.first().command, QStringLiteral("systemctl restart shop-app.service"));
}
