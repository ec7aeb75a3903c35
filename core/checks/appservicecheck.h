#pragma once

#include "checks/check.h"

namespace gs::checks {

// The systemd unit that listens (or should listen) on each upstream address: failed or inactive
// (app.service_down), restarted repeatedly in the window (app.crash_loop).
class AppServiceCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("app.service"); }
    QString title() const override { return QStringLiteral("services behind the upstreams"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {Sockets,
                NginxDump,
                NginxFiles,
                UnitOfPid,
                UnitForAddress,
                InitScriptFor,
                FailedUnits,
                UnitState};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
