#include "checks/phpfpmpoolscheck.h"

#include <QFileInfo>
#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

int commonPrefix(const QString &a, const QString &b)
{
    int n = 0;
    while (n < a.size() && n < b.size() && a.at(n) == b.at(n))
        ++n;
    return n;
}

QString poolDescription(const phpfpm::PoolConfig::Pool &pool)
{
    const auto listen = pool.values.value(QStringLiteral("listen"));
    return QStringLiteral("[%1] listen = %2 (%3)")
            .arg(pool.name, pool.listen(), fileLine(listen.file, listen.line));
}

} // namespace

bool PhpFpmPoolsCheck::socketAllows(const QString &owner,
                                    const QString &group,
                                    int mode,
                                    const QString &user,
                                    const QStringList &groups)
{
    if (user == QLatin1String("root"))
        return true;
    // The kernel checks exactly one class: owner, else group, else others.
    if (user == owner)
        return mode & 0200;
    if (!group.isEmpty() && groups.contains(group))
        return mode & 0020;
    return mode & 0002;
}

bool PhpFpmPoolsCheck::servedByNoKnownFpm(const QString &peer, const QStringList &listens)
{
    return peer.startsWith(QLatin1String("unix:")) && likelyListen(peer, listens) < 0;
}

int PhpFpmPoolsCheck::likelyListen(const QString &peer, const QStringList &listens)
{
    int best = -1;
    int bestScore = 0;
    if (peer.startsWith(QLatin1String("unix:"))) {
        const QFileInfo wanted(peer.mid(5));
        for (int i = 0; i < listens.size(); ++i) {
            if (!listens.at(i).startsWith(QLatin1Char('/')))
                continue;
            const QFileInfo info(listens.at(i));
            const int shared = commonPrefix(wanted.fileName(), info.fileName());
            const bool sameDirectory = info.path() == wanted.path();
            // A socket elsewhere with an unrelated name is another application's FPM, not the
            // pool that was meant (the one meant is down, or its configuration was not found).
            if (!sameDirectory && shared < kRelatedNamePrefix)
                continue;
            int score = 1 + shared;
            if (sameDirectory)
                score += 100;
            if (score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        return best;
    }
    QString host;
    int port = 0;
    if (!FpmModel::splitHostPort(peer, &host, &port))
        return -1;
    for (int i = 0; i < listens.size(); ++i) {
        QString listenHost;
        int listenPort = 0;
        if (listens.at(i).startsWith(QLatin1Char('/'))
            || !FpmModel::splitHostPort(listens.at(i), &listenHost, &listenPort))
            continue;
        const int score = listenPort == port ? 100 : 1;
        if (score > bestScore) {
            best = i;
            bestScore = score;
        }
    }
    return best;
}

namespace {

// The fastcgi_pass peers against the pools, one by one: raises the findings and keeps what the
// check's summary says.
class PoolMatcher
{
public:
    PoolMatcher(const DiagnosisModel &model, FindingSet &findings);

    void matchPeer(const QString &peer, const UpstreamTarget &target);

    QString worker; // nginx's worker user, empty when unknown
    QStringList problems;
    QStringList unknown; // peers whose pool may be in a file this login cannot read
    int matched = 0;

private:
    void raiseListenMismatch(const QString &peer, const UpstreamTarget &target);
    void
    offerLikelyPool(findings::Finding &finding, const QString &peer, const UpstreamTarget &target);
    void checkSocketPermissions(const QString &peer, const FpmModel::PoolRef &ref);
    void offerSocketFix(findings::Finding &finding,
                        const phpfpm::PoolConfig::Pool &pool,
                        const QString &workerGroup,
                        bool rootMaster);

    const DiagnosisModel &m_model;
    FindingSet &m_findings;
    const QStringList m_listens; // in the order of `m_pools`
    QList<QPair<const FpmInstance *, const phpfpm::PoolConfig::Pool *>> m_pools;
    const QStringList m_unreadable;
    QStringList m_configs; // the configurations that were read
    bool m_running = false;
};

PoolMatcher::PoolMatcher(const DiagnosisModel &model, FindingSet &findings)
    : worker(model.nginx ? model.nginx->user : QString())
    , m_model(model)
    , m_findings(findings)
    , m_listens(model.fpm.listens())
    , m_unreadable(model.fpm.unreadable())
{
    for (const FpmInstance &instance : model.fpm.instances) {
        for (const auto &pool : instance.conf.pools)
            m_pools.append({&instance, &pool});
    }
    for (const FpmInstance &instance : model.fpm.instances) {
        if (instance.configRead)
            m_configs << instance.config;
        m_running = m_running || instance.masterPid > 0;
    }
}

void PoolMatcher::matchPeer(const QString &peer, const UpstreamTarget &target)
{
    const auto ref = m_model.fpm.poolForPeer(peer);
    if (!ref && !m_unreadable.isEmpty()) {
        // The pool nginx wants may be in a file this login cannot read.
        unknown << QStringLiteral("%1 (needs sudo: %2 unreadable)")
                           .arg(peer, m_unreadable.join(QLatin1String(", ")));
        return;
    }
    if (!ref && m_running && PhpFpmPoolsCheck::servedByNoKnownFpm(peer, m_listens)) {
        // PhpFpmProcessCheck tells it as the FPM for this socket being down.
        problems << QStringLiteral("no running pool serves %1").arg(peer);
        return;
    }
    if (!ref) {
        raiseListenMismatch(peer, target);
        return;
    }
    ++matched;
    checkSocketPermissions(peer, *ref);
}

void PoolMatcher::raiseListenMismatch(const QString &peer, const UpstreamTarget &target)
{
    auto &finding = m_findings.get(FindingId::PhpFpmListenMismatch, peer);
    QStringList described;
    for (const auto &[instance, pool] : m_pools)
        described << poolDescription(*pool);
    finding.addOccurrence(fileLine(target.pass.source.file, target.pass.source.line),
                          QStringLiteral("%1 %2; no PHP-FPM pool listens there. Pools: %3")
                                  .arg(target.pass.directive,
                                       target.pass.raw,
                                       described.isEmpty() ? QStringLiteral("none")
                                                           : described.join(QLatin1String(", "))));
    finding.configFile = target.pass.source.file;
    finding.configLine = target.pass.source.line;
    offerLikelyPool(finding, peer, target);
    if (m_running) {
        m_findings.confirmLive(finding);
    } else {
        // Nothing runs: this is the configuration FPM would start with, a guess.
        finding.explanation += QStringLiteral(" PHP-FPM is not running; this compares "
                                              "with the configuration it "
                                              "would start with (%1).")
                                       .arg(m_configs.join(QLatin1String(", ")));
    }
    problems << QStringLiteral("%1 matches no pool").arg(peer);
}

// The remedy (and, for a plain fastcgi_pass, the edit) that points nginx at the pool it
// probably meant.
void PoolMatcher::offerLikelyPool(findings::Finding &finding,
                                  const QString &peer,
                                  const UpstreamTarget &target)
{
    const int likely = PhpFpmPoolsCheck::likelyListen(peer, m_listens);
    if (likely < 0)
        return;
    const auto *pool = m_pools.at(likely).second;
    const auto listen = pool->values.value(QStringLiteral("listen"));
    finding.remedy.prepend(
            QStringLiteral("Point nginx at the pool that probably was meant, "
                           "[%1]: write `fastcgi_pass %2;` at %3, then `nginx -t` "
                           "and reload nginx. Or make the pool listen where nginx "
                           "dials: `listen = %4` at %5, then restart PHP-FPM.")
                    .arg(pool->name,
                         FpmModel::peerOf(pool->listen()),
                         fileLine(target.pass.source.file, target.pass.source.line),
                         peer.startsWith(QLatin1String("unix:")) ? peer.mid(5) : peer,
                         fileLine(listen.file, listen.line)));
    if (!target.pass.upstreamName.isEmpty() || finding.edit)
        return;
    findings::ConfigEdit edit;
    edit.file = target.pass.source.file;
    edit.line = target.pass.source.line;
    edit.settings.append({target.pass.directive, FpmModel::peerOf(pool->listen())});
    edit.summary
            = QStringLiteral("Point %1 at %2, where pool [%3] listens.")
                      .arg(target.pass.directive, FpmModel::peerOf(pool->listen()), pool->name);
    finding.edit = edit;
}

void PoolMatcher::checkSocketPermissions(const QString &peer, const FpmModel::PoolRef &ref)
{
    const auto &pool = *ref.pool;
    if (!pool.listensOnUnixSocket() || worker.isEmpty())
        return;
    // A master that is not root cannot hand the socket to anyone: it keeps its own user.
    const bool rootMaster = ref.instance->masterUser.isEmpty()
                            || ref.instance->masterUser == QLatin1String("root");
    const QString owner = rootMaster ? pool.listenOwner() : ref.instance->masterUser;
    const QString group = rootMaster ? pool.listenGroup() : QString();
    bool ok = false;
    const int mode = pool.listenMode().toInt(&ok, 8);
    if (!ok || owner.isEmpty())
        return;
    const QStringList groups = m_model.workerGroups.mid(1);
    if (PhpFpmPoolsCheck::socketAllows(owner, group, mode, worker, groups))
        return;
    if (groups.isEmpty() && worker != owner && (mode & 0020))
        return; // the worker's groups are unknown: it may be in the socket's group
    auto &finding = m_findings.get(FindingId::PhpFpmSocketPermissions, peer);
    const auto ownerValue = pool.values.value(QStringLiteral("listen.owner"));
    const auto modeValue = pool.values.value(QStringLiteral("listen.mode"));
    const auto &cited = ownerValue.line > 0 ? ownerValue : modeValue;
    finding.addOccurrence(fileLine(cited.line > 0 ? cited.file : pool.file,
                                   cited.line > 0 ? cited.line : pool.line),
                          QStringLiteral("pool [%1] creates %2 as %3:%4 mode %5; nginx's workers "
                                         "run as %6 (groups: %7) and may not connect")
                                  .arg(pool.name,
                                       pool.listen(),
                                       owner,
                                       group.isEmpty() ? QStringLiteral("?") : group,
                                       pool.listenMode(),
                                       worker,
                                       groups.isEmpty() ? QStringLiteral("unknown")
                                                        : groups.join(QLatin1Char(' '))));
    finding.configFile = cited.line > 0 ? cited.file : pool.file;
    finding.configLine = cited.line > 0 ? cited.line : pool.line;
    const QString workerGroup = m_model.nginx && !m_model.nginx->group.isEmpty()
                                        ? m_model.nginx->group
                                        : (groups.isEmpty() ? worker : groups.first());
    offerSocketFix(finding, pool, workerGroup, rootMaster);
    m_findings.confirmLive(finding);
    problems << QStringLiteral("%1 shuts out nginx's user %2").arg(pool.listen(), worker);
}

// Give the socket to nginx's workers; only a root master can apply listen.owner and group.
void PoolMatcher::offerSocketFix(findings::Finding &finding,
                                 const phpfpm::PoolConfig::Pool &pool,
                                 const QString &workerGroup,
                                 bool rootMaster)
{
    finding.remedy.prepend(
            QStringLiteral("In pool [%1] (%2) set `listen.owner = %3`, `listen.group = %4` "
                           "and `listen.mode = 0660`, then restart PHP-FPM (a reload "
                           "does not change the socket's owner).")
                    .arg(pool.name, fileLine(pool.file, pool.line), worker, workerGroup));
    if (!rootMaster || finding.edit)
        return;
    findings::ConfigEdit edit = findings::ConfigEdit::fpmPool(
            finding.configFile,
            finding.configLine,
            pool.name,
            {{QStringLiteral("listen.owner"), worker},
             {QStringLiteral("listen.group"), workerGroup},
             {QStringLiteral("listen.mode"), QStringLiteral("0660")}});
    edit.summary = QStringLiteral("Let nginx's workers (%1) use the socket of pool "
                                  "[%2]: owner %1, group %3, mode 0660.")
                           .arg(worker, pool.name, workerGroup);
    edit.after = QStringLiteral("Restart PHP-FPM: a reload keeps the socket it has, "
                                "with the old owner and mode.");
    finding.edit = edit;
}

// Why no PHP-FPM configuration could be read, each instance with its error.
QString unreadConfigsSummary(const FpmModel &fpm)
{
    QStringList why;
    for (const FpmInstance &instance : fpm.instances)
        why << QStringLiteral("%1 (%2)").arg(instance.config, instance.configError);
    const QString reasons = why.join(QLatin1String(", "));
    return QStringLiteral("%1could not read the PHP-FPM configuration: %2")
            .arg(reasons.contains(QLatin1String("Permission denied"))
                         ? QStringLiteral("needs sudo: ")
                         : QString(),
                 reasons);
}

} // namespace

CheckResult PhpFpmPoolsCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    QList<const UpstreamTarget *> targets;
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive == QLatin1String("fastcgi_pass") && !target.peers.isEmpty())
            targets << &target;
    }
    if (targets.isEmpty())
        return result(model.nginx ? CheckStatus::Pass : CheckStatus::Skip,
                      model.nginx ? QStringLiteral("nginx passes nothing to FastCGI")
                                  : QStringLiteral("the nginx configuration could not be read"));
    if (!model.fpm.anyConfigRead()) {
        if (model.fpm.instances.isEmpty())
            return notApplicable(QStringLiteral("PHP-FPM is not installed here"));
        return result(CheckStatus::Skip, unreadConfigsSummary(model.fpm));
    }

    PoolMatcher matcher(model, findings);
    QSet<QString> seen;
    for (const UpstreamTarget *target : targets) {
        for (const QString &peer : target->peers) {
            if (seen.contains(peer))
                continue;
            seen.insert(peer);
            matcher.matchPeer(peer, *target);
        }
    }
    if (!matcher.problems.isEmpty())
        return result(CheckStatus::Fail,
                      (matcher.problems + matcher.unknown).join(QLatin1String("; ")));
    if (matcher.matched == 0 && !matcher.unknown.isEmpty())
        return result(CheckStatus::Skip, matcher.unknown.join(QLatin1String("; ")));
    return result(CheckStatus::Pass,
                  QStringLiteral("%1 fastcgi_pass target(s) match a pool that nginx's user %2 may "
                                 "connect to")
                          .arg(matcher.matched)
                          .arg(matcher.worker));
}

} // namespace gs::checks
