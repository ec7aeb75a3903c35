#include "checks/findingtimeline.h"

#include "findings/findingcatalog.h"

#include <QSet>

namespace gs::checks {

using findings::FindingId;

using findings::Finding;

namespace {

enum class Live { Answers, Fails, Unknown };

// The server's own clock face, as its logs show it.
QString serverTime(const DiagnosisModel &model, const QDateTime &utc)
{
    return utc.addSecs(model.raw.utcOffsetSeconds).toString(QStringLiteral("HH:mm:ss"));
}

QString serverTime(const DiagnosisModel &model, qint64 epoch)
{
    return serverTime(model, QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC));
}

// What the live probe of the finding's upstream says now, for findings a connection settles.
Live liveAnswer(const Finding &finding, const DiagnosisModel &model)
{
    const findings::FindingCatalog::Entry *entry = findings::FindingCatalog::find(finding.id);
    if (!entry || !entry->settledByConnect || finding.upstream.isEmpty())
        return Live::Unknown;
    if (finding.upstream.startsWith(QLatin1String("unix:"))) {
        const auto it = model.unixProbes.constFind(finding.upstream.mid(5));
        if (it == model.unixProbes.cend())
            return Live::Unknown;
        return it->exists && it->isSocket ? Live::Answers : Live::Fails;
    }
    const auto it = model.tcpProbes.constFind(finding.upstream);
    if (it == model.tcpProbes.cend())
        return Live::Unknown;
    switch (it->outcome) {
    case TcpProbe::Outcome::Open: return Live::Answers;
    case TcpProbe::Outcome::Refused:
    case TcpProbe::Outcome::Timeout:
    case TcpProbe::Outcome::Unreachable: return Live::Fails;
    case TcpProbe::Outcome::Failed:
    case TcpProbe::Outcome::Unknown: return Live::Unknown;
    }
    return Live::Unknown;
}

// A restart or reload after `last` of what wrote or caused the finding's lines.
QString restartAfter(const Finding &finding, const DiagnosisModel &model, qint64 last)
{
    const auto &nginx = model.facts.nginx;
    const bool aboutFpm = finding.id.startsWith(QLatin1String("phpfpm."))
                          || finding.upstream.startsWith(QLatin1String("unix:"));
    if (aboutFpm) {
        for (const auto &master : model.facts.fpm.masters) {
            // The same second counts: a restart is what ends a burst of errors.
            if (master.startedEpoch >= last && master.startedEpoch > 0)
                return QStringLiteral("PHP-FPM (pid %1) started at %2, after the last line")
                        .arg(master.pid)
                        .arg(serverTime(model, master.startedEpoch));
        }
    }
    if (finding.id.startsWith(QLatin1String("nginx."))
        || finding.id.startsWith(QLatin1String("upstream."))) {
        // A reload re-reads the configuration: errors from the old one say nothing of the new.
        if (nginx.startedEpoch > last)
            return QStringLiteral("nginx started at %1, after the last line")
                    .arg(serverTime(model, nginx.startedEpoch));
        if (finding.id.startsWith(QLatin1String("nginx.")) && nginx.workersStartedEpoch > last)
            return QStringLiteral("nginx reloaded at %1, after the last line")
                    .arg(serverTime(model, nginx.workersStartedEpoch));
    }
    return QString();
}

// Whether every site fetched answered below 500 (false when none was fetched).
bool sitesAnswer(const DiagnosisModel &model)
{
    bool any = false;
    for (const SiteProbe &site : model.sites) {
        if (site.httpStatus < 0)
            continue;
        if (site.failing())
            return false;
        any = true;
    }
    return any;
}

void makePast(Finding &finding, const QString &resolvedBy)
{
    finding.state = Finding::State::Past;
    finding.resolvedBy = resolvedBy;
    if (finding.severity == Finding::Severity::Critical)
        finding.severity = Finding::Severity::Warning;
}

// "Refused 5 times between 12:00:01 and 12:00:03; 127.0.0.1:3000 answers now": a restart or
// deploy that dropped requests, with the remedy that makes the next one graceful.
void tellBlip(Finding &finding, const DiagnosisModel &model)
{
    const QString when
            = finding.count == 1
                      ? QStringLiteral("once at %1").arg(serverTime(model, finding.lastSeen))
                      : QStringLiteral("%1 times between %2 and %3")
                                .arg(finding.count)
                                .arg(serverTime(model, finding.firstSeen),
                                     serverTime(model, finding.lastSeen));
    finding.explanation = QStringLiteral("This happened %1 and stopped: %2 answers now "
                                         "(checked at %3). A short burst like this is what a "
                                         "restart or a deploy looks like from nginx.")
                                  .arg(when, finding.upstream, serverTime(model, model.nowUtc));
    finding.remedy = {
            QStringLiteral("Make restarts graceful: let the old process finish its requests "
                           "before it exits (systemd `KillSignal=SIGTERM` with a "
                           "`TimeoutStopSec=` long enough; `pm2 reload` instead of restart; "
                           "gunicorn/uwsgi graceful reload)."),
            QStringLiteral("Give nginx somewhere else to go meanwhile: a second `server` in the "
                           "`upstream` block and `proxy_next_upstream error timeout;`."),
    };
}

// The error rate is settled by the requests themselves: the 5xx stopped a while ago and enough
// requests have been answered since, with the sites answering now, is a failure that ended.
void settleErrorRate(Finding &finding, const DiagnosisModel &model)
{
    const bool answers = sitesAnswer(model);
    qint64 answeredSince = 0;
    const qint64 last = finding.lastSeen.toSecsSinceEpoch();
    if (finding.series) {
        for (const auto &point : finding.series->points) {
            if (point.start > last)
                answeredSince += point.requests - point.errors;
        }
    }
    if (answers && model.nowUtc.toSecsSinceEpoch() - last > FindingTimeline::kRecentSeconds
        && answeredSince >= FindingTimeline::kAnsweredToEndARate) {
        makePast(finding,
                 QStringLiteral("no 5xx since %1 over %2 requests, and the sites answer now")
                         .arg(serverTime(model, finding.lastSeen))
                         .arg(answeredSince));
        return;
    }
    finding.state = answers ? Finding::State::Intermittent : Finding::State::Current;
}

void settleOne(Finding &finding, bool live, const DiagnosisModel &model)
{
    if (!live && finding.is(FindingId::TrafficErrorRateHigh) && finding.lastSeen.isValid()) {
        settleErrorRate(finding, model);
        return;
    }
    if (live || !finding.lastSeen.isValid()) {
        finding.state = Finding::State::Current;
        return;
    }
    const qint64 last = finding.lastSeen.toSecsSinceEpoch();
    const Live answer = liveAnswer(finding, model);
    if (answer == Live::Fails) {
        finding.state = Finding::State::Current;
        return;
    }
    // An upstream the configuration no longer names (nginx was changed and reloaded since).
    // (Addresses only: a group's name is not among the dialled peers.)
    if (model.nginx && finding.upstream.contains(u':')
        && finding.id.startsWith(QLatin1String("upstream."))
        && !model.targetForPeer(finding.upstream)) {
        makePast(finding,
                 QStringLiteral("nginx's configuration no longer passes to %1")
                         .arg(finding.upstream));
        return;
    }
    if (const QString restart = restartAfter(finding, model, last); !restart.isEmpty()) {
        makePast(finding, restart);
        return;
    }
    const qint64 now = model.nowUtc.toSecsSinceEpoch();
    if (answer == Live::Answers) {
        const qint64 span = last - finding.firstSeen.toSecsSinceEpoch();
        const QString answers = QStringLiteral("%1 answers a live probe now (%2)")
                                        .arg(finding.upstream, serverTime(model, model.nowUtc));
        if (span <= FindingTimeline::kBlipSeconds) {
            makePast(finding, answers);
            tellBlip(finding, model);
        } else if (now - last > FindingTimeline::kRecentSeconds) {
            makePast(finding, answers);
        } else {
            finding.state = Finding::State::Intermittent;
        }
        return;
    }
    // No probe settles it: the sites answering now means it strikes some requests, not all.
    finding.state = sitesAnswer(model) ? Finding::State::Intermittent : Finding::State::Current;
}

} // namespace

void FindingTimeline::settle(FindingSet &findings, const DiagnosisModel &model)
{
    findings.forEach([&model](Finding &finding, bool live) { settleOne(finding, live, model); });
}

void FindingTimeline::raiseSiteFailing(FindingSet &findings,
                                       const DiagnosisModel &model,
                                       const QString &notChecked)
{
    QList<const SiteProbe *> failing;
    for (const SiteProbe &site : model.sites) {
        if (site.failing())
            failing << &site;
    }
    if (failing.isEmpty())
        return;
    bool explained = false;
    // A high error rate is the same symptom seen in the logs: it explains no failing site.
    findings.forEach([&explained](Finding &finding, bool) {
        if (finding.state != Finding::State::Past && finding.severity == Finding::Severity::Critical
            && !finding.is(FindingId::TrafficErrorRateHigh))
            explained = true;
    });
    if (explained)
        return;
    auto &finding = findings.get(FindingId::TrafficSiteFailing);
    const QDateTime now = model.nowUtc;
    for (const SiteProbe *site : failing) {
        const QString name = site->displayName();
        finding.addOccurrence(
                QStringLiteral("curl from the server"),
                site->httpStatus == 0
                        ? QStringLiteral("%1 does not answer: %2").arg(name, site->detail)
                        : QStringLiteral("%1 answers %2").arg(name).arg(site->httpStatus),
                now);
        if (finding.configFile.isEmpty()) {
            finding.configFile = site->source.file;
            finding.configLine = site->source.line;
        }
    }
    if (!notChecked.isEmpty())
        finding.explanation
                += QStringLiteral(" What could not be checked here: %1.").arg(notChecked);
    findings.confirmLive(finding);
    finding.state = Finding::State::Current;
}

} // namespace gs::checks
