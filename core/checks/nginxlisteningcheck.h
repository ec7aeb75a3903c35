#pragma once

#include "checks/check.h"

namespace gs::checks {

// Every configured listen against the listening sockets: nginx.not_listening, or
// nginx.port_conflict naming the process that holds the port.
class NginxListeningCheck : public Check
{
public:
    QString id() const override { return QStringLiteral("nginx.listening"); }
    QString title() const override { return QStringLiteral("nginx listens where configured"); }
    QList<ProbeId> probes() const override
    {
        using enum ProbeId;
        return {NginxDump, NginxFiles, Sockets};
    }
    CheckResult run(const DiagnosisModel &model, FindingSet &findings) const override;
};

} // namespace gs::checks
