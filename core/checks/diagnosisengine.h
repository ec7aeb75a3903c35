#pragma once

#include "checks/check.h"
#include "checks/diagnosisreport.h"

#include <functional>
#include <memory>
#include <vector>

namespace gs::checks {

// The pure half of a diagnosis: every check of the checklist over one DiagnosisModel, and the
// findings in root-cause order. Replays a saved RawObservations exactly.
class DiagnosisEngine
{
public:
    using CheckDone = std::function<void(const CheckResult &)>;

    static const std::vector<std::unique_ptr<Check>> &checklist();
    static void
    evaluate(const DiagnosisModel &model, DiagnosisReport &report, const CheckDone &onCheck = {});
};

} // namespace gs::checks
