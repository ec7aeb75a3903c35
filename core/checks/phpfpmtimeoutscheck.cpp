#include "checks/phpfpmtimeoutscheck.h"

#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

// A pool's timeout against nginx's for one location, when they disagree: what the finding shows.
struct Misalignment
{
    QString evidence;
    QString remedy;
};

// FPM cutting requests before nginx gives up, or keeping workers on long after it did; nullopt
// when the two agree well enough.
std::optional<Misalignment> misalignment(const phpfpm::PoolConfig::Pool &pool,
                                         const UpstreamTarget &target,
                                         qint64 terminate,
                                         qint64 read,
                                         const QString &poolAt)
{
    const QString nginxAt = fileLine(target.pass.source.file, target.pass.source.line);
    if (terminate < read) {
        return Misalignment{
                QStringLiteral("pool [%1] request_terminate_timeout = %2s (%3) is "
                               "shorter than %4 %5s in force for location %6 (%7): "
                               "FPM kills slow requests first and nginx answers 502 "
                               "instead of 504")
                        .arg(pool.name)
                        .arg(terminate)
                        .arg(poolAt, target.readTimeoutDirective)
                        .arg(read)
                        .arg(target.location, nginxAt),
                QStringLiteral("Set `request_terminate_timeout = %1s` at %2 (a little "
                               "above nginx's %3s), or lower `%4 %5s;` for location %6, "
                               "so that nginx gives up first with a clear 504.")
                        .arg(read + 5)
                        .arg(poolAt)
                        .arg(read)
                        .arg(target.readTimeoutDirective)
                        .arg(terminate > 1 ? terminate - 1 : 1)
                        .arg(target.location)};
    }
    if (terminate >= 2 * read && terminate - read >= 30) {
        return Misalignment{
                QStringLiteral("pool [%1] request_terminate_timeout = %2s (%3) is far "
                               "longer than %4 %5s for location %6 (%7): workers keep "
                               "running a request for up to %8s after nginx gave up "
                               "with 504, and fill pm.max_children under load")
                        .arg(pool.name)
                        .arg(terminate)
                        .arg(poolAt, target.readTimeoutDirective)
                        .arg(read)
                        .arg(target.location, nginxAt)
                        .arg(terminate - read),
                QStringLiteral("Set `request_terminate_timeout = %1s` at %2, just above "
                               "nginx's %3 of %4s.")
                        .arg(read + 5)
                        .arg(poolAt, target.readTimeoutDirective)
                        .arg(read)};
    }
    return std::nullopt;
}

void raiseMisaligned(FindingSet &findings,
                     const QString &peer,
                     const phpfpm::PoolConfig::Pool &pool,
                     const UpstreamTarget &target,
                     qint64 read,
                     const Misalignment &misaligned)
{
    const auto setting = pool.values.value(QStringLiteral("request_terminate_timeout"));
    auto &finding = findings.get(FindingId::PhpFpmTimeoutMisaligned, peer);
    finding.addOccurrence(QStringLiteral("PHP-FPM and nginx configuration"), misaligned.evidence);
    finding.configFile = setting.line > 0 ? setting.file : pool.file;
    finding.configLine = setting.line > 0 ? setting.line : pool.line;
    if (!finding.remedy.contains(misaligned.remedy))
        finding.remedy.prepend(misaligned.remedy);
    if (finding.edit)
        return;
    // FPM's side: nginx's timeout is the one the site's owner chose for users.
    findings::ConfigEdit edit = findings::ConfigEdit::fpmPool(
            finding.configFile,
            finding.configLine,
            pool.name,
            {{QStringLiteral("request_terminate_timeout"), QStringLiteral("%1s").arg(read + 5)}});
    edit.summary = QStringLiteral("Set request_terminate_timeout of pool [%1] to %2s, "
                                  "just above nginx's %3 of %4s, so nginx gives up "
                                  "first with a clear 504 and no worker runs on.")
                           .arg(pool.name)
                           .arg(read + 5)
                           .arg(target.readTimeoutDirective)
                           .arg(read);
    finding.edit = edit;
}

} // namespace

CheckResult PhpFpmTimeoutsCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (model.fpm.instances.isEmpty())
        return notApplicable(QStringLiteral("PHP-FPM is not installed"));
    if (!model.fpm.anyConfigRead())
        return result(CheckStatus::Skip,
                      QStringLiteral("the PHP-FPM configuration could not be read"));
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its "
                                     "fastcgi_read_timeout is unknown"));
    QStringList aligned;
    QStringList problems;
    QSet<QString> seen;
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive != QLatin1String("fastcgi_pass"))
            continue;
        for (const QString &peer : target.peers) {
            const auto ref = model.fpm.poolForPeer(peer);
            if (!ref)
                continue;
            const auto &pool = *ref->pool;
            const QString key = pool.name + QLatin1Char('|') + target.location;
            if (seen.contains(key))
                continue;
            seen.insert(key);
            const qint64 terminate = pool.requestTerminateTimeoutSeconds();
            const qint64 read = target.readTimeoutMs / 1000;
            if (terminate == 0) {
                const QString note
                        = QStringLiteral("[%1] has no request_terminate_timeout (%2 %3s)")
                                  .arg(pool.name, target.readTimeoutDirective)
                                  .arg(read);
                if (!aligned.contains(note))
                    aligned << note;
                continue;
            }
            const auto setting = pool.values.value(QStringLiteral("request_terminate_timeout"));
            const QString poolAt = setting.line > 0 ? fileLine(setting.file, setting.line)
                                                    : fileLine(pool.file, pool.line);
            const auto misaligned = misalignment(pool, target, terminate, read, poolAt);
            if (!misaligned) {
                aligned << QStringLiteral("[%1] %2s vs %3 %4s")
                                   .arg(pool.name)
                                   .arg(terminate)
                                   .arg(target.readTimeoutDirective)
                                   .arg(read);
                continue;
            }
            raiseMisaligned(findings, peer, pool, target, read, *misaligned);
            problems << QStringLiteral("[%1] request_terminate_timeout %2s vs %3 %4s")
                                .arg(pool.name)
                                .arg(terminate)
                                .arg(target.readTimeoutDirective)
                                .arg(read);
        }
    }
    if (!problems.isEmpty())
        return result(CheckStatus::Warn, problems.join(QLatin1String("; ")));
    if (aligned.isEmpty())
        return result(CheckStatus::Pass, QStringLiteral("no fastcgi_pass reaches a known pool"));
    return result(CheckStatus::Pass, aligned.join(QLatin1String("; ")));
}

} // namespace gs::checks
