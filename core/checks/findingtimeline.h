#pragma once

#include "checks/diagnosismodel.h"
#include "checks/findingset.h"

namespace gs::checks {

// When each finding happens, weighed against the live state and what changed since its last
// log line: current (now, or a live probe confirms it), intermittent (on and off: the live
// probes answer but the errors recur), or past (its last line is older than what fixed it: a
// reload, a restart, a live probe that now answers). Past findings are never critical. Then,
// a site that answers 5xx with nothing current to explain it gets traffic.site_failing. Pure.
class FindingTimeline
{
public:
    // Errors whose last line is older than this, with the upstream answering now, are past.
    static constexpr qint64 kRecentSeconds = 300;
    // Errors packed into this span and then silence, with the upstream answering now, are one
    // blip (a restart, a deploy), not an intermittent fault.
    static constexpr qint64 kBlipSeconds = 30;
    // A high error rate whose 5xx stopped kRecentSeconds ago is past once this many requests
    // have been answered since (and the sites answer now): traffic, not a probe, settles it.
    static constexpr qint64 kAnsweredToEndARate = 20;

    static void settle(FindingSet &findings, const DiagnosisModel &model);
    static void
    raiseSiteFailing(FindingSet &findings, const DiagnosisModel &model, const QString &notChecked);
};

} // namespace gs::checks
