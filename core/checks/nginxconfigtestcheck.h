#pragma once

#include "checks/check.h"

namespace gs::checks {

// `nginx -t` (run as -T): the configuration on disk is valid, and what it warns about.
class NginxConfigTestCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("nginx.config_test"); }
    QString title() const override { return QStringLiteral("nginx -t"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {NginxDump};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
