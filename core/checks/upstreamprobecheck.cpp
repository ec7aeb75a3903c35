#include "checks/upstreamprobecheck.h"

#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

bool permits(int mode,
             int ownerBit,
             const QString &owner,
             const QString &group,
             const QString &user,
             const QStringList &groups)
{
    if (user == owner)
        return mode & (ownerBit << 6);
    if (groups.contains(group))
        return mode & (ownerBit << 3);
    return mode & ownerBit;
}

} // namespace

bool UpstreamProbeCheck::workerCanConnect(const UnixSocketProbe &socket,
                                          const QString &user,
                                          const QStringList &groups)
{
    if (user == QLatin1String("root"))
        return true;
    if (!permits(socket.mode, 2, socket.owner, socket.group, user, groups))
        return false;
    for (const auto &dir : socket.parents) {
        if (!permits(dir.mode, 1, dir.owner, dir.group, user, groups))
            return false;
    }
    return true;
}

CheckResult UpstreamProbeCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstreams "
                                     "are unknown"));
    if (model.upstreams.isEmpty())
        return result(CheckStatus::Pass, QStringLiteral("nginx passes nothing to an upstream"));

    const QString worker = model.nginx->user;
    const QStringList groups = model.workerGroups;
    QStringList problems;
    QSet<QString> seen;
    int probed = 0;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (seen.contains(peer))
                continue;
            seen.insert(peer);
            auto raise = [&](FindingId id, const QString &evidence) {
                auto &finding = findings.get(id, peer);
                finding.addOccurrence(QStringLiteral("probe from the server"), evidence);
                if (finding.configFile.isEmpty()) {
                    finding.configFile = target.pass.source.file;
                    finding.configLine = target.pass.source.line;
                }
                findings.confirmLive(finding);
                problems << QStringLiteral("%1: %2").arg(peer, evidence);
            };
            if (peer.startsWith(QLatin1String("unix:"))) {
                const QString path = peer.mid(5);
                if (!model.unixProbes.contains(path))
                    continue;
                ++probed;
                const UnixSocketProbe &socket = model.unixProbes.value(path);
                if (!socket.exists) {
                    raise(FindingId::UpstreamSocketMissing,
                          QStringLiteral("%1 does not exist (%2 %3 at %4:%5)")
                                  .arg(path,
                                       target.pass.directive,
                                       target.pass.raw,
                                       target.pass.source.file)
                                  .arg(target.pass.source.line));
                } else if (!socket.isSocket) {
                    raise(FindingId::UpstreamSocketMissing,
                          QStringLiteral("%1 exists but is not a socket").arg(path));
                } else if (!groups.isEmpty() && !workerCanConnect(socket, worker, groups)) {
                    raise(FindingId::UpstreamSocketPermissionDenied,
                          QStringLiteral("%1 is owned by %2:%3 with mode %4; nginx's workers run "
                                         "as %5 (groups: %6) and cannot connect to it")
                                  .arg(path,
                                       socket.owner,
                                       socket.group,
                                       QString::number(socket.mode, 8),
                                       worker,
                                       groups.mid(1).join(QLatin1Char(' '))));
                }
                continue;
            }
            if (!model.tcpProbes.contains(peer))
                continue;
            ++probed;
            const TcpProbe &probe = model.tcpProbes.value(peer);
            switch (probe.outcome) {
            case TcpProbe::Outcome::Refused:
                raise(FindingId::UpstreamConnectionRefused,
                      QStringLiteral("connect to %1: Connection refused").arg(peer));
                break;
            case TcpProbe::Outcome::Unreachable:
                raise(FindingId::UpstreamUnreachable,
                      QStringLiteral("connect to %1: %2").arg(peer, probe.detail));
                break;
            case TcpProbe::Outcome::Timeout:
                raise(FindingId::UpstreamTimeout,
                      QStringLiteral("connect to %1 timed out (nothing answered: a firewall "
                                     "dropping packets, or the host is down)")
                              .arg(peer));
                break;
            case TcpProbe::Outcome::Open:
                if (probe.httpStatus > 0 && probe.seconds * 1000 > target.readTimeoutMs) {
                    // Answers, but later than nginx waits: every such request is a 504.
                    raise(FindingId::UpstreamTimeout,
                          QStringLiteral("GET / on %1 took %2 s; %3 is %4 s, so nginx gives up "
                                         "first and answers 504")
                                  .arg(peer)
                                  .arg(probe.seconds, 0, 'f', 1)
                                  .arg(target.readTimeoutDirective)
                                  .arg(static_cast<double>(target.readTimeoutMs) / 1000.0));
                    findings.get(FindingId::UpstreamTimeout, peer).severity
                            = findings::Finding::Severity::Critical;
                } else if (probe.httpStatus == 0) {
                    const QString detail = probe.detail;
                    if (detail.contains(QLatin1String("reset"), Qt::CaseInsensitive))
                        raise(FindingId::UpstreamConnectionReset,
                              QStringLiteral("GET / on %1: %2").arg(peer, detail));
                    else if (detail.contains(QLatin1String("Empty reply"), Qt::CaseInsensitive))
                        raise(FindingId::UpstreamPrematurelyClosed,
                              QStringLiteral("GET / on %1: %2").arg(peer, detail));
                    else if (detail.contains(QLatin1String("timed out"), Qt::CaseInsensitive)) {
                        raise(FindingId::UpstreamTimeout,
                              QStringLiteral("GET / on %1 got no answer: %2").arg(peer, detail));
                        findings.get(FindingId::UpstreamTimeout, peer).severity
                                = findings::Finding::Severity::Critical;
                    }
                }
                break;
            case TcpProbe::Outcome::Failed:
            case TcpProbe::Outcome::Unknown: break;
            }
        }
    }
    if (probed == 0)
        return result(CheckStatus::Skip, QStringLiteral("no upstream could be probed"));
    if (problems.isEmpty())
        return result(CheckStatus::Pass,
                      QStringLiteral("%1 upstream address(es) accept connections").arg(probed));
    return result(CheckStatus::Fail, problems.join(QLatin1String("; ")));
}

} // namespace gs::checks
