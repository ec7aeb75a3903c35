#pragma once

#include "checks/check.h"

namespace gs::checks {

// Processes the kernel's OOM killer killed inside the window (journal or dmesg): system.oom_kill.
class SystemOomCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("system.oom"); }
    QString title() const override { return QStringLiteral("kernel OOM killer"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {KernelOom};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
