#pragma once

#include "checks/diagnosiscoverage.h"
#include "findings/finding.h"

#include <QString>

namespace gs::report {

// The report's "Not checked" section (what the diagnosis could not see, what to grant, the
// sudoers rule) and the words for a finding's state, in the report's three formats. Empty
// strings when there is nothing to say, so a complete diagnosis reads as before.
class CoverageSection
{
public:
    static QString text(const checks::DiagnosisCoverage &coverage);
    static QString markdown(const checks::DiagnosisCoverage &coverage);
    static QString html(const checks::DiagnosisCoverage &coverage);

    // " (past: nginx reloaded at 12:04:00, after the last line)", " (on and off)", or empty.
    static QString stateSuffix(const findings::Finding &finding);
};

} // namespace gs::report
