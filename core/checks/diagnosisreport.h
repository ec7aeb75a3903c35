#pragma once

#include "checks/checkresult.h"
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
    qint64 durationMs = 0;
    RawObservations raw; // everything the checks read, for replay and support

    // 2 with a critical finding, 1 with a warning, else 0 (spec/cli.md exit codes).
    int exitCode() const;
    std::optional<findings::Finding::Severity> worstSeverity() const;
    // {"facts","checks","findings","duration_ms"}: the per-target part of diagnose --json.
    QJsonObject toJson() const;
};

} // namespace gs::checks
