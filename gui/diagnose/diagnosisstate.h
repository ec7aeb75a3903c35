#pragma once

#include "checks/diagnosisreport.h"
#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace gs::gui {

// Where one server's diagnosis stands in this run of the app: what the Diagnose page and the
// Fleet overview show. Plain data, kept per server by the ConnectionManager.
struct DiagnosisState
{
    enum class Phase { Never, Running, Done, Failed, Cancelled };

    // A finding fixed from its card and gone after the re-check, with what is true now.
    struct Resolved
    {
        findings::Finding finding;
        QString outcome;
    };

    Phase phase = Phase::Never;
    QString step;                                  // the runner's current step while running
    QList<checks::CheckResult> checks;             // as they came
    std::optional<checks::DiagnosisReport> report; // Done
    std::optional<Error> error;                    // Failed: why the server could not be diagnosed
    QList<Resolved> resolved;                      // shown green above the findings
    bool recheck = false; // re-running after an action: the last report stays on show
    QDateTime started;
    QDateTime finished;

    bool isRunning() const { return phase == Phase::Running; }
};

} // namespace gs::gui
