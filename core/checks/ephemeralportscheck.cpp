#include "checks/ephemeralportscheck.h"

#include <QSet>

#include <algorithm>

namespace gs::checks {

using findings::FindingId;

namespace {

constexpr double kExhaustedShare = 0.7;     // of the local port range, all destinations
constexpr double kPeerExhaustedShare = 0.5; // towards one upstream address
constexpr qint64 kManyShortConnections = 500;

QString where(const nginx::ConfigModel::Source &source)
{
    return QStringLiteral("%1:%2").arg(source.file).arg(source.line);
}

// Many short connections to `peer` wait in TIME_WAIT: without keepalive to it (in an upstream{}
// block), nginx opens a new connection per request.
void raiseKeepaliveMissing(const DiagnosisModel &model,
                           FindingSet &findings,
                           const QString &peer,
                           const UpstreamTarget &target,
                           qint64 waiting)
{
    const auto *group = model.nginx ? model.nginx->upstream(target.pass.upstreamName) : nullptr;
    if (group && !target.pass.upstreamName.isEmpty() && group->keepalive > 0)
        return;
    auto &finding = findings.get(FindingId::UpstreamKeepaliveMissing, peer);
    finding.addOccurrence(QStringLiteral("ss -tan state time-wait"),
                          QStringLiteral("%1 short connections to %2 wait in TIME_WAIT, "
                                         "and %3")
                                  .arg(waiting)
                                  .arg(peer,
                                       group ? QStringLiteral("upstream %1 (%2) has no "
                                                              "keepalive")
                                                       .arg(group->name, where(group->source))
                                             : QStringLiteral("%1 %2 (%3) dials the "
                                                              "address directly, without "
                                                              "an upstream{} block")
                                                       .arg(target.pass.directive,
                                                            target.pass.raw,
                                                            where(target.pass.source))));
    finding.configFile = group ? group->source.file : target.pass.source.file;
    finding.configLine = group ? group->source.line : target.pass.source.line;
    const QString fix
            = group ? QStringLiteral("Add `keepalive 32;` to upstream %1 (%2) and, in the "
                                     "location, `proxy_http_version 1.1;` and "
                                     "`proxy_set_header Connection \"\";`.")
                              .arg(group->name, where(group->source))
                    : QStringLiteral("Put %1 in an `upstream app { server %1; keepalive "
                                     "32; }` block, pass to it (%2), and set "
                                     "`proxy_http_version 1.1;` and "
                                     "`proxy_set_header Connection \"\";`.")
                              .arg(peer, where(target.pass.source));
    if (!finding.remedy.contains(fix))
        finding.remedy.prepend(fix);
}

} // namespace

CheckResult EphemeralPortsCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const HostModel &host = model.host;
    if (!host.systemRead)
        return result(CheckStatus::Skip, QStringLiteral("the system's state could not be read"));
    if (host.timeWait < 0)
        return result(
                CheckStatus::Skip,
                QStringLiteral("ss is not installed, so TIME_WAIT sockets cannot be counted"));
    const int range = host.portRangeSize();
    if (range <= 0)
        return result(CheckStatus::Skip, QStringLiteral("the local port range could not be read"));
    const QString rangeText = QStringLiteral("local port range %1-%2 (%3 ports)")
                                      .arg(host.portLow)
                                      .arg(host.portHigh)
                                      .arg(range);
    QStringList problems;
    QStringList notes;
    if (static_cast<double>(host.timeWait) >= kExhaustedShare * range) {
        auto &finding = findings.get(FindingId::UpstreamEphemeralPortsExhausted);
        finding.addOccurrence(
                QStringLiteral("ss -tan state time-wait"),
                QStringLiteral("%1 sockets in TIME_WAIT; %2").arg(host.timeWait).arg(rangeText));
        findings.confirmLive(finding);
        problems << QStringLiteral("%1 TIME_WAIT sockets, %2").arg(host.timeWait).arg(rangeText);
    }

    QSet<QString> seen;
    const qint64 many = std::max<qint64>(kManyShortConnections, range / 20);
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive != QLatin1String("proxy_pass")
            && target.pass.directive != QLatin1String("fastcgi_pass")
            && target.pass.directive != QLatin1String("uwsgi_pass")
            && target.pass.directive != QLatin1String("grpc_pass"))
            continue;
        for (const QString &peer : target.peers) {
            if (peer.startsWith(QLatin1String("unix:")) || seen.contains(peer))
                continue;
            seen.insert(peer);
            const qint64 waiting = host.timeWaitEndpoint.value(peer);
            if (waiting <= 0)
                continue;
            notes << QStringLiteral("%1 TIME_WAIT to %2").arg(waiting).arg(peer);
            if (static_cast<double>(waiting) >= kPeerExhaustedShare * range) {
                auto &finding = findings.get(FindingId::UpstreamEphemeralPortsExhausted, peer);
                finding.addOccurrence(QStringLiteral("ss -tan state time-wait"),
                                      QStringLiteral("%1 sockets to %2 in TIME_WAIT; %3")
                                              .arg(waiting)
                                              .arg(peer, rangeText));
                finding.configFile = target.pass.source.file;
                finding.configLine = target.pass.source.line;
                findings.confirmLive(finding);
                problems << QStringLiteral("%1 TIME_WAIT to %2").arg(waiting).arg(peer);
            }
            if (waiting < many)
                continue;
            raiseKeepaliveMissing(model, findings, peer, target, waiting);
        }
    }
    if (!problems.isEmpty())
        return result(CheckStatus::Fail, problems.join(QLatin1String("; ")));
    QString summary
            = QStringLiteral("%1 sockets in TIME_WAIT; %2").arg(host.timeWait).arg(rangeText);
    if (!notes.isEmpty())
        summary += QStringLiteral("; ") + notes.join(QLatin1String(", "));
    return result(CheckStatus::Pass, summary);
}

} // namespace gs::checks
