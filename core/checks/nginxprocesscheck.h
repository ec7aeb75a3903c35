#pragma once

#include "checks/check.h"

namespace gs::checks {

// nginx installed and a master process running.
class NginxProcessCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("nginx.running"); }
    QString title() const override { return QStringLiteral("nginx is running"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Facts};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
