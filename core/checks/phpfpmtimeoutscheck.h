#pragma once

#include "checks/check.h"

namespace gs::checks {

// request_terminate_timeout of the pool behind each fastcgi_pass versus the fastcgi_read_timeout
// in force there: phpfpm.timeout_misaligned.
class PhpFpmTimeoutsCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("phpfpm.timeouts"); }
    QString title() const override { return QStringLiteral("PHP-FPM and nginx timeouts agree"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {FpmConfig, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
