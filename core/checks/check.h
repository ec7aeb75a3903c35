#pragma once

#include "checks/checkresult.h"
#include "checks/diagnosismodel.h"
#include "checks/findingset.h"
#include "checks/probeid.h"

namespace gs::checks {

// "file:line" where a finding's setting is, or the file alone when the line is not known.
inline QString fileLine(const QString &file, int line)
{
    return line > 0 ? QStringLiteral("%1:%2").arg(file).arg(line) : file;
}

// One item of the checklist: reads the DiagnosisModel (no I/O), reports its result and raises
// the findings it finds. Stateless; one instance serves every diagnosis.
class Check
{
public:
    virtual ~Check() = default;
    virtual QString id() const = 0;
    virtual QString title() const = 0;
    // The probes whose outputs this check reads (through the model): the planner runs only
    // what some check reads.
    virtual QList<ProbeId> probes() const = 0;
    virtual CheckResult run(const DiagnosisModel &model, FindingSet &findings) const = 0;

protected:
    CheckResult result(CheckStatus status, const QString &summary) const
    {
        return CheckResult{id(), title(), status, summary, 0};
    }
    // A skip because there is nothing of this kind on the server: not a gap in what was seen.
    CheckResult notApplicable(const QString &summary) const
    {
        CheckResult skipped = result(CheckStatus::Skip, summary);
        skipped.skip = CheckResult::Skip::NotApplicable;
        return skipped;
    }
};

} // namespace gs::checks
