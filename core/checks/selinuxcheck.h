#pragma once

#include "checks/check.h"

namespace gs::checks {

// SELinux mode, httpd_can_network_connect with TCP upstreams, and AVC denials for nginx in the
// window: system.selinux_denied.
class SelinuxCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("system.selinux"); }
    QString title() const override { return QStringLiteral("SELinux lets nginx connect"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Selinux, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
