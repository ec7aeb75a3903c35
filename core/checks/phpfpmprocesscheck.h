#pragma once

#include "checks/check.h"

namespace gs::checks {

// PHP-FPM runs when nginx passes requests to FastCGI.
class PhpFpmProcessCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("phpfpm.running"); }
    QString title() const override { return QStringLiteral("PHP-FPM is running"); }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
