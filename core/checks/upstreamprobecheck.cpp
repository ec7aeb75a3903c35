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

namespace {

// Reads the probes of each upstream address into findings; keeps the check's problems and how
// many addresses were probed at all.
class ProbeReader
{
public:
    ProbeReader(const DiagnosisModel &model, FindingSet &findings)
        : m_model(model)
        , m_findings(findings)
        , m_worker(model.nginx->user)
        , m_groups(model.workerGroups)
    {}

    void readPeer(const QString &peer, const UpstreamTarget &target);

    QStringList problems;
    int probed = 0;

private:
    void readUnixSocket(const QString &peer, const UpstreamTarget &target);
    void readTcp(const QString &peer, const UpstreamTarget &target);
    void readHttpAnswer(const QString &peer, const UpstreamTarget &target, const TcpProbe &probe);
    void
    raise(FindingId id, const QString &peer, const UpstreamTarget &target, const QString &evidence);
    void makeCritical(FindingId id, const QString &peer);

    const DiagnosisModel &m_model;
    FindingSet &m_findings;
    const QString m_worker;
    const QStringList m_groups;
};

void ProbeReader::raise(FindingId id,
                        const QString &peer,
                        const UpstreamTarget &target,
                        const QString &evidence)
{
    auto &finding = m_findings.get(id, peer);
    finding.addOccurrence(QStringLiteral("probe from the server"), evidence);
    if (finding.configFile.isEmpty()) {
        finding.configFile = target.pass.source.file;
        finding.configLine = target.pass.source.line;
    }
    m_findings.confirmLive(finding);
    problems << QStringLiteral("%1: %2").arg(peer, evidence);
}

void ProbeReader::makeCritical(FindingId id, const QString &peer)
{
    m_findings.get(id, peer).severity = findings::Finding::Severity::Critical;
}

void ProbeReader::readPeer(const QString &peer, const UpstreamTarget &target)
{
    if (peer.startsWith(QLatin1String("unix:")))
        readUnixSocket(peer, target);
    else
        readTcp(peer, target);
}

void ProbeReader::readUnixSocket(const QString &peer, const UpstreamTarget &target)
{
    const QString path = peer.mid(5);
    if (!m_model.unixProbes.contains(path))
        return;
    ++probed;
    const UnixSocketProbe &socket = m_model.unixProbes.value(path);
    if (!socket.exists) {
        raise(FindingId::UpstreamSocketMissing,
              peer,
              target,
              QStringLiteral("%1 does not exist (%2 %3 at %4:%5)")
                      .arg(path, target.pass.directive, target.pass.raw, target.pass.source.file)
                      .arg(target.pass.source.line));
    } else if (!socket.isSocket) {
        raise(FindingId::UpstreamSocketMissing,
              peer,
              target,
              QStringLiteral("%1 exists but is not a socket").arg(path));
    } else if (!m_groups.isEmpty()
               && !UpstreamProbeCheck::workerCanConnect(socket, m_worker, m_groups)) {
        raise(FindingId::UpstreamSocketPermissionDenied,
              peer,
              target,
              QStringLiteral("%1 is owned by %2:%3 with mode %4; nginx's workers run "
                             "as %5 (groups: %6) and cannot connect to it")
                      .arg(path,
                           socket.owner,
                           socket.group,
                           QString::number(socket.mode, 8),
                           m_worker,
                           m_groups.mid(1).join(QLatin1Char(' '))));
    }
}

void ProbeReader::readTcp(const QString &peer, const UpstreamTarget &target)
{
    if (!m_model.tcpProbes.contains(peer))
        return;
    ++probed;
    const TcpProbe &probe = m_model.tcpProbes.value(peer);
    switch (probe.outcome) {
    case TcpProbe::Outcome::Refused:
        raise(FindingId::UpstreamConnectionRefused,
              peer,
              target,
              QStringLiteral("connect to %1: Connection refused").arg(peer));
        break;
    case TcpProbe::Outcome::Unreachable:
        raise(FindingId::UpstreamUnreachable,
              peer,
              target,
              QStringLiteral("connect to %1: %2").arg(peer, probe.detail));
        break;
    case TcpProbe::Outcome::Timeout:
        raise(FindingId::UpstreamTimeout,
              peer,
              target,
              QStringLiteral("connect to %1 timed out (nothing answered: a firewall "
                             "dropping packets, or the host is down)")
                      .arg(peer));
        break;
    case TcpProbe::Outcome::Open: readHttpAnswer(peer, target, probe); break;
    case TcpProbe::Outcome::Failed:
    case TcpProbe::Outcome::Unknown: break;
    }
}

// The port is open: what the one HTTP request got back.
void ProbeReader::readHttpAnswer(const QString &peer,
                                 const UpstreamTarget &target,
                                 const TcpProbe &probe)
{
    if (probe.httpStatus > 0 && probe.seconds * 1000 > target.readTimeoutMs) {
        // Answers, but later than nginx waits: every such request is a 504.
        raise(FindingId::UpstreamTimeout,
              peer,
              target,
              QStringLiteral("GET / on %1 took %2 s; %3 is %4 s, so nginx gives up "
                             "first and answers 504")
                      .arg(peer)
                      .arg(probe.seconds, 0, 'f', 1)
                      .arg(target.readTimeoutDirective)
                      .arg(static_cast<double>(target.readTimeoutMs) / 1000.0));
        makeCritical(FindingId::UpstreamTimeout, peer);
        return;
    }
    if (probe.httpStatus != 0)
        return;
    const QString detail = probe.detail;
    if (detail.contains(QLatin1String("reset"), Qt::CaseInsensitive)) {
        raise(FindingId::UpstreamConnectionReset,
              peer,
              target,
              QStringLiteral("GET / on %1: %2").arg(peer, detail));
    } else if (detail.contains(QLatin1String("Empty reply"), Qt::CaseInsensitive)) {
        raise(FindingId::UpstreamPrematurelyClosed,
              peer,
              target,
              QStringLiteral("GET / on %1: %2").arg(peer, detail));
    } else if (detail.contains(QLatin1String("timed out"), Qt::CaseInsensitive)) {
        raise(FindingId::UpstreamTimeout,
              peer,
              target,
              QStringLiteral("GET / on %1 got no answer: %2").arg(peer, detail));
        makeCritical(FindingId::UpstreamTimeout, peer);
    }
}

} // namespace

CheckResult UpstreamProbeCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstreams "
                                     "are unknown"));
    if (model.upstreams.isEmpty())
        return result(CheckStatus::Pass, QStringLiteral("nginx passes nothing to an upstream"));

    ProbeReader reader(model, findings);
    QSet<QString> seen;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (seen.contains(peer))
                continue;
            seen.insert(peer);
            reader.readPeer(peer, target);
        }
    }
    if (reader.probed == 0)
        return result(CheckStatus::Skip, QStringLiteral("no upstream could be probed"));
    if (reader.problems.isEmpty())
        return result(
                CheckStatus::Pass,
                QStringLiteral("%1 upstream address(es) accept connections").arg(reader.probed));
    return result(CheckStatus::Fail, reader.problems.join(QLatin1String("; ")));
}

} // namespace gs::checks
