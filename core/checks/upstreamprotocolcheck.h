#pragma once

#include "checks/check.h"

namespace gs::checks {

// Whether nginx speaks each upstream's protocol: HTTP (proxy_pass) aimed at a PHP-FPM pool,
// which speaks FastCGI, or FastCGI (fastcgi_pass) aimed at a listener that is not PHP-FPM.
// From the configuration, the pools' `listen` and the socket table; no traffic needed.
class UpstreamProtocolCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("upstream.protocol"); }
    QString title() const override { return QStringLiteral("Protocol spoken to each upstream"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {NginxDump, NginxFiles, Sockets, FpmConfig};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
