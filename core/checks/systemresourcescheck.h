#pragma once

#include "checks/check.h"

namespace gs::checks {

// Memory and swap (system.memory_pressure), load against the core count (system.load_high) and
// the filesystems holding logs, sockets and configurations (system.disk_full).
class SystemResourcesCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("system.resources"); }
    QString title() const override { return QStringLiteral("memory, load and disk space"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {System, NginxDump, NginxFiles, FpmConfig};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
