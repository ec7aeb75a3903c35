#include "findings/findingcatalog.h"

#include <QJsonArray>
#include <QSet>

#include <gtest/gtest.h>

using namespace gs::findings;

namespace {

// spec/findings.md, copied: the ids are a public contract, so a rename must fail this test.
const char *const kSpecIds[] = {"nginx.not_installed",
                                "nginx.not_running",
                                "nginx.config_invalid",
                                "nginx.config_warning",
                                "nginx.upstream_host_not_found",
                                "nginx.not_listening",
                                "nginx.port_conflict",
                                "nginx.worker_connections_exhausted",
                                "nginx.too_many_open_files",
                                "upstream.connection_refused",
                                "upstream.address_mismatch",
                                "upstream.socket_missing",
                                "upstream.socket_permission_denied",
                                "upstream.timeout",
                                "upstream.prematurely_closed",
                                "upstream.connection_reset",
                                "upstream.header_too_big",
                                "upstream.invalid_header",
                                "upstream.protocol_mismatch",
                                "upstream.ssl_handshake_failed",
                                "upstream.no_live_upstreams",
                                "upstream.dns_failure",
                                "upstream.unreachable",
                                "upstream.backlog_full",
                                "upstream.ephemeral_ports_exhausted",
                                "upstream.firewall_blocked",
                                "upstream.keepalive_missing",
                                "phpfpm.not_running",
                                "phpfpm.config_invalid",
                                "phpfpm.listen_mismatch",
                                "phpfpm.socket_permissions",
                                "phpfpm.max_children_reached",
                                "phpfpm.worker_killed",
                                "phpfpm.request_timeout",
                                "phpfpm.slow_requests",
                                "phpfpm.timeout_misaligned",
                                "phpfpm.script_not_found",
                                "system.oom_kill",
                                "system.memory_pressure",
                                "system.disk_full",
                                "system.load_high",
                                "system.fd_limit",
                                "system.selinux_denied",
                                "app.service_down",
                                "app.crash_loop",
                                "traffic.error_rate_high",
                                "traffic.site_failing"};

} // namespace

TEST(FindingCatalog, CoversEverySpecId_WithTextsAndRemedy)
{
    QSet<QString> spec;
    for (const char *id : kSpecIds) {
        spec.insert(QLatin1String(id));
        const auto *e = FindingCatalog::find(QLatin1String(id));
        ASSERT_NE(e, nullptr) << id;
        EXPECT_FALSE(e->title.isEmpty()) << id;
        EXPECT_GT(e->explanation.size(), 60) << id;
        EXPECT_FALSE(e->remedy.isEmpty()) << id;
    }
    EXPECT_EQ(spec.size(), 47);
    for (const QString &id : FindingCatalog::ids())
        EXPECT_TRUE(spec.contains(id)) << qPrintable(id) << " is not in spec/findings.md";
}

TEST(FindingCatalog, UsesSpecSeverities_WhenDefaulting)
{
    EXPECT_EQ(FindingCatalog::make(QStringLiteral("upstream.connection_refused")).severity,
              Finding::Severity::Critical);
    EXPECT_EQ(FindingCatalog::make(QStringLiteral("phpfpm.max_children_reached")).severity,
              Finding::Severity::Warning);
    EXPECT_EQ(FindingCatalog::make(QStringLiteral("upstream.keepalive_missing")).severity,
              Finding::Severity::Info);
    const Finding unknown = FindingCatalog::make(QStringLiteral("nginx.no_such_id"));
    EXPECT_EQ(unknown.title, QStringLiteral("nginx.no_such_id"));
}

TEST(Finding, MatchesCliJsonShape_WhenSerialized)
{
    Finding f = FindingCatalog::make(QStringLiteral("upstream.connection_refused"));
    f.upstream = QStringLiteral("127.0.0.1:3000");
    f.configFile = QStringLiteral("/etc/nginx/sites-enabled/app");
    f.configLine = 12;
    f.addOccurrence(QStringLiteral("/var/log/nginx/error.log"),
                    QStringLiteral("connect() failed (111: Connection refused)"),
                    QDateTime(QDate(2026, 11, 21), QTime(12, 39, 25), Qt::UTC));
    f.addOccurrence(QStringLiteral("/var/log/nginx/error.log"),
                    QStringLiteral("connect() failed (111: Connection refused)"),
                    QDateTime(QDate(2026, 11, 21), QTime(12, 0, 3), Qt::UTC));
    const QJsonObject o = f.toJson();
    EXPECT_EQ(o.value(QStringLiteral("id")).toString(),
              QStringLiteral("upstream.connection_refused"));
    EXPECT_EQ(o.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    EXPECT_EQ(o.value(QStringLiteral("count")).toInt(), 2);
    EXPECT_EQ(o.value(QStringLiteral("first_seen")).toString(),
              QStringLiteral("2026-11-21T12:00:03Z"));
    EXPECT_EQ(o.value(QStringLiteral("last_seen")).toString(),
              QStringLiteral("2026-11-21T12:39:25Z"));
    EXPECT_EQ(o.value(QStringLiteral("evidence")).toArray().size(), 2);
    EXPECT_EQ(o.value(QStringLiteral("config")).toObject().value(QStringLiteral("line")).toInt(),
              12);
    EXPECT_FALSE(o.value(QStringLiteral("remedy")).toArray().isEmpty());
    const auto back = Finding::fromJson(o);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->toJson(), o);
}

TEST(Finding, OmitsUpstreamAndConfig_WhenTheyDoNotApply)
{
    const QJsonObject o = FindingCatalog::make(QStringLiteral("system.load_high")).toJson();
    EXPECT_FALSE(o.contains(QStringLiteral("upstream")));
    EXPECT_FALSE(o.contains(QStringLiteral("config")));
    EXPECT_TRUE(o.value(QStringLiteral("first_seen")).isNull());
}

TEST(Finding, CapsEvidence_WhenManyOccurrences)
{
    Finding f = FindingCatalog::make(QStringLiteral("upstream.timeout"));
    for (int i = 0; i < 100; ++i)
        f.addOccurrence(QStringLiteral("log"), QStringLiteral("line %1").arg(i));
    EXPECT_EQ(f.count, 100);
    EXPECT_EQ(f.evidence.size(), Finding::kMaxEvidence);
}

// The typed ids and the catalog are one table: each FindingId has exactly its own entry, and the
// public id round-trips. A new FindingId without an entry fails to compile (static_assert).
TEST(FindingCatalog, EveryTypedId_HasItsOwnEntry_AndNameRoundTrips)
{
    QSet<QString> names;
    for (int i = 0; i < kFindingIdCount; ++i) {
        const auto id = FindingId(i);
        const FindingCatalog::Entry &entry = FindingCatalog::entry(id);
        EXPECT_EQ(entry.id, id) << i;
        EXPECT_EQ(findingIdOf(entry.name), id) << entry.name.toStdString();
        EXPECT_EQ(FindingCatalog::make(id).id, entry.name);
        EXPECT_TRUE(FindingCatalog::make(id).is(id));
        names.insert(entry.name);
    }
    EXPECT_EQ(names.size(), kFindingIdCount);
    EXPECT_EQ(FindingCatalog::entries().size(), kFindingIdCount);
    EXPECT_FALSE(findingIdOf(u"nginx.no_such_id").has_value());
    EXPECT_TRUE(findingName(std::nullopt).isEmpty());
}

// Rank, traits and links live in the entries; these are the orders the diagnosis relies on.
TEST(FindingCatalog, CauseRanks_AndLinks_AreTheEntries)
{
    auto rank = [](FindingId id) {
        return FindingCatalog::entry(id).rank;
    };
    EXPECT_LT(rank(FindingId::NginxNotRunning), rank(FindingId::NginxNotListening));
    EXPECT_LT(rank(FindingId::PhpFpmNotRunning), rank(FindingId::UpstreamSocketMissing));
    EXPECT_LT(rank(FindingId::AppServiceDown), rank(FindingId::UpstreamConnectionRefused));
    EXPECT_LT(rank(FindingId::UpstreamNoLiveUpstreams), FindingCatalog::kUnranked);
    EXPECT_EQ(rank(FindingId::SystemLoadHigh), FindingCatalog::kUnranked);
    EXPECT_EQ(FindingCatalog::rank(u"nginx.no_such_id"), FindingCatalog::kUnranked);
    EXPECT_TRUE(FindingCatalog::entry(FindingId::SystemLoadHigh).context);
    EXPECT_TRUE(FindingCatalog::entry(FindingId::UpstreamSocketMissing).startupRace);
    EXPECT_TRUE(FindingCatalog::entry(FindingId::UpstreamConnectionRefused).settledByConnect);
    EXPECT_FALSE(FindingCatalog::entry(FindingId::UpstreamTimeout).settledByConnect);
    // Directly and through another: an OOM kill kills workers, which close connections.
    EXPECT_TRUE(FindingCatalog::causes(FindingId::SystemOomKill, FindingId::PhpFpmWorkerKilled));
    EXPECT_TRUE(
            FindingCatalog::causes(FindingId::SystemOomKill, FindingId::UpstreamPrematurelyClosed));
    EXPECT_FALSE(FindingCatalog::causes(FindingId::UpstreamTimeout, FindingId::SystemOomKill));
    EXPECT_TRUE(FindingCatalog::causes(QStringLiteral("app.crash_loop"),
                                       QStringLiteral("upstream.connection_refused")));
    EXPECT_FALSE(FindingCatalog::causes(QStringLiteral("nginx.no_such_id"),
                                        QStringLiteral("upstream.connection_refused")));
}

TEST(Finding, ServiceFix_RoundTripsThroughJson_AndAnUnknownActionIsDropped)
{
    Finding f = FindingCatalog::make(FindingId::AppServiceDown);
    f.serviceFix = ServiceFix{QStringLiteral("shop-app"),
                              ServiceFix::Action::Restart,
                              false,
                              {QStringLiteral("/var/log/shop-app.log")}};
    const QJsonObject o = f.toJson();
    const auto back = Finding::fromJson(o);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->serviceFix, f.serviceFix);
    QJsonObject odd = o;
    QJsonObject fix = odd.value(QStringLiteral("service_fix")).toObject();
    fix.insert(QStringLiteral("action"), QStringLiteral("reboot"));
    odd.insert(QStringLiteral("service_fix"), fix);
    EXPECT_FALSE(Finding::fromJson(odd)->serviceFix.has_value());
    EXPECT_FALSE(FindingCatalog::make(FindingId::SystemLoadHigh)
                         .toJson()
                         .contains(QStringLiteral("service_fix")));
}
