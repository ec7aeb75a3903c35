#pragma once

#include "checks/check.h"

namespace gs::checks {

// The nginx error log inside the window: every entry classified, counted and grouped by
// upstream, each kind of failure a finding with its evidence and the config line involved.
class ErrorLogCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("nginx.error_log"); }
    QString title() const override { return QStringLiteral("nginx error log"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {ErrorLog, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;

    // A timeout finding turns critical from this many occurrences in the window.
    static constexpr int kFrequentTimeouts = 10;
};

} // namespace gs::checks
