#pragma once

#include "checks/checkresult.h"
#include "checks/diagnosiscoverage.h"
#include "checks/rawobservations.h"
#include "discovery/hostfacts.h"
#include "findings/finding.h"

#include <QJsonObject>
#include <QList>

namespace gs::checks {

// The outcome of one diagnosis of one server: what it is, what was checked, what was found.
struct DiagnosisReport
{
    discovery::HostFacts facts;
    QList<CheckResult> checks;
    QList<findings::Finding> findings; // most likely root cause first
    DiagnosisCoverage coverage;        // what could not be checked, and what to grant
    qint64 durationMs = 0;
    RawObservations raw; // everything the checks read, for replay and support

    // 2 with a critical finding, 1 with a warning, else 0 (spec/cli.md exit codes); past
    // findings do not count.
    int exitCode() const;
    std::optional<findings::Finding::Severity> worstSeverity() const;
    // Nothing current or intermittent at warning or above, and every check that could explain a
    // 502 ran: the only state in which "No problems found" may be said.
    bool noProblems() const;
    // {"facts","checks","findings","coverage","duration_ms"}: the per-target part of diagnose
    // --json.
    QJsonObject toJson() const;
};

} // namespace gs::checks
