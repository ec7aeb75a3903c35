#pragma once

#include "checks/check.h"

namespace gs::checks {

// Firewall rules (iptables -S, nft list ruleset, ufw status) that drop or reject traffic to an
// upstream address: upstream.firewall_blocked. Needs root; skipped with the reason otherwise.
class FirewallCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.firewall"); }
    QString title() const override { return QStringLiteral("firewall rules towards upstreams"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Firewall, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;

    // The `iptables -S` rules that drop or reject TCP to host:port from this machine.
    static QStringList iptablesBlocking(const QString &rules, const QString &host, int port);
    // The nft rules (in output or input chains) that drop or reject TCP to host:port.
    static QStringList nftBlocking(const QString &ruleset, const QString &host, int port);
    // `ufw status` lines that deny outgoing traffic to port.
    static QStringList ufwBlocking(const QString &status, int port);
};

} // namespace gs::checks
