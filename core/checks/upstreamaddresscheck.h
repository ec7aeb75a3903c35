#pragma once

#include "checks/check.h"

namespace gs::checks {

// Upstream addresses nothing listens on, while the application listens nearby (same port on
// another address, ::1 vs 127.0.0.1, another socket path): upstream.address_mismatch.
class UpstreamAddressCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.address"); }
    QString title() const override { return QStringLiteral("upstreams listen where nginx dials"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {NginxDump, NginxFiles, Sockets, UnixSocket, FpmConfig};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
