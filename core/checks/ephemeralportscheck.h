#pragma once

#include "checks/check.h"

namespace gs::checks {

// TIME_WAIT sockets against the local port range (upstream.ephemeral_ports_exhausted), and many
// short upstream connections without keepalive (upstream.keepalive_missing).
class EphemeralPortsCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.ephemeral_ports"); }
    QString title() const override { return QStringLiteral("ephemeral ports and keepalive"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {System, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
