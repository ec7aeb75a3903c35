#pragma once

#include "checks/gatherer.h"
#include "checks/probeid.h"

#include <QSet>

namespace gs::checks {

struct DiagnosisModel;

// The rounds of a diagnosis: each is one concurrent batch, planned from what the rounds before
// it gave (the facts name the binaries and configurations, the configurations name the logs and
// upstreams to probe).
enum class Round : unsigned char {
    Facts = 1,
    Host = 2,
    Targets = 3,
};

// What a probe's planner knows: the model of the rounds before, and which probes the checklist
// needs (a planner that runs several kinds at once plans only the needed ones).
struct PlanInput
{
    const DiagnosisModel &model;
    Round round;
    const QSet<ProbeId> &needed;

    bool wants(ProbeId id) const { return needed.contains(id); }
};

// Everything about each probe, one entry per ProbeId: the rounds plan from these entries, the
// model reads its outputs through them, and the checks declare the ids they need.
class ProbeCatalog
{
public:
    using Plan = void (*)(const PlanInput &input, QList<Gatherer::Command> &batch);
    using Absorb = void (*)(DiagnosisModel &model, const RawObservations &raw, Round round);

    struct Entry
    {
        ProbeId id;
        Round round;
        // Planned and read again in round three: FPM installations that are down, read only
        // when nginx passes to no running pool.
        bool againInTargets = false;
        bool privileged = false; // runs through sudo when the login has it
        int timeoutMs = -1;      // -1: the gatherer's default
        // What the diagnosis cannot see when this probe cannot run (coverage, logs).
        const char *without = "";
        // Probes whose parsed output this one's planner reads.
        QList<ProbeId> needs = {};
        // Makes this probe's commands; null when another kind's planner makes them (plannedBy).
        Plan plan = nullptr;
        std::optional<ProbeId> plannedBy = std::nullopt;
        // Reads this probe's outputs into the model; null when no model part reads them yet.
        Absorb absorb = nullptr;
    };

    static const Entry &entry(ProbeId id);
    static const QList<Entry> &entries(); // in ProbeId order: the order of planning and reading

    // One command of a probe, with the privilege and limit its entry declares.
    static Gatherer::Command command(ProbeId id, const QString &subject, QString script);
};

} // namespace gs::checks
