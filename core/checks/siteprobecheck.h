#pragma once

#include "checks/check.h"

namespace gs::checks {

// Each site this nginx serves, fetched from the server itself: does it answer, and with a 502?
class SiteProbeCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("nginx.sites"); }
    QString title() const override { return QStringLiteral("sites answer"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Site};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
