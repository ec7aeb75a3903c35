#include "checks/errorratecheck.h"

#include "checks/probeplans.h"
#include "logs/duration.h"

#include <algorithm>
#include <climits>

namespace gs::checks {

using findings::Finding;
using findings::FindingId;

namespace {

// "12:05" in UTC: the series and the window are told in the report's zone.
QString minute(qint64 epoch)
{
    return QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC).toString(QStringLiteral("HH:mm"));
}

QString percentText(double percent)
{
    return QString::number(percent, 'f', 1) + QStringLiteral(" %");
}

QString statusesText(const TrafficCounts &counts)
{
    QStringList parts;
    for (const auto &[status, count] : counts.statuses5xx)
        parts << QStringLiteral("%1 × %2").arg(status).arg(count);
    return parts.join(QLatin1String(", "));
}

// "57 of 300 requests (19.0 %) answered 5xx from 12:00 to 13:00 UTC (the last 1h); busiest:
// 502 × 50, 504 × 7"
QString shareText(const TrafficCounts &counts, const TrafficModel &traffic, qint64 from)
{
    return QStringLiteral("%1 of %2 requests (%3) answered 5xx from %4 to %5 UTC (the last %6)%7")
            .arg(counts.errors)
            .arg(counts.requests)
            .arg(percentText(counts.percent()),
                 minute(from),
                 minute(traffic.windowEnd),
                 logs::formatDuration(traffic.windowEnd - 1 - traffic.windowStart),
                 counts.statuses5xx.isEmpty()
                         ? QString()
                         : QStringLiteral("; busiest: ") + statusesText(counts));
}

// "requests/5xx per 1m: 12:00 40/0, 12:01 38/12, ...": the buckets that saw requests, from the
// first 5xx on (the structured series has every bucket).
QString seriesText(const TrafficCounts &counts)
{
    constexpr int kMaxPoints = 30;
    QStringList points;
    const qint64 first = counts.firstErrorBucket();
    for (const TrafficCounts::Point &point : counts.series) {
        if (point.start < first || point.requests == 0)
            continue;
        points << QStringLiteral("%1 %2/%3")
                          .arg(minute(point.start))
                          .arg(point.requests)
                          .arg(point.errors);
    }
    const qsizetype dropped = std::max<qsizetype>(0, points.size() - kMaxPoints);
    points = points.mid(dropped);
    return QStringLiteral("requests/5xx per %1%2: %3")
            .arg(logs::formatDuration(counts.bucketSeconds),
                 dropped > 0 ? QStringLiteral(" (last %1 with requests)").arg(kMaxPoints)
                             : QString(),
                 points.join(QLatin1String(", ")));
}

findings::RateSeries rateSeries(const TrafficCounts &counts, const QString &source)
{
    findings::RateSeries series;
    series.source = source;
    series.bucketSeconds = counts.bucketSeconds;
    for (const TrafficCounts::Point &point : counts.series)
        series.points.append({point.start, point.requests, point.errors});
    return series;
}

// What the read logs could not say: those not read, those whose tail began inside the window.
QStringList gaps(const TrafficModel &traffic)
{
    QStringList parts;
    for (const TrafficModel::Log &log : traffic.logs) {
        if (!log.read)
            parts << QStringLiteral("could not read %1 (%2)").arg(log.path, log.whyNot);
        else if (log.truncated)
            parts << QStringLiteral("%1 was read from %2 UTC on only (its last %3 MiB)")
                             .arg(log.path, minute(log.coveredFrom))
                             .arg(probeplans::kLogTailBytes / (1024 * 1024));
    }
    if (traffic.logsNotRead > 0)
        parts << QStringLiteral("%1 more access log(s) not read").arg(traffic.logsNotRead);
    return parts;
}

// One log (or all of them together) judged against the thresholds.
struct Judged
{
    QString source;
    const TrafficCounts *counts = nullptr;
    qint64 from = 0; // where its counts begin (the window, or a truncated tail's first minute)
    ErrorRateCheck::Verdict verdict = ErrorRateCheck::Verdict::None;
};

QList<Judged> judgeAll(const TrafficModel &traffic)
{
    QList<Judged> all;
    int read = 0;
    for (const TrafficModel::Log &log : traffic.logs) {
        if (!log.read)
            continue;
        ++read;
        all.append({log.path,
                    &log.counts,
                    log.truncated ? log.coveredFrom : traffic.windowStart,
                    ErrorRateCheck::judge(
                            log.counts.requests, log.counts.percent(), traffic.criticalPercent)});
    }
    // Several small sites failing together can be above a threshold only together: the logs
    // together are told when they say more than the worst log alone.
    if (read > 1) {
        const auto together = ErrorRateCheck::judge(
                traffic.total.requests, traffic.total.percent(), traffic.criticalPercent);
        bool saysMore = true;
        for (const Judged &one : std::as_const(all))
            saysMore = saysMore && together > one.verdict;
        if (saysMore)
            all.append({QStringLiteral("all access logs"),
                        &traffic.total,
                        traffic.windowStart,
                        together});
    }
    return all;
}

// Lines that did not match the log's format: counted, never fatal, shown so a wrong format is
// seen (a share of the rest would then say little).
void addUnparsed(Finding &finding, const TrafficModel &traffic)
{
    for (const TrafficModel::Log &log : traffic.logs) {
        if (!log.read || log.counts.unparsed == 0)
            continue;
        QString text = QStringLiteral("%1 line(s) in the window do not match log_format %2 and "
                                      "are not counted")
                               .arg(log.counts.unparsed)
                               .arg(log.formatName);
        if (!log.counts.unparsedExamples.isEmpty()) {
            const logs::UnparsedExample &example = log.counts.unparsedExamples.first();
            text += QStringLiteral(", e.g. line %1: %2").arg(example.line).arg(example.text);
        }
        finding.evidence.append({log.path, text});
    }
}

void raise(FindingSet &findings, const TrafficModel &traffic, const QList<Judged> &fired)
{
    Finding &finding = findings.get(FindingId::TrafficErrorRateHigh);
    ErrorRateCheck::Verdict worst = ErrorRateCheck::Verdict::None;
    const Judged *widest = nullptr;
    for (const Judged &judged : fired) {
        worst = std::max(worst, judged.verdict);
        finding.evidence.append({judged.source, shareText(*judged.counts, traffic, judged.from)});
        finding.evidence.append({judged.source, seriesText(*judged.counts)});
        if (!widest || judged.counts->requests > widest->counts->requests)
            widest = &judged;
    }
    addUnparsed(finding, traffic);
    finding.severity = worst == ErrorRateCheck::Verdict::Critical ? Finding::Severity::Critical
                                                                  : Finding::Severity::Warning;
    // The series of the widest view: all logs together when they were judged together.
    finding.series = rateSeries(*widest->counts, widest->source);
    finding.count = static_cast<int>(std::min<qint64>(widest->counts->errors, INT_MAX));
    const qint64 bucket = widest->counts->bucketSeconds;
    finding.firstSeen = QDateTime::fromSecsSinceEpoch(widest->counts->firstErrorBucket(), Qt::UTC);
    finding.lastSeen = QDateTime::fromSecsSinceEpoch(
            std::min(widest->counts->lastErrorBucket() + bucket, traffic.windowEnd) - 1, Qt::UTC);
    finding.explanation += QStringLiteral(" Above %1 of requests it is a warning, above %2 (the "
                                          "threshold set for this diagnosis) critical; a "
                                          "share is judged only over at least %3 requests.")
                                   .arg(percentText(ErrorRateCheck::kWarningPercent),
                                        percentText(traffic.criticalPercent))
                                   .arg(ErrorRateCheck::kMinRequests);
}

} // namespace

ErrorRateCheck::Verdict
ErrorRateCheck::judge(qint64 requests, double percent, double criticalPercent)
{
    if (requests < kMinRequests)
        return Verdict::None;
    if (percent > criticalPercent)
        return Verdict::Critical;
    if (percent > kWarningPercent)
        return Verdict::Warning;
    return Verdict::None;
}

CheckResult ErrorRateCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const TrafficModel &traffic = model.traffic;
    if (!traffic.configured) {
        if (!model.facts.nginx.installed)
            return notApplicable(QStringLiteral("nginx is not installed"));
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its access "
                                     "logs are unknown"));
    }
    if (traffic.logs.isEmpty())
        return notApplicable(QStringLiteral("no access log file is configured (access_log off, "
                                            "or to syslog): the 5xx share cannot be counted"));
    const QStringList unseen = gaps(traffic);
    const QList<Judged> judged = judgeAll(traffic);
    if (judged.isEmpty()) {
        const bool denied = std::any_of(
                traffic.logs.cbegin(), traffic.logs.cend(), [](const TrafficModel::Log &log) {
                    return log.whyNot.contains(QLatin1String("Permission denied"));
                });
        return result(CheckStatus::Skip,
                      (denied ? QStringLiteral("needs sudo: ") : QString())
                              + unseen.join(QLatin1String("; ")));
    }
    QList<Judged> fired;
    for (const Judged &one : judged) {
        if (one.verdict != Verdict::None)
            fired.append(one);
    }
    const TrafficCounts &total = traffic.total;
    QString summary
            = QStringLiteral("%1 of %2 requests answered 5xx (%3) in the last %4")
                      .arg(total.errors)
                      .arg(total.requests)
                      .arg(percentText(total.percent()),
                           logs::formatDuration(traffic.windowEnd - 1 - traffic.windowStart));
    if (total.requests < kMinRequests)
        summary += QStringLiteral(": too few to judge a share (%1 needed)").arg(kMinRequests);
    if (!unseen.isEmpty())
        summary += QStringLiteral("; ") + unseen.join(QLatin1String("; "));
    if (fired.isEmpty()) {
        // A log that could not be read may hold the failures: not a pass.
        const bool partial = std::any_of(traffic.logs.cbegin(),
                                         traffic.logs.cend(),
                                         [](const TrafficModel::Log &log) { return !log.read; });
        return result(partial ? CheckStatus::Skip : CheckStatus::Pass, summary);
    }
    raise(findings, traffic, fired);
    const bool critical = std::any_of(fired.cbegin(), fired.cend(), [](const Judged &one) {
        return one.verdict == Verdict::Critical;
    });
    return result(critical ? CheckStatus::Fail : CheckStatus::Warn, summary);
}

} // namespace gs::checks
