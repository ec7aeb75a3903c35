#pragma once

#include "checks/check.h"

namespace gs::checks {

// The FPM master's log inside the window and the pools' status pages: max_children reached
// (with a pm.max_children computed from memory), killed workers, timeouts, slow requests.
class PhpFpmLogCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("phpfpm.log"); }
    QString title() const override { return QStringLiteral("PHP-FPM log"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {FpmLog, FpmStatus, ProcessLimits, System, KernelOom};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
