#include "checks/phpfpmprocesscheck.h"

namespace gs::checks {

CheckResult PhpFpmProcessCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const UpstreamTarget *fastcgi = nullptr;
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive == QLatin1String("fastcgi_pass")) {
            fastcgi = &target;
            break;
        }
    }
    const auto &fpm = model.facts.fpm;
    if (!fpm.masters.isEmpty()) {
        QStringList configs;
        for (const auto &master : fpm.masters)
            configs << QStringLiteral("%1 (pid %2)").arg(master.config).arg(master.pid);
        return result(CheckStatus::Pass,
                      QStringLiteral("PHP-FPM %1 runs: %2")
                              .arg(fpm.version, configs.join(QLatin1String(", "))));
    }
    if (!fastcgi) {
        return result(fpm.binaries.isEmpty() ? CheckStatus::Skip : CheckStatus::Pass,
                      fpm.binaries.isEmpty()
                              ? QStringLiteral("PHP-FPM is not installed and nginx uses no FastCGI")
                              : QStringLiteral("PHP-FPM is installed but not running; nginx "
                                               "passes nothing to FastCGI"));
    }
    auto &finding = findings.get(QStringLiteral("phpfpm.not_running"), fastcgi->pass.peer());
    finding.addOccurrence(
            QStringLiteral("/proc/*/cmdline"),
            QStringLiteral("no \"php-fpm: master process\" runs, but %1 %2 at %3:%4 "
                           "sends PHP requests to it")
                    .arg(fastcgi->pass.directive, fastcgi->pass.raw, fastcgi->pass.source.file)
                    .arg(fastcgi->pass.source.line));
    finding.configFile = fastcgi->pass.source.file;
    finding.configLine = fastcgi->pass.source.line;
    findings.confirmLive(finding.id, fastcgi->pass.peer());
    return result(CheckStatus::Fail,
                  QStringLiteral("no PHP-FPM master runs, and nginx passes PHP to %1")
                          .arg(fastcgi->pass.peer()));
}

} // namespace gs::checks
