// What a diagnosis may claim: coverage (a skipped check is not a passed one), a site answering
// 5xx always yields a finding, and when each finding happens (current, intermittent, past).
// Built on real lab captures (tests/data/diagnosis-*) with the live answers changed where a
// case needs it.

#include "golden.h"

#include "checks/diagnosisengine.h"
#include "checks/diagnosismodel.h"
#include "checks/findingtimeline.h"
#include "report/reportwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using gs::checks::DiagnosisEngine;
using gs::checks::DiagnosisModel;
using gs::checks::DiagnosisReport;
using gs::checks::FindingSet;
using gs::checks::FindingTimeline;
using gs::checks::RawObservations;
using gs::findings::Finding;

namespace {

RawObservations loadRaw(const QString &caseName)
{
    return RawObservations::fromJson(
            QJsonDocument::fromJson(gs::test::readData(caseName, QStringLiteral("raw.json")))
                    .object());
}

DiagnosisReport evaluate(const RawObservations &raw)
{
    DiagnosisReport report;
    DiagnosisEngine::evaluate(DiagnosisModel::build(raw), report);
    return report;
}

QStringList ids(const DiagnosisReport &report)
{
    QStringList list;
    for (const Finding &finding : report.findings)
        list << finding.id;
    return list;
}

QStringList gapChecks(const DiagnosisReport &report)
{
    QStringList list;
    for (const auto &gap : report.coverage.missing)
        list << gap.check;
    return list;
}

} // namespace

TEST(Coverage, HealthyRootRun_IsCompleteAndSaysNoProblems)
{
    const DiagnosisReport report = evaluate(loadRaw(QStringLiteral("diagnosis-healthy")));
    EXPECT_TRUE(report.coverage.complete) << gapChecks(report).join(u' ').toStdString();
    EXPECT_TRUE(report.coverage.sudoers.isEmpty());
    // The capture's machine was loaded (system.load_high, a warning): with full coverage the
    // verdict is the findings' alone.
    EXPECT_EQ(report.noProblems(), report.exitCode() == 0) << ids(report).join(u' ').toStdString();
}

TEST(Coverage, LoginWithoutSudo_IsIncompleteWithGrantsAndSudoers)
{
    const DiagnosisReport report = evaluate(loadRaw(QStringLiteral("diagnosis-nosudo")));
    EXPECT_FALSE(report.coverage.complete);
    EXPECT_FALSE(report.noProblems()) << "a login that could not look must not hear 'no problems'";
    const QStringList gaps = gapChecks(report);
    EXPECT_TRUE(gaps.contains(QStringLiteral("phpfpm.log"))) << gaps.join(u' ').toStdString();
    for (const auto &gap : report.coverage.missing) {
        EXPECT_FALSE(gap.reason.isEmpty()) << gap.check.toStdString();
        if (gap.essential) {
            EXPECT_FALSE(gap.grant.isEmpty()) << gap.check.toStdString();
        }
    }
    EXPECT_TRUE(report.coverage.sudoers.contains(QStringLiteral("NOPASSWD")));
    EXPECT_TRUE(report.coverage.sudoers.contains(report.facts.loginUser))
            << report.coverage.sudoers.toStdString();
    const QJsonObject json = report.toJson().value(QStringLiteral("coverage")).toObject();
    EXPECT_FALSE(json.value(QStringLiteral("complete")).toBool(true));
    EXPECT_FALSE(json.value(QStringLiteral("missing")).toArray().isEmpty());
}

TEST(Coverage, NotApplicableSkips_AreNoGaps)
{
    // The healthy lab has no SELinux and no firewall tool: nothing to see there, nothing missed.
    const DiagnosisReport report = evaluate(loadRaw(QStringLiteral("diagnosis-healthy")));
    for (const auto &check : report.checks) {
        if (check.id == QLatin1String("system.selinux")) {
            EXPECT_FALSE(check.isGap());
        }
    }
}

TEST(SiteFailing, SiteAnswering502_WithNothingElseKnown_IsAFinding)
{
    RawObservations raw = loadRaw(QStringLiteral("diagnosis-healthy"));
    for (auto it = raw.outputs.begin(); it != raw.outputs.end(); ++it) {
        if (it.key().startsWith(QLatin1String("site:")))
            it->out = "http=502 time=0.002\n";
    }
    const DiagnosisReport report = evaluate(raw);
    ASSERT_FALSE(report.findings.isEmpty());
    EXPECT_EQ(report.findings.first().id, QStringLiteral("traffic.site_failing"))
            << ids(report).join(u' ').toStdString();
    EXPECT_EQ(report.findings.first().severity, Finding::Severity::Critical);
    EXPECT_EQ(report.exitCode(), 2);
    EXPECT_TRUE(report.findings.first().evidence.first().text.contains(QStringLiteral("502")));
}

TEST(SiteFailing, SiteAnswering502_WithAKnownCause_IsNotRepeated)
{
    const DiagnosisReport report
            = evaluate(loadRaw(QStringLiteral("diagnosis-fpm-socket-missing")));
    EXPECT_FALSE(ids(report).contains(QStringLiteral("traffic.site_failing")))
            << ids(report).join(u' ').toStdString();
}

namespace {

// A model whose clock reads 12:05:00 UTC and whose probes say what each test needs.
DiagnosisModel modelAt(const QString &time)
{
    DiagnosisModel model;
    model.nowUtc = QDateTime(QDate(2026, 11, 21), QTime::fromString(time), Qt::UTC);
    model.windowStartUtc = model.nowUtc.addSecs(-3600);
    return model;
}

QDateTime at(const QString &time)
{
    return QDateTime(QDate(2026, 11, 21), QTime::fromString(time), Qt::UTC);
}

Finding &refusedBetween(FindingSet &set, const QString &peer, const QStringList &times)
{
    Finding &finding = set.get(gs::findings::FindingId::UpstreamConnectionRefused, peer);
    for (const QString &time : times)
        finding.addOccurrence(
                QStringLiteral("error.log"), QStringLiteral("connect() failed"), at(time));
    return finding;
}

Finding settled(FindingSet &set, const DiagnosisModel &model)
{
    FindingTimeline::settle(set, model);
    return set.ordered().first();
}

gs::checks::TcpProbe probe(const QString &peer, gs::checks::TcpProbe::Outcome outcome)
{
    gs::checks::TcpProbe tcp;
    tcp.peer = peer;
    tcp.outcome = outcome;
    return tcp;
}

} // namespace

TEST(Timeline, RestartBlip_UpstreamAnswersNow_IsPastWithTheStory)
{
    const QString peer = QStringLiteral("127.0.0.1:3000");
    DiagnosisModel model = modelAt(QStringLiteral("12:05:00"));
    model.tcpProbes.insert(peer, probe(peer, gs::checks::TcpProbe::Outcome::Open));
    FindingSet set;
    refusedBetween(
            set,
            peer,
            {QStringLiteral("12:00:01"), QStringLiteral("12:00:02"), QStringLiteral("12:00:03")});
    const Finding finding = settled(set, model);
    EXPECT_EQ(finding.state, Finding::State::Past);
    EXPECT_NE(finding.severity, Finding::Severity::Critical);
    EXPECT_TRUE(
            finding.explanation.contains(QStringLiteral("3 times between 12:00:01 and 12:00:03")))
            << finding.explanation.toStdString();
    EXPECT_TRUE(finding.remedy.join(u' ').contains(QStringLiteral("proxy_next_upstream")));
    EXPECT_FALSE(finding.resolvedBy.isEmpty());
}

TEST(Timeline, RecurringErrors_UpstreamAnswersNow_IsIntermittent)
{
    const QString peer = QStringLiteral("127.0.0.1:3000");
    DiagnosisModel model = modelAt(QStringLiteral("12:05:00"));
    model.tcpProbes.insert(peer, probe(peer, gs::checks::TcpProbe::Outcome::Open));
    FindingSet set;
    refusedBetween(
            set,
            peer,
            {QStringLiteral("12:01:00"), QStringLiteral("12:03:00"), QStringLiteral("12:04:30")});
    const Finding finding = settled(set, model);
    EXPECT_EQ(finding.state, Finding::State::Intermittent);
    EXPECT_EQ(finding.severity, Finding::Severity::Critical);
}

TEST(Timeline, UpstreamStillRefuses_IsCurrent)
{
    const QString peer = QStringLiteral("127.0.0.1:3000");
    DiagnosisModel model = modelAt(QStringLiteral("12:05:00"));
    model.tcpProbes.insert(peer, probe(peer, gs::checks::TcpProbe::Outcome::Refused));
    FindingSet set;
    refusedBetween(set, peer, {QStringLiteral("12:00:01")});
    EXPECT_EQ(settled(set, model).state, Finding::State::Current);
}

TEST(Timeline, FpmRestartedAfterTheLastKill_IsPast_AndRanksBelowCurrent)
{
    DiagnosisModel model = modelAt(QStringLiteral("12:05:00"));
    gs::discovery::FpmMaster master;
    master.pid = 42;
    master.startedEpoch = at(QStringLiteral("12:02:00")).toSecsSinceEpoch();
    model.facts.fpm.masters << master;
    const QString peer = QStringLiteral("127.0.0.1:3000");
    model.tcpProbes.insert(peer, probe(peer, gs::checks::TcpProbe::Outcome::Refused));
    FindingSet set;
    set.get(gs::findings::FindingId::PhpFpmWorkerKilled)
            .addOccurrence(QStringLiteral("fpm.log"),
                           QStringLiteral("child exited on signal 9"),
                           at(QStringLiteral("12:01:00")));
    refusedBetween(set, peer, {QStringLiteral("12:04:00")});
    FindingTimeline::settle(set, model);
    const auto ordered = set.ordered();
    ASSERT_EQ(ordered.size(), 2);
    EXPECT_EQ(ordered.at(0).id, QStringLiteral("upstream.connection_refused"));
    EXPECT_EQ(ordered.at(1).id, QStringLiteral("phpfpm.worker_killed"));
    EXPECT_EQ(ordered.at(1).state, Finding::State::Past);
    EXPECT_TRUE(ordered.at(1).resolvedBy.contains(QStringLiteral("PHP-FPM")));
}

TEST(Timeline, PastFindings_DoNotCountInTheExitCode)
{
    DiagnosisReport report;
    Finding past;
    past.id = QStringLiteral("upstream.connection_refused");
    past.severity = Finding::Severity::Warning;
    past.state = Finding::State::Past;
    report.findings << past;
    EXPECT_EQ(report.exitCode(), 0);
    const QJsonObject json = past.toJson();
    EXPECT_EQ(json.value(QStringLiteral("state")).toString(), QStringLiteral("past"));
    EXPECT_TRUE(json.contains(QStringLiteral("resolved_by")));
    EXPECT_EQ(Finding::fromJson(json)->state, Finding::State::Past);
}

TEST(Coverage, Report_SaysNotCheckedAndWhatToGrant_NeverNoProblems)
{
    const DiagnosisReport report = evaluate(loadRaw(QStringLiteral("diagnosis-nosudo")));
    gs::report::ReportTarget target;
    target.name = QStringLiteral("shop");
    const gs::report::ReportWriter writer(report, target);
    for (const QString &document : {writer.plainText(), writer.markdown(), writer.html()}) {
        EXPECT_FALSE(document.contains(QStringLiteral("No problems found")));
        EXPECT_TRUE(document.contains(QStringLiteral("Not checked"), Qt::CaseInsensitive));
        EXPECT_TRUE(document.contains(QStringLiteral("NOPASSWD")));
    }
}

// HTTP spoken to PHP-FPM: the lab's app location pointed at the FPM pool's socket with
// proxy_pass. From the configuration and the pool's listen alone it is a protocol mismatch, the
// first finding, before any log line says "reset".
TEST(RootCause, ProxyPassToAnFpmPool_IsProtocolMismatchFirst)
{
    RawObservations raw = loadRaw(QStringLiteral("diagnosis-healthy"));
    auto &dump = raw.outputs[QStringLiteral("nginx_T")];
    const QByteArray socket = "/work/wt-checks/build/checks/lab/run/php-fpm.sock";
    ASSERT_TRUE(dump.out.contains("proxy_pass http://127.0.0.1:27649;"));
    const QByteArray pointed = QByteArray("proxy_pass http://unix:") + socket + ":;";
    dump.out.replace(QByteArray("proxy_pass http://127.0.0.1:27649;"), pointed);
    const DiagnosisReport report = evaluate(raw);
    ASSERT_FALSE(report.findings.isEmpty());
    EXPECT_EQ(report.findings.first().id, QStringLiteral("upstream.protocol_mismatch"))
            << ids(report).join(u' ').toStdString();
    EXPECT_TRUE(report.findings.first().evidence.first().text.contains(QStringLiteral("FastCGI")));
    EXPECT_EQ(report.exitCode(), 2);
}

// Causes before symptoms by the catalog's links, whatever the checks' order or the severities.
TEST(RootCause, CatalogLinks_PutTheCauseFirst)
{
    using gs::findings::FindingId;
    const QList<QPair<FindingId, FindingId>> pairs = {
            {FindingId::NginxPortConflict, FindingId::NginxNotRunning},
            {FindingId::PhpFpmConfigInvalid, FindingId::PhpFpmNotRunning},
            {FindingId::PhpFpmNotRunning, FindingId::UpstreamSocketMissing},
            {FindingId::PhpFpmRequestTimeout, FindingId::UpstreamConnectionReset},
            {FindingId::UpstreamAddressMismatch, FindingId::UpstreamConnectionRefused},
            {FindingId::UpstreamProtocolMismatch, FindingId::UpstreamConnectionReset},
    };
    for (const auto &[cause, symptom] : pairs) {
        FindingSet set;
        set.confirmLive(set.get(symptom)); // a live symptom still follows its cause
        set.get(cause);
        const auto ordered = set.ordered();
        ASSERT_EQ(ordered.size(), 2);
        EXPECT_TRUE(ordered.first().is(cause)) << "before " << ordered.last().id.toStdString();
        EXPECT_GE(ordered.first().severity, ordered.last().severity)
                << ordered.first().id.toStdString();
    }
}
