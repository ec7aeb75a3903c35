#pragma once

#include "checks/check.h"

namespace gs::checks {

// Host names in proxy_pass / upstream{} resolved on the server (getent hosts):
// upstream.dns_failure.
class UpstreamDnsCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.dns"); }
    QString title() const override { return QStringLiteral("upstream host names resolve"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Dns, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
