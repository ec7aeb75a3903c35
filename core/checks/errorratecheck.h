#pragma once

#include "checks/check.h"

namespace gs::checks {

// The share of requests nginx answered with 5xx in the window, per access log (and over all of
// them), from the lines the AccessLog probe read: traffic.error_rate_high when it is above a
// threshold with enough requests to mean something. A symptom: the findings that explain the
// failures rank before it (the catalog's cause -> symptom links).
class ErrorRateCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("traffic.error_rate"); }
    QString title() const override { return QStringLiteral("5xx share in the access logs"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {AccessLog, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;

    // Fewer requests than this in a log say nothing about a share (2 failures of 5 are not 40 %
    // of a site's traffic).
    static constexpr qint64 kMinRequests = 20;
    // Above this share a warning, whatever the user's (critical) threshold; at or below it,
    // the background of bots and crawlers hitting broken URLs on a healthy site.
    static constexpr double kWarningPercent = 5;

    // The severity a share earns (percent, 0-100) with the user's critical threshold: none at or
    // below min(kWarningPercent, critical), a warning above it, critical above the threshold.
    enum class Verdict { None, Warning, Critical };
    static Verdict judge(qint64 requests, double percent, double criticalPercent);
};

} // namespace gs::checks
