#pragma once

#include "bundle/supportbundle.h"
#include "checks/diagnosisrunner.h"

namespace gs::bundle {

// The live diagnosis's rounds, answered from a support bundle instead of a session: the plan
// asks for exactly what it would ask a live server, and each answer is the bundle's output under
// the same key. What the plan asks and the collector did not gather is a command that did not
// run, and shows in the report's coverage like any other gap. Pure over the bundle.
class BundleDiagnosis
{
public:
    static checks::DiagnosisReport run(const SupportBundle &bundle,
                                       const checks::DiagnosisRunner::Options &options,
                                       const checks::DiagnosisRunner::Progress &progress = {});

    // The bundle's key for a planned key: one nginx's configuration is kept per -c file.
    static QString bundleKey(const QString &plannedKey, const checks::RawObservations &raw);
};

} // namespace gs::bundle
