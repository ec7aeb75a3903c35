#pragma once

#include "checks/checkresult.h"
#include "checks/diagnosismodel.h"
#include "checks/findingset.h"

namespace gs::checks {

// One item of the checklist: reads the DiagnosisModel (no I/O), reports its result and raises
// the findings it finds. Stateless; one instance serves every diagnosis.
class Check
{
public:
    virtual ~Check() = default;
    virtual QString id() const = 0;
    virtual QString title() const = 0;
    virtual CheckResult run(const DiagnosisModel &model, FindingSet &findings) const = 0;

protected:
    CheckResult result(CheckStatus status, const QString &summary) const
    {
        return CheckResult{id(), title(), status, summary, 0};
    }
};

} // namespace gs::checks
