#include "checks/nginxprocesscheck.h"

namespace gs::checks {

using findings::FindingId;

CheckResult NginxProcessCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const auto &nginx = model.facts.nginx;
    if (!nginx.installed) {
        auto &finding = findings.get(FindingId::NginxNotInstalled);
        finding.addOccurrence(QStringLiteral("nginx -V"),
                              QStringLiteral("no nginx binary on PATH, /usr/sbin or /sbin"));
        return result(CheckStatus::Fail, QStringLiteral("no nginx binary found"));
    }
    if (!nginx.running) {
        auto &finding = findings.get(FindingId::NginxNotRunning);
        finding.serviceFix = findings::ServiceFix::start(QStringLiteral("nginx"));
        finding.addOccurrence(QStringLiteral("/proc/*/cmdline"),
                              QStringLiteral("no \"nginx: master process\" among the running "
                                             "processes (nginx %1 is installed at %2)")
                                      .arg(nginx.version, nginx.binary));
        finding.configFile = nginx.config;
        findings.confirmLive(finding);
        return result(CheckStatus::Fail,
                      QStringLiteral("nginx %1 is installed but not running").arg(nginx.version));
    }
    return result(CheckStatus::Pass,
                  QStringLiteral("nginx %1 runs (master pid %2, config %3)")
                          .arg(nginx.version)
                          .arg(nginx.masterPid)
                          .arg(nginx.config));
}

} // namespace gs::checks
