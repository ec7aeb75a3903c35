#pragma once

#include "checks/check.h"

namespace gs::checks {

// Open files of the nginx and PHP-FPM processes against their limits, and the system-wide file
// table: system.fd_limit.
class SystemLimitsCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("system.limits"); }
    QString title() const override { return QStringLiteral("open-file limits"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {ProcessLimits, FpmConfig, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
