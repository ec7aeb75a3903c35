#include "checks/diagnosisplanner.h"

namespace gs::checks {

QSet<ProbeId> DiagnosisPlanner::needed(const std::vector<std::unique_ptr<Check>> &checks)
{
    // Every diagnosis knows what runs and the server's time: the other probes plan from them.
    QList<ProbeId> open{ProbeId::Facts, ProbeId::Clock};
    for (const auto &check : checks)
        open += check->probes();
    QSet<ProbeId> needed;
    while (!open.isEmpty()) {
        const ProbeId id = open.takeLast();
        if (needed.contains(id))
            continue;
        needed.insert(id);
        const ProbeCatalog::Entry &entry = ProbeCatalog::entry(id);
        open += entry.needs;
        if (entry.plannedBy)
            open << *entry.plannedBy;
    }
    return needed;
}

QList<Gatherer::Command>
DiagnosisPlanner::round(Round round, const DiagnosisModel &model, const QSet<ProbeId> &needed)
{
    const PlanInput input{model, round, needed};
    QList<Gatherer::Command> batch;
    for (const ProbeCatalog::Entry &entry : ProbeCatalog::entries()) {
        const bool inRound
                = entry.round == round || (entry.againInTargets && round == Round::Targets);
        if (!inRound || !entry.plan || !needed.contains(entry.id))
            continue;
        entry.plan(input, batch);
    }
    return batch;
}

QSet<ProbeId> DiagnosisPlanner::readByLaterRounds(Round round)
{
    QSet<ProbeId> read;
    for (const ProbeCatalog::Entry &entry : ProbeCatalog::entries()) {
        if (entry.round <= round)
            continue;
        for (const ProbeId need : entry.needs) {
            if (ProbeCatalog::entry(need).round == round)
                read.insert(need);
        }
    }
    return read;
}

} // namespace gs::checks
