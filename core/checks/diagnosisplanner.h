#pragma once

#include "checks/check.h"
#include "checks/probecatalog.h"

#include <memory>
#include <vector>

namespace gs::checks {

// The one planner of a diagnosis: the checks declare the probes they read, and each round runs
// the needed probes of that round (ProbeCatalog), planned from the model of the rounds before.
// Pure: no I/O here.
class DiagnosisPlanner
{
public:
    // The probes `checks` read, with every probe their planners need, and the facts and clock.
    static QSet<ProbeId> needed(const std::vector<std::unique_ptr<Check>> &checks);
    // The commands of one round.
    static QList<Gatherer::Command>
    round(Round round, const DiagnosisModel &model, const QSet<ProbeId> &needed);
    // The probes of `round` that a later round's planners read (their `needs`): once these are
    // in, the next round can be planned while the rest of this one still runs.
    static QSet<ProbeId> readByLaterRounds(Round round);
};

} // namespace gs::checks
