#pragma once

#include "checks/check.h"

namespace gs::checks {

// Every upstream nginx dials, reached from the server itself: TCP connect (and one HTTP request
// for proxy_pass), unix sockets present, really sockets, and open to nginx's worker user.
class UpstreamProbeCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.reachable"); }
    QString title() const override { return QStringLiteral("upstreams answer"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {TcpUpstream, UnixSocket, WorkerGroups, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;

    // Can `user` (with `groups`) connect to the socket: write on it, search on every parent?
    static bool
    workerCanConnect(const UnixSocketProbe &socket, const QString &user, const QStringList &groups);
};

} // namespace gs::checks
