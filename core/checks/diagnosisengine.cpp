#include "checks/diagnosisengine.h"

#include "checks/appservicecheck.h"
#include "checks/ephemeralportscheck.h"
#include "checks/errorlogcheck.h"
#include "checks/errorratecheck.h"
#include "checks/findingtimeline.h"
#include "checks/firewallcheck.h"
#include "checks/nginxconfigtestcheck.h"
#include "checks/nginxlisteningcheck.h"
#include "checks/nginxprocesscheck.h"
#include "checks/phpfpmconfigtestcheck.h"
#include "checks/phpfpmlogcheck.h"
#include "checks/phpfpmpoolscheck.h"
#include "checks/phpfpmprocesscheck.h"
#include "checks/phpfpmtimeoutscheck.h"
#include "checks/selinuxcheck.h"
#include "checks/siteprobecheck.h"
#include "checks/systemlimitscheck.h"
#include "checks/systemoomcheck.h"
#include "checks/systemresourcescheck.h"
#include "checks/upstreamaddresscheck.h"
#include "checks/upstreamdnscheck.h"
#include "checks/upstreamprobecheck.h"
#include "checks/upstreamprotocolcheck.h"
#include "checks/upstreamtlscheck.h"
#include "util/logcategories.h"

#include <QElapsedTimer>

namespace gs::checks {

const std::vector<std::unique_ptr<Check>> &DiagnosisEngine::checklist()
{
    static const std::vector<std::unique_ptr<Check>> checks = [] {
        std::vector<std::unique_ptr<Check>> list;
        list.push_back(std::make_unique<NginxProcessCheck>());
        list.push_back(std::make_unique<NginxConfigTestCheck>());
        list.push_back(std::make_unique<NginxListeningCheck>());
        list.push_back(std::make_unique<SiteProbeCheck>());
        list.push_back(std::make_unique<ErrorLogCheck>());
        list.push_back(std::make_unique<UpstreamProbeCheck>());
        list.push_back(std::make_unique<UpstreamAddressCheck>());
        list.push_back(std::make_unique<UpstreamProtocolCheck>());
        list.push_back(std::make_unique<UpstreamDnsCheck>());
        list.push_back(std::make_unique<UpstreamTlsCheck>());
        list.push_back(std::make_unique<FirewallCheck>());
        list.push_back(std::make_unique<PhpFpmProcessCheck>());
        list.push_back(std::make_unique<PhpFpmConfigTestCheck>());
        list.push_back(std::make_unique<PhpFpmPoolsCheck>());
        list.push_back(std::make_unique<PhpFpmLogCheck>());
        list.push_back(std::make_unique<PhpFpmTimeoutsCheck>());
        list.push_back(std::make_unique<SystemResourcesCheck>());
        list.push_back(std::make_unique<SystemOomCheck>());
        list.push_back(std::make_unique<SystemLimitsCheck>());
        list.push_back(std::make_unique<EphemeralPortsCheck>());
        list.push_back(std::make_unique<SelinuxCheck>());
        list.push_back(std::make_unique<AppServiceCheck>());
        list.push_back(std::make_unique<ErrorRateCheck>());
        return list;
    }();
    return checks;
}

void DiagnosisEngine::evaluate(const DiagnosisModel &model,
                               DiagnosisReport &report,
                               const CheckDone &onCheck)
{
    FindingSet findings;
    for (const auto &check : checklist()) {
        QElapsedTimer timer;
        timer.start();
        CheckResult result = check->run(model, findings);
        result.durationMs = timer.elapsed();
        qCDebug(lcDiagnose).noquote()
                << "check" << result.id << checkStatusName(result.status) << "-" << result.summary;
        report.checks << result;
        if (onCheck)
            onCheck(result);
    }
    report.facts = model.facts;
    report.coverage = DiagnosisCoverage::assess(report.checks, model);
    FindingTimeline::settle(findings, model);
    FindingTimeline::raiseSiteFailing(findings, model, report.coverage.summary());
    report.findings = findings.ordered();
}

} // namespace gs::checks
