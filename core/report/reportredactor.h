#pragma once

#include "checks/diagnosisreport.h"
#include "report/reportwriter.h"

#include <optional>

namespace gs::report {

// Redacts everything a report shows with one Redactor, so that a value has the same token in
// the header, the findings, the checklist and the activity. The values come from what the
// diagnosis knows (the target, the host facts, and the nginx and PHP-FPM configuration read from
// the raw observations: server names, upstream groups, pools and their users, site files,
// listen sockets) and from patterns in the texts (addresses, URLs, log fields, paths, units,
// domain names). The catalog's own sentences stay as written. Drops the raw observations, which
// a report never shows. Pure.
class ReportRedactor
{
public:
    static void apply(checks::DiagnosisReport &report,
                      ReportTarget &target,
                      std::optional<ReportActivity> &activity);
};

} // namespace gs::report
