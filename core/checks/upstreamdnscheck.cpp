#include "checks/upstreamdnscheck.h"

#include <QHostAddress>
#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

using Lookup = NetworkModel::Lookup;

void raiseDnsFailure(FindingSet &findings,
                     const QString &peer,
                     const QString &host,
                     const UpstreamTarget &target,
                     const Lookup &lookup)
{
    auto &finding = findings.get(FindingId::UpstreamDnsFailure, peer);
    finding.addOccurrence(
            QStringLiteral("getent hosts %1").arg(host),
            QStringLiteral("%1 does not resolve on the server (getent exit "
                           "status %2)%3; used by %4 %5 at %6:%7")
                    .arg(host)
                    .arg(lookup.rc)
                    .arg(lookup.answer.isEmpty() ? QString() : QStringLiteral(": ") + lookup.answer)
                    .arg(target.pass.directive, target.pass.raw, target.pass.source.file)
                    .arg(target.pass.source.line));
    finding.configFile = target.pass.source.file;
    finding.configLine = target.pass.source.line;
    findings.confirmLive(finding);
}

} // namespace

CheckResult UpstreamDnsCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstream "
                                     "names are unknown"));
    QStringList resolved;
    QStringList failed;
    QStringList unknown;
    QSet<QString> done;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            QString host;
            int port = 0;
            if (!FpmModel::splitHostPort(peer, &host, &port) || host.isEmpty())
                continue;
            const auto found = model.network.lookups.constFind(host);
            if (found == model.network.lookups.cend()) {
                if (QHostAddress(host).isNull() && !done.contains(host))
                    unknown << QStringLiteral("%1 (getent is not installed)").arg(host);
                done.insert(host);
                continue;
            }
            const Lookup &lookup = *found;
            if (!lookup.read.ran) {
                if (!done.contains(host))
                    unknown << QStringLiteral("%1 (%2)").arg(host, lookup.read.error);
                done.insert(host);
                continue;
            }
            if (lookup.rc == 0) {
                if (!done.contains(host))
                    resolved << QStringLiteral("%1 → %2").arg(
                            host,
                            lookup.answer.section(QLatin1Char('\n'), 0, 0)
                                    .section(QLatin1Char(' '), 0, 0));
                done.insert(host);
                continue;
            }
            if (lookup.rc == 127) {
                if (!done.contains(host))
                    unknown << QStringLiteral("%1 (getent is not installed)").arg(host);
                done.insert(host);
                continue;
            }
            // getent: 2 = not found; other codes are lookup failures of their own.
            raiseDnsFailure(findings, peer, host, target, lookup);
            if (!done.contains(host))
                failed << host;
            done.insert(host);
        }
    }
    if (!failed.isEmpty())
        return result(CheckStatus::Fail,
                      QStringLiteral("does not resolve: %1").arg(failed.join(QLatin1String(", "))));
    if (resolved.isEmpty() && unknown.isEmpty())
        return result(CheckStatus::Pass,
                      QStringLiteral("every upstream is an IP address or a unix socket"));
    if (resolved.isEmpty())
        return result(
                CheckStatus::Skip,
                QStringLiteral("could not resolve: %1").arg(unknown.join(QLatin1String(", "))));
    return result(CheckStatus::Pass,
                  QStringLiteral("resolved: %1").arg(resolved.join(QLatin1String(", ")))
                          + (unknown.isEmpty() ? QString()
                                               : QStringLiteral("; not checked: ")
                                                         + unknown.join(QLatin1String(", "))));
}

} // namespace gs::checks
