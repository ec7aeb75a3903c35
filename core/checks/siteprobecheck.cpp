#include "checks/siteprobecheck.h"

namespace gs::checks {

using findings::FindingId;

CheckResult SiteProbeCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.facts.nginx.running)
        return notApplicable(QStringLiteral("nginx is not running"));
    if (!model.facts.hasTool(QStringLiteral("curl")))
        return result(CheckStatus::Skip, QStringLiteral("curl is not installed on the server"));
    if (model.sites.isEmpty())
        return result(CheckStatus::Skip, QStringLiteral("no site to fetch"));
    QStringList failing;
    QStringList answering;
    for (const SiteProbe &site : model.sites) {
        const QString name = site.displayName();
        if (site.httpStatus == 0) {
            // nginx itself did not answer on a port it is configured to listen on.
            if (site.detail.contains(QLatin1String("refused"), Qt::CaseInsensitive)) {
                auto &finding = findings.get(FindingId::NginxNotListening);
                finding.addOccurrence(QStringLiteral("curl from the server"),
                                      QStringLiteral("%1: %2").arg(site.url, site.detail));
                findings.confirmLive(finding);
            }
            failing << QStringLiteral("%1 does not answer").arg(name);
        } else if (site.httpStatus >= 500) {
            failing << QStringLiteral("%1 answers %2").arg(name).arg(site.httpStatus);
        } else if (site.httpStatus > 0) {
            answering << QStringLiteral("%1 %2").arg(name).arg(site.httpStatus);
        }
    }
    if (!failing.isEmpty())
        return result(CheckStatus::Fail, failing.join(QLatin1String("; ")));
    return result(CheckStatus::Pass, answering.join(QLatin1String(", ")));
}

} // namespace gs::checks
