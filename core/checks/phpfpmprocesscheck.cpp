#include "checks/phpfpmprocesscheck.h"

#include "checks/phpfpmpoolscheck.h"

namespace gs::checks {

using findings::FindingId;

std::optional<CheckResult> PhpFpmProcessCheck::orphanSocket(const DiagnosisModel &model,
                                                            FindingSet &findings) const
{
    if (!model.fpm.unreadable().isEmpty() || !model.fpm.anyConfigRead())
        return std::nullopt; // the pool nginx wants may be in what could not be read
    const QStringList listens = model.fpm.listens();
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive != QLatin1String("fastcgi_pass"))
            continue;
        for (const QString &peer : target.peers) {
            if (model.fpm.poolForPeer(peer) || !PhpFpmPoolsCheck::servedByNoKnownFpm(peer, listens))
                continue;
            auto &finding = findings.get(FindingId::PhpFpmNotRunning, peer);
            finding.serviceFix = findings::ServiceFix::start(QStringLiteral("php-fpm"));
            finding.addOccurrence(
                    QStringLiteral("%1:%2")
                            .arg(target.pass.source.file)
                            .arg(target.pass.source.line),
                    QStringLiteral("%1 %2 sends PHP requests to %3, but no pool of the PHP-FPM "
                                   "configurations found listens there (their pools listen on "
                                   "%4): the PHP-FPM that serves it is down, or runs from a "
                                   "configuration Gatescope did not find")
                            .arg(target.pass.directive,
                                 target.pass.raw,
                                 peer.mid(5),
                                 listens.join(QLatin1String(", "))));
            finding.configFile = target.pass.source.file;
            finding.configLine = target.pass.source.line;
            finding.remedy.prepend(
                    QStringLiteral("Start the PHP-FPM whose pool listens on %1 (its service, e.g. "
                                   "`service php8.2-fpm start`, or the php-fpm command its "
                                   "configuration needs); the other PHP-FPM running here serves "
                                   "other sockets.")
                            .arg(peer.mid(5)));
            findings.confirmLive(finding);
            return result(CheckStatus::Fail,
                          QStringLiteral("no running PHP-FPM serves %1, where nginx passes PHP")
                                  .arg(peer));
        }
    }
    return std::nullopt;
}

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
    // With several FPMs, the one judged is the one nginx passes to: another running is no help.
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive != QLatin1String("fastcgi_pass"))
            continue;
        for (const QString &peer : target.peers) {
            const auto ref = model.fpm.poolForPeer(peer);
            if (!ref || ref->instance->masterPid > 0)
                continue;
            auto &finding = findings.get(FindingId::PhpFpmNotRunning, peer);
            finding.serviceFix = findings::ServiceFix::start(QStringLiteral("php-fpm"));
            finding.addOccurrence(
                    QStringLiteral("/proc/*/cmdline"),
                    QStringLiteral("the PHP-FPM of %1 (pool [%2], listen = %3) does not run, and "
                                   "%4 %5 at %6:%7 sends PHP requests to it")
                            .arg(ref->instance->config,
                                 ref->pool->name,
                                 ref->pool->listen(),
                                 target.pass.directive,
                                 target.pass.raw,
                                 target.pass.source.file)
                            .arg(target.pass.source.line));
            finding.configFile = target.pass.source.file;
            finding.configLine = target.pass.source.line;
            findings.confirmLive(finding);
            return result(CheckStatus::Fail,
                          QStringLiteral("the PHP-FPM nginx passes %1 to (%2) does not run")
                                  .arg(peer, ref->instance->config));
        }
    }
    if (!fpm.masters.isEmpty()) {
        if (auto down = orphanSocket(model, findings))
            return *down;
        QStringList configs;
        for (const auto &master : fpm.masters)
            configs << QStringLiteral("%1 (pid %2)").arg(master.config).arg(master.pid);
        return result(CheckStatus::Pass,
                      QStringLiteral("PHP-FPM %1 runs: %2")
                              .arg(fpm.version, configs.join(QLatin1String(", "))));
    }
    if (!fastcgi) {
        if (fpm.binaries.isEmpty())
            return notApplicable(
                    QStringLiteral("PHP-FPM is not installed and nginx uses no FastCGI"));
        return result(CheckStatus::Pass,
                      QStringLiteral("PHP-FPM is installed but not running; nginx passes nothing "
                                     "to FastCGI"));
    }
    auto &finding = findings.get(FindingId::PhpFpmNotRunning, fastcgi->pass.peer());
    finding.serviceFix = findings::ServiceFix::start(QStringLiteral("php-fpm"));
    finding.addOccurrence(
            QStringLiteral("/proc/*/cmdline"),
            QStringLiteral("no \"php-fpm: master process\" runs, but %1 %2 at %3:%4 "
                           "sends PHP requests to it")
                    .arg(fastcgi->pass.directive, fastcgi->pass.raw, fastcgi->pass.source.file)
                    .arg(fastcgi->pass.source.line));
    finding.configFile = fastcgi->pass.source.file;
    finding.configLine = fastcgi->pass.source.line;
    findings.confirmLive(finding);
    return result(CheckStatus::Fail,
                  QStringLiteral("no PHP-FPM master runs, and nginx passes PHP to %1")
                          .arg(fastcgi->pass.peer()));
}

} // namespace gs::checks
