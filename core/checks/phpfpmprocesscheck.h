#pragma once

#include "checks/check.h"

#include <optional>

namespace gs::checks {

// PHP-FPM runs when nginx passes requests to FastCGI.
class PhpFpmProcessCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("phpfpm.running"); }
    QString title() const override { return QStringLiteral("PHP-FPM is running"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {FpmConfig, NginxDump, NginxFiles};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;

private:
    // A fastcgi_pass to a unix socket that no pool of the FPMs found serves, nor plausibly meant
    // to (another directory, an unrelated name), while some other FPM runs: that FPM is down.
    std::optional<CheckResult> orphanSocket(const DiagnosisModel &model,
                                            FindingSet &findings) const;
};

} // namespace gs::checks
