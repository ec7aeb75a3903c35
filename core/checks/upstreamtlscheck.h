#pragma once

#include "checks/check.h"

namespace gs::checks {

// A TLS handshake (openssl s_client, with SNI) to every https upstream:
// upstream.ssl_handshake_failed, or upstream.protocol_mismatch for a plain port.
class UpstreamTlsCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.tls"); }
    QString title() const override { return QStringLiteral("TLS handshakes to https upstreams"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Tls, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
