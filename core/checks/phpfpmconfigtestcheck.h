#pragma once

#include "checks/check.h"

namespace gs::checks {

// php-fpm -t on every FPM configuration (privileged): phpfpm.config_invalid with file and line.
class PhpFpmConfigTestCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("phpfpm.config_test"); }
    QString title() const override { return QStringLiteral("php-fpm -t"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {FpmConfig, FpmTest};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
