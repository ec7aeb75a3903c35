// traffic.error_rate_high: the access logs' window read into TrafficModel (the lab's own
// log_formats: `gslab` with $request_time and $upstream_status, and `combined`), the thresholds,
// and the whole checklist on the healthy lab capture (tests/data/diagnosis-healthy) with access
// log outputs added, as the AccessLog probe would have given them.

#include "golden.h"

#include "checks/diagnosisengine.h"
#include "checks/diagnosismodel.h"
#include "checks/diagnosisplanner.h"
#include "checks/errorratecheck.h"
#include "checks/errorratesetting.h"
#include "checks/findingset.h"
#include "checks/trafficmodel.h"
#include "findings/findingcatalog.h"
#include "nginx/configparser.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSettings>
#include <QTemporaryDir>

using gs::checks::CheckStatus;
using gs::checks::DiagnosisEngine;
using gs::checks::DiagnosisModel;
using gs::checks::DiagnosisReport;
using gs::checks::ErrorRateCheck;
using gs::checks::ErrorRateSetting;
using gs::checks::ProbeId;
using gs::checks::RawObservations;
using gs::checks::TrafficModel;
using gs::findings::Finding;
using gs::findings::FindingId;

namespace {

const QString kCheckedLab = QStringLiteral("/work/wt-checks/build/checks/lab");
const QString kAppLog = kCheckedLab + QStringLiteral("/nginx/logs/access.log");
const QString kStaticLog = kCheckedLab + QStringLiteral("/nginx/logs/static-access.log");
// The capture's clock: 2026-11-21 13:49:39 UTC, zone +0000.
constexpr qint64 kNow = 1795268979;
constexpr qint64 kHour = 3600;

const QByteArray kGslabFormat
        = "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent "
          "\"$http_referer\" \"$http_user_agent\" rt=$request_time uct=\"$upstream_connect_time\" "
          "uht=\"$upstream_header_time\" urt=\"$upstream_response_time\" ua=\"$upstream_addr\" "
          "us=\"$upstream_status\"";

QByteArray timeLocal(qint64 epoch)
{
    return QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC)
            .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss +0000"))
            .toLatin1();
}

// A line of the lab's `gslab` format as nginx writes it for a proxied request.
QByteArray gslabLine(qint64 epoch, int status)
{
    const QByteArray code = QByteArray::number(status);
    const bool gateway = status == 502 || status == 504;
    return "127.0.0.1 - - [" + timeLocal(epoch) + "] \"GET /api/orders?page=2 HTTP/1.1\" " + code
           + " 157 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\" rt=" + (gateway ? "2.004" : "0.012")
           + " uct=\"0.000\" uht=\"" + (gateway ? "-" : "0.011") + "\" urt=\""
           + (gateway ? "2.004" : "0.011") + "\" ua=\"127.0.0.1:27649\" us=\"" + code + "\"\n";
}

// A `combined` line, as the static site logs it.
QByteArray combinedLine(qint64 epoch, int status)
{
    return "203.0.113.7 - - [" + timeLocal(epoch) + "] \"GET /static/app.css HTTP/2.0\" "
           + QByteArray::number(status)
           + " 5120 \"https://shop.example/\" \"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\"\n";
}

// `total` requests spread over the last 50 minutes, `errors` of them 502 (the latest ones: the
// failures began a while ago and go on).
QByteArray traffic(int total, int errors, int okStatus = 200)
{
    QByteArray lines;
    for (int i = 0; i < total; ++i) {
        const qint64 when = kNow - 3000 + i * 3000 / total;
        lines += gslabLine(when, i >= total - errors ? 502 : okStatus);
    }
    return lines;
}

RawObservations healthyTraffic()
{
    RawObservations raw = RawObservations::fromJson(
            QJsonDocument::fromJson(gs::test::readData(QStringLiteral("diagnosis-healthy"),
                                                       QStringLiteral("raw.json")))
                    .object());
    raw.windowSeconds = kHour; // the capture's own window is three seconds
    return raw;
}

void setLog(RawObservations &raw,
            const QString &path,
            const QByteArray &lines,
            int exitStatus = 0,
            const QByteArray &err = {})
{
    gs::checks::CommandOutput output;
    output.ran = true;
    output.exitStatus = exitStatus;
    output.out = lines;
    output.err = err;
    if (err.isEmpty())
        output.err = "gs-tail: " + path.toUtf8() + " size=" + QByteArray::number(lines.size())
                     + " offset=0\n";
    output.privileged = true;
    raw.set({ProbeId::AccessLog, path}, output);
}

// The healthy capture with the app's log holding `app` and the static site's a quiet hour.
RawObservations withLogs(const QByteArray &app)
{
    RawObservations raw = healthyTraffic();
    setLog(raw, kAppLog, app);
    setLog(raw, kStaticLog, combinedLine(kNow - 600, 200) + combinedLine(kNow - 300, 304));
    return raw;
}

DiagnosisReport evaluateTraffic(const RawObservations &raw)
{
    DiagnosisReport report;
    DiagnosisEngine::evaluate(DiagnosisModel::build(raw), report);
    return report;
}

const Finding *errorRate(const DiagnosisReport &report)
{
    for (const Finding &finding : report.findings) {
        if (finding.is(FindingId::TrafficErrorRateHigh))
            return &finding;
    }
    return nullptr;
}

const gs::checks::CheckResult *rateCheck(const DiagnosisReport &report)
{
    for (const auto &check : report.checks) {
        if (check.id == QLatin1String("traffic.error_rate"))
            return &check;
    }
    return nullptr;
}

TrafficModel::Log gslabLog()
{
    TrafficModel::Log log;
    log.path = kAppLog;
    log.formatName = QStringLiteral("gslab");
    log.format = kGslabFormat;
    return log;
}

TrafficModel::Log read(TrafficModel::Log log, const QByteArray &lines, const QByteArray &err = {})
{
    return TrafficModel::readLog(std::move(log), lines, err, kNow - kHour, kNow + 1);
}

} // namespace

TEST(TrafficModel, CustomFormat_CountsRequests5xxStatusesAndTheSeries)
{
    QByteArray lines;
    lines += gslabLine(kNow - 1800, 200);
    lines += gslabLine(kNow - 1799, 502);
    lines += gslabLine(kNow - 1798, 502);
    lines += gslabLine(kNow - 1790, 504);
    lines += gslabLine(kNow - 60, 500);
    lines += gslabLine(kNow - 59, 404);
    const TrafficModel::Log log = read(gslabLog(), lines);
    ASSERT_TRUE(log.read) << log.whyNot.toStdString();
    EXPECT_EQ(log.counts.requests, 6);
    EXPECT_EQ(log.counts.errors, 4);
    EXPECT_DOUBLE_EQ(log.counts.percent(), 400.0 / 6);
    // Busiest first; a tie keeps the lower code first.
    ASSERT_EQ(log.counts.statuses5xx.size(), 3);
    EXPECT_EQ(log.counts.statuses5xx.at(0), qMakePair(502, qint64(2)));
    EXPECT_EQ(log.counts.statuses5xx.at(1), qMakePair(500, qint64(1)));
    EXPECT_EQ(log.counts.statuses5xx.at(2), qMakePair(504, qint64(1)));
    // A bucket a minute, every minute of the window (empty ones too), summing to the counts.
    EXPECT_EQ(log.counts.bucketSeconds, 60);
    EXPECT_EQ(log.counts.series.size(), 61);
    qint64 requests = 0;
    qint64 errors = 0;
    for (const auto &point : log.counts.series) {
        EXPECT_EQ(point.start % 60, 0);
        requests += point.requests;
        errors += point.errors;
    }
    EXPECT_EQ(requests, 6);
    EXPECT_EQ(errors, 4);
    EXPECT_EQ(log.counts.firstErrorBucket(), (kNow - 1799) / 60 * 60);
    EXPECT_EQ(log.counts.lastErrorBucket(), (kNow - 60) / 60 * 60);
    EXPECT_EQ(log.counts.unparsed, 0);
    EXPECT_FALSE(log.truncated);
}

TEST(TrafficModel, Combined_IsReadWithNginxsPredefinedFormat)
{
    TrafficModel::Log log;
    log.path = kStaticLog;
    log.formatName = QStringLiteral("combined");
    log.format = "combined";
    const TrafficModel::Log counted
            = read(log, combinedLine(kNow - 10, 503) + combinedLine(kNow - 5, 200));
    ASSERT_TRUE(counted.read);
    EXPECT_EQ(counted.counts.requests, 2);
    EXPECT_EQ(counted.counts.errors, 1);
    EXPECT_EQ(counted.counts.statuses5xx.value(0), qMakePair(503, qint64(1)));
}

TEST(TrafficModel, GarbageAndTruncatedLines_AreUnparsed_NeverCounted)
{
    const QByteArray good = gslabLine(kNow - 100, 200);
    QByteArray lines = good;
    lines += QByteArrayLiteral(
            "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 binary from a TLS client\n");
    lines += "GET / HTTP/1.1 502 this is not an access log line\n";
    lines += good.left(good.size() / 2) + "\n"; // cut mid-way, as a full disk or a crash leaves it
    lines += good.left(40);                     // the last line, still being written
    const TrafficModel::Log log = read(gslabLog(), lines);
    ASSERT_TRUE(log.read);
    EXPECT_EQ(log.counts.requests, 1);
    EXPECT_EQ(log.counts.errors, 0);
    EXPECT_EQ(log.counts.unparsed, 4);
    ASSERT_FALSE(log.counts.unparsedExamples.isEmpty());
    EXPECT_EQ(log.counts.unparsedExamples.first().line, 2);
    EXPECT_EQ(log.counts.unparsedExamples.first().source, kAppLog);
}

TEST(TrafficModel, WindowBoundary_TheFirstSecondIsIn_TheOneBeforeIsOut)
{
    const qint64 since = kNow - kHour;
    QByteArray lines;
    lines += gslabLine(since - 3600, 502); // an hour before the window
    lines += gslabLine(since - 1, 502);    // the last second before it
    lines += gslabLine(since, 502);        // its first second
    lines += gslabLine(kNow, 200);         // now
    lines += gslabLine(kNow + 5, 502);     // logged after the clock was read: not in the window
    const TrafficModel::Log log = read(gslabLog(), lines);
    ASSERT_TRUE(log.read);
    EXPECT_EQ(log.counts.requests, 2);
    EXPECT_EQ(log.counts.errors, 1);
    EXPECT_EQ(log.counts.series.first().start, since / 60 * 60);
    EXPECT_EQ(log.counts.series.first().errors, 1);
}

TEST(TrafficModel, TailStartingInsideTheWindow_SaysFromWhenItCounted)
{
    const QByteArray lines = gslabLine(kNow - 600, 502) + gslabLine(kNow - 30, 200);
    const TrafficModel::Log log = read(
            gslabLog(), lines, "gs-tail: " + kAppLog.toUtf8() + " size=9000000 offset=4805696\n");
    ASSERT_TRUE(log.read);
    EXPECT_TRUE(log.truncated);
    EXPECT_EQ(log.coveredFrom, (kNow - 600) / 60 * 60);
    // A whole log that began inside the window is not cut short.
    const TrafficModel::Log whole
            = read(gslabLog(), lines, "gs-tail: " + kAppLog.toUtf8() + " size=400 offset=0\n");
    EXPECT_FALSE(whole.truncated);
}

TEST(TrafficModel, BucketsWidenForLongWindows)
{
    EXPECT_EQ(TrafficModel::bucketSecondsFor(3600), 60);
    EXPECT_EQ(TrafficModel::bucketSecondsFor(15 * 60), 60);
    EXPECT_EQ(TrafficModel::bucketSecondsFor(24 * 3600), 720);
    EXPECT_LE(7 * 24 * 3600 / TrafficModel::bucketSecondsFor(7 * 24 * 3600), 120);
}

TEST(TrafficModel, ConfiguredLogs_LeaveOutOffSyslogPipesAndVariables)
{
    const auto parsed = gs::nginx::ConfigParser::parseDump(
            QStringLiteral("# configuration file /etc/nginx/nginx.conf:\n"
                           "http {\n"
                           "  log_format timed '$remote_addr [$time_iso8601] \"$request\" $status "
                           "rt=$request_time';\n"
                           "  access_log /var/log/nginx/access.log timed;\n"
                           "  server { listen 80; access_log off; }\n"
                           "  server { listen 81; access_log syslog:server=unix:/dev/log; }\n"
                           "  server { listen 82; access_log \"|/usr/bin/logger -t nginx\"; }\n"
                           "  server { listen 83; access_log /var/log/nginx/$host.log; }\n"
                           "  server { listen 84; access_log /var/log/nginx/shop.log; }\n"
                           "}\n"));
    ASSERT_TRUE(parsed);
    const auto model
            = gs::nginx::ConfigModel::build(gs::nginx::ConfigParser::expandIncludes(*parsed), {});
    const QList<TrafficModel::Log> logs = TrafficModel::configuredLogs(model, {});
    ASSERT_EQ(logs.size(), 2);
    EXPECT_EQ(logs.at(0).path, QStringLiteral("/var/log/nginx/access.log"));
    EXPECT_EQ(logs.at(0).formatName, QStringLiteral("timed"));
    EXPECT_EQ(logs.at(1).path, QStringLiteral("/var/log/nginx/shop.log"));
    EXPECT_EQ(logs.at(1).format, QByteArray("combined"));
}

TEST(ErrorRateCheck, Judge_WarningAboveFivePercent_CriticalAboveTheUsersThreshold)
{
    using V = ErrorRateCheck::Verdict;
    EXPECT_EQ(ErrorRateCheck::judge(100, 3, 20), V::None);
    EXPECT_EQ(ErrorRateCheck::judge(100, 5, 20), V::None); // "above": 5 % is not
    EXPECT_EQ(ErrorRateCheck::judge(100, 10, 20), V::Warning);
    EXPECT_EQ(ErrorRateCheck::judge(100, 20, 20), V::Warning);
    EXPECT_EQ(ErrorRateCheck::judge(100, 30, 20), V::Critical);
    // The user's threshold moves the critical line, both ways.
    EXPECT_EQ(ErrorRateCheck::judge(100, 30, 50), V::Warning);
    EXPECT_EQ(ErrorRateCheck::judge(100, 10, 8), V::Critical);
    EXPECT_EQ(ErrorRateCheck::judge(100, 4, 3), V::Critical);
    // Too few requests to mean anything, whatever the share.
    EXPECT_EQ(ErrorRateCheck::judge(ErrorRateCheck::kMinRequests - 1, 100, 20), V::None);
    EXPECT_EQ(ErrorRateCheck::judge(ErrorRateCheck::kMinRequests, 100, 20), V::Critical);
}

TEST(ErrorRateCheck, ThreePercent_RaisesNothing_AndPasses)
{
    const DiagnosisReport report = evaluateTraffic(withLogs(traffic(100, 3)));
    EXPECT_EQ(errorRate(report), nullptr);
    ASSERT_NE(rateCheck(report), nullptr);
    EXPECT_EQ(rateCheck(report)->status, CheckStatus::Pass)
            << rateCheck(report)->summary.toStdString();
    EXPECT_TRUE(rateCheck(report)->summary.contains(QLatin1String("3 of 102 requests")))
            << rateCheck(report)->summary.toStdString();
}

TEST(ErrorRateCheck, TenPercent_IsAWarning_CarryingTheSeriesAndTheEvidence)
{
    const DiagnosisReport report = evaluateTraffic(withLogs(traffic(100, 10)));
    const Finding *finding = errorRate(report);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Finding::Severity::Warning);
    EXPECT_EQ(finding->count, 10);
    EXPECT_EQ(rateCheck(report)->status, CheckStatus::Warn);
    // Evidence: the log, the counts, the share, the statuses, the window; then the series.
    ASSERT_GE(finding->evidence.size(), 2);
    EXPECT_EQ(finding->evidence.at(0).source, kAppLog);
    EXPECT_EQ(finding->evidence.at(0).text,
              QStringLiteral("10 of 100 requests (10.0 %) answered 5xx from 12:49 to 13:49 UTC "
                             "(the last 1h); busiest: 502 × 10"));
    EXPECT_TRUE(finding->evidence.at(1).text.startsWith(QLatin1String("requests/5xx per 1m: ")))
            << finding->evidence.at(1).text.toStdString();
    EXPECT_TRUE(finding->evidence.at(1).text.contains(QLatin1String("/1")));
    // The structured series: every minute of the window, the 5xx where they were.
    ASSERT_TRUE(finding->series.has_value());
    EXPECT_EQ(finding->series->source, kAppLog);
    EXPECT_EQ(finding->series->bucketSeconds, 60);
    EXPECT_EQ(finding->series->points.size(), 61);
    qint64 errors = 0;
    for (const auto &point : finding->series->points)
        errors += point.errors;
    EXPECT_EQ(errors, 10);
    EXPECT_TRUE(finding->firstSeen.isValid());
    EXPECT_LE(finding->firstSeen, finding->lastSeen);
    // The JSON carries it whole, and reads back.
    const auto back = Finding::fromJson(finding->toJson());
    ASSERT_TRUE(back && back->series);
    EXPECT_EQ(*back->series, *finding->series);
    EXPECT_EQ(finding->toJson()[QStringLiteral("series")][QStringLiteral("points")][0]
                      .toObject()
                      .keys(),
              (QStringList{
                      QStringLiteral("5xx"), QStringLiteral("requests"), QStringLiteral("start")}));
}

TEST(ErrorRateCheck, ThirtyPercent_IsCritical_AtTheDefaultThreshold)
{
    const DiagnosisReport report = evaluateTraffic(withLogs(traffic(100, 30)));
    const Finding *finding = errorRate(report);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Finding::Severity::Critical);
    EXPECT_EQ(rateCheck(report)->status, CheckStatus::Fail);
    EXPECT_EQ(report.exitCode(), 2);
    EXPECT_TRUE(finding->explanation.contains(QLatin1String("above 20.0 %")))
            << finding->explanation.toStdString();
}

TEST(ErrorRateCheck, TheUsersThreshold_ChangesTheSeverity)
{
    RawObservations raw = withLogs(traffic(100, 30));
    raw.errorRateThresholdPercent = 50;
    const DiagnosisReport lenient = evaluateTraffic(raw);
    ASSERT_NE(errorRate(lenient), nullptr);
    EXPECT_EQ(errorRate(lenient)->severity, Finding::Severity::Warning);
    raw = withLogs(traffic(100, 10));
    raw.errorRateThresholdPercent = 8;
    const DiagnosisReport strict = evaluateTraffic(raw);
    ASSERT_NE(errorRate(strict), nullptr);
    EXPECT_EQ(errorRate(strict)->severity, Finding::Severity::Critical);
    // And it is kept with the observations, so a replay judges alike.
    EXPECT_EQ(RawObservations::fromJson(raw.toJson()).errorRateThresholdPercent, 8);
    EXPECT_EQ(RawObservations::fromJson({}).errorRateThresholdPercent,
              gs::checks::kDefaultErrorRateThresholdPercent);
}

TEST(ErrorRateCheck, OnlyNotFound_EmptyLog_Garbage_OrTooFew_RaiseNothing)
{
    for (const QByteArray &lines : {traffic(200, 0, 404),
                                    QByteArray(),
                                    QByteArray("garbage 502 502 502\n").repeated(50),
                                    traffic(ErrorRateCheck::kMinRequests - 3, 10)}) {
        const DiagnosisReport report = evaluateTraffic(withLogs(lines));
        EXPECT_EQ(errorRate(report), nullptr) << lines.left(200).constData();
        EXPECT_EQ(rateCheck(report)->status, CheckStatus::Pass)
                << rateCheck(report)->summary.toStdString();
    }
}

TEST(ErrorRateCheck, UnparsedLines_AreNamedInTheEvidence)
{
    const DiagnosisReport report
            = evaluateTraffic(withLogs(traffic(100, 40) + "not a request at all\n"));
    const Finding *finding = errorRate(report);
    ASSERT_NE(finding, nullptr);
    bool named = false;
    for (const auto &evidence : finding->evidence)
        named = named
                || evidence.text.startsWith(
                        QLatin1String("1 line(s) in the window do not match log_format gslab"));
    EXPECT_TRUE(named);
}

TEST(ErrorRateCheck, AllLogsTogether_CanBeAboveWhereNoneIsAlone)
{
    // Two sites with 15 requests each (too few alone), 8 of each failing.
    RawObservations raw = healthyTraffic();
    setLog(raw, kAppLog, traffic(15, 8));
    QByteArray statics;
    for (int i = 0; i < 15; ++i)
        statics += combinedLine(kNow - 900 + i, i < 8 ? 503 : 200);
    setLog(raw, kStaticLog, statics);
    const DiagnosisReport report = evaluateTraffic(raw);
    const Finding *finding = errorRate(report);
    ASSERT_NE(finding, nullptr);
    EXPECT_EQ(finding->severity, Finding::Severity::Critical);
    EXPECT_EQ(finding->evidence.at(0).source, QStringLiteral("all access logs"));
    ASSERT_TRUE(finding->series);
    EXPECT_EQ(finding->series->source, QStringLiteral("all access logs"));
}

TEST(ErrorRateCheck, Unreadable_IsAGapWithTheReason_NeverAPass)
{
    RawObservations raw = healthyTraffic();
    for (const QString &path : {kAppLog, kStaticLog})
        setLog(raw, path, {}, 66, "gs-tail: " + path.toUtf8() + ": Permission denied\n");
    DiagnosisReport report = evaluateTraffic(raw);
    ASSERT_NE(rateCheck(report), nullptr);
    EXPECT_TRUE(rateCheck(report)->isGap());
    EXPECT_TRUE(rateCheck(report)->summary.startsWith(QLatin1String("needs sudo: could not read ")))
            << rateCheck(report)->summary.toStdString();
    bool listed = false;
    for (const auto &gap : report.coverage.missing) {
        if (gap.check == QLatin1String("traffic.error_rate")) {
            listed = true;
            EXPECT_TRUE(gap.grant.contains(QLatin1String("adm"))) << gap.grant.toStdString();
            EXPECT_FALSE(gap.essential);
        }
    }
    EXPECT_TRUE(listed);

    // One log read, one missing: what was read is told, and the check is still not a pass.
    raw = healthyTraffic();
    setLog(raw, kAppLog, traffic(100, 1));
    setLog(raw,
           kStaticLog,
           {},
           66,
           "gs-tail: " + kStaticLog.toUtf8() + ": No such file or directory\n");
    report = evaluateTraffic(raw);
    EXPECT_EQ(rateCheck(report)->status, CheckStatus::Skip);
    EXPECT_TRUE(rateCheck(report)->summary.contains(QLatin1String("1 of 100 requests")));
    EXPECT_TRUE(rateCheck(report)->summary.contains(
            QStringLiteral("could not read %1 (No such file or directory)").arg(kStaticLog)))
            << rateCheck(report)->summary.toStdString();

    // Not collected at all (a capture or bundle without it).
    report = evaluateTraffic(healthyTraffic());
    EXPECT_TRUE(rateCheck(report)->isGap());
    EXPECT_TRUE(rateCheck(report)->summary.contains(QLatin1String("(not collected)")));
}

TEST(ErrorRateCheck, NoAccessLogConfigured_IsSkippedAsNotApplicable)
{
    RawObservations raw = healthyTraffic();
    auto &dump = raw.outputs[gs::checks::ProbeKey{ProbeId::NginxDump, {}}.name()];
    dump.out.replace(QByteArray("access_log " + kAppLog.toUtf8() + " gslab;"), "access_log off;");
    dump.out.replace(QByteArray("access_log " + kStaticLog.toUtf8() + " combined;"),
                     "access_log off;");
    const DiagnosisReport report = evaluateTraffic(raw);
    ASSERT_NE(rateCheck(report), nullptr);
    EXPECT_EQ(rateCheck(report)->status, CheckStatus::Skip);
    EXPECT_FALSE(rateCheck(report)->isGap());
    EXPECT_TRUE(rateCheck(report)->summary.contains(QLatin1String("no access log")));
}

TEST(ErrorRateCheck, ASymptom_ItsCausesComeFirst_AndTakeItsSeverity)
{
    gs::checks::FindingSet findings;
    Finding &rate = findings.get(FindingId::TrafficErrorRateHigh);
    rate.severity = Finding::Severity::Critical;
    rate.addOccurrence(kAppLog, QStringLiteral("30 of 100 requests"));
    Finding &timeout = findings.get(FindingId::UpstreamTimeout, QStringLiteral("127.0.0.1:3000"));
    timeout.addOccurrence(QStringLiteral("error.log"), QStringLiteral("upstream timed out"));
    Finding &busy = findings.get(FindingId::PhpFpmMaxChildrenReached);
    busy.addOccurrence(QStringLiteral("php-fpm.log"), QStringLiteral("server reached"));
    const QList<Finding> ordered = findings.ordered();
    ASSERT_EQ(ordered.size(), 3);
    EXPECT_EQ(ordered.last().id, QStringLiteral("traffic.error_rate_high"));
    for (const Finding &finding : ordered)
        EXPECT_EQ(finding.severity, Finding::Severity::Critical) << finding.id.toStdString();
    // Every 5xx-producing upstream finding (and what causes those) explains the error rate.
    using gs::findings::FindingCatalog;
    for (const auto &entry : FindingCatalog::entries()) {
        if (!entry.name.startsWith(QLatin1String("upstream."))
            || entry.severity == Finding::Severity::Info)
            continue;
        EXPECT_TRUE(FindingCatalog::causes(entry.id, FindingId::TrafficErrorRateHigh))
                << entry.name.toStdString();
    }
    EXPECT_TRUE(
            FindingCatalog::causes(FindingId::PhpFpmNotRunning, FindingId::TrafficErrorRateHigh));
    EXPECT_TRUE(FindingCatalog::causes(FindingId::AppServiceDown, FindingId::TrafficErrorRateHigh));
    EXPECT_FALSE(
            FindingCatalog::causes(FindingId::TrafficErrorRateHigh, FindingId::UpstreamTimeout));
}

TEST(ErrorRateCheck, ASiteFailingNow_IsStillToldBesideTheRate)
{
    // The last minute only: the capture's error log holds the lab's earlier breakages, whose
    // critical findings would explain the failing site.
    QByteArray lines;
    for (int i = 0; i < 40; ++i)
        lines += gslabLine(kNow - 50 + i, i % 3 ? 502 : 200);
    RawObservations raw = withLogs(lines);
    raw.windowSeconds = 60;
    for (auto it = raw.outputs.begin(); it != raw.outputs.end(); ++it) {
        if (it.key().startsWith(QLatin1String("site:http://127.0.0.1:22792/")))
            it->out.replace("http=200", "http=502");
    }
    const DiagnosisReport report = evaluateTraffic(raw);
    ASSERT_NE(errorRate(report), nullptr);
    bool siteFailing = false;
    for (const Finding &finding : report.findings)
        siteFailing = siteFailing || finding.is(FindingId::TrafficSiteFailing);
    QStringList all;
    for (const Finding &finding : report.findings)
        all << finding.id + QLatin1Char('/') + Finding::severityName(finding.severity) + u'/'
                        + Finding::stateName(finding.state);
    EXPECT_TRUE(siteFailing) << all.join(u' ').toStdString();
}

TEST(ErrorRatePlan, ReadsEachConfiguredAccessLog_InTheThirdRound_Privileged)
{
    const DiagnosisModel model = DiagnosisModel::build(healthyTraffic());
    using gs::checks::DiagnosisPlanner;
    using gs::checks::Round;
    const auto needed = DiagnosisPlanner::needed(DiagnosisEngine::checklist());
    QStringList keys;
    for (const auto &command : DiagnosisPlanner::round(Round::Targets, model, needed)) {
        if (!command.key.startsWith(QLatin1String("accesslog:")))
            continue;
        keys << command.key;
        EXPECT_TRUE(command.privileged);
        EXPECT_TRUE(command.command.contains(QLatin1String("gs-tail:")));
        EXPECT_TRUE(command.command.contains(QString::number(kNow - kHour)));
        EXPECT_TRUE(command.command.contains(QLatin1String("4194304")));
    }
    EXPECT_EQ(keys,
              (QStringList{QStringLiteral("accesslog:") + kAppLog,
                           QStringLiteral("accesslog:") + kStaticLog}));
}

TEST(ErrorRateSetting, ParsesPercentages_AndKeepsThemInTheSettingsFile)
{
    EXPECT_EQ(ErrorRateSetting::parse(u"20"), 20);
    EXPECT_EQ(ErrorRateSetting::parse(u" 12.5% "), 12.5);
    EXPECT_EQ(ErrorRateSetting::parse(u"100"), 100);
    EXPECT_FALSE(ErrorRateSetting::parse(u"0"));
    EXPECT_FALSE(ErrorRateSetting::parse(u"-5"));
    EXPECT_FALSE(ErrorRateSetting::parse(u"101"));
    EXPECT_FALSE(ErrorRateSetting::parse(u"twenty"));
    EXPECT_FALSE(ErrorRateSetting::parse(u"nan"));

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("gatescope.conf")), QSettings::IniFormat);
    EXPECT_EQ(ErrorRateSetting::load(settings), gs::checks::kDefaultErrorRateThresholdPercent);
    ErrorRateSetting::store(settings, 35);
    EXPECT_EQ(ErrorRateSetting::load(settings), 35);
    settings.setValue(ErrorRateSetting::key(), QStringLiteral("15%"));
    EXPECT_EQ(ErrorRateSetting::load(settings), 15);
    settings.setValue(ErrorRateSetting::key(), QStringLiteral("lots"));
    EXPECT_EQ(ErrorRateSetting::load(settings), gs::checks::kDefaultErrorRateThresholdPercent);
}

TEST(ErrorRateCheck, FailuresThatStopped_ArePast_OnceRequestsAreAnsweredAgain)
{
    QByteArray lines;
    for (int i = 0; i < 30; ++i)
        lines += gslabLine(kNow - 3000 + i, 502);
    for (int i = 0; i < 70; ++i)
        lines += gslabLine(kNow - 1200 + i * 10, 200);
    const DiagnosisReport ended = evaluateTraffic(withLogs(lines));
    const Finding *past = errorRate(ended);
    ASSERT_NE(past, nullptr);
    EXPECT_EQ(past->state, Finding::State::Past);
    EXPECT_EQ(past->severity, Finding::Severity::Warning); // 30 % once, never critical now
    EXPECT_TRUE(past->resolvedBy.startsWith(QLatin1String("no 5xx since 13:00:59 over 70 ")))
            << past->resolvedBy.toStdString();

    // Still failing in the last minutes while the sites answer: on and off, as critical as it is.
    const DiagnosisReport ongoing = evaluateTraffic(withLogs(traffic(100, 30)));
    ASSERT_NE(errorRate(ongoing), nullptr);
    EXPECT_EQ(errorRate(ongoing)->state, Finding::State::Intermittent);
    EXPECT_EQ(errorRate(ongoing)->severity, Finding::Severity::Critical);
}
