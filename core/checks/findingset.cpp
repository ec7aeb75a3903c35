#include "checks/findingset.h"

#include "findings/findingcatalog.h"

#include <algorithm>

namespace gs::checks {

using findings::Finding;

QString FindingSet::key(const QString &id, const QString &upstream)
{
    return id + QLatin1Char('|') + upstream;
}

Finding &FindingSet::get(const QString &id, const QString &upstream)
{
    const QString k = key(id, upstream);
    auto it = m_findings.find(k);
    if (it == m_findings.end()) {
        Finding finding = findings::FindingCatalog::make(id);
        finding.upstream = upstream;
        it = m_findings.insert(k, finding);
    }
    return it.value();
}

bool FindingSet::contains(const QString &id) const
{
    for (const Finding &finding : m_findings) {
        if (finding.id == id)
            return true;
    }
    return false;
}

void FindingSet::confirmLive(const QString &id, const QString &upstream)
{
    m_live.insert(key(id, upstream), true);
}

bool FindingSet::isLive(const Finding &finding) const
{
    return m_live.value(key(finding.id, finding.upstream), false);
}

void FindingSet::forEach(const std::function<void(Finding &, bool)> &visit)
{
    for (auto it = m_findings.begin(); it != m_findings.end(); ++it)
        visit(it.value(), isLive(it.value()));
}

int FindingSet::causeRank(const QString &id)
{
    // Causes before the symptoms they produce: a stopped FPM shows up as missing sockets and
    // refused connections, an OOM kill as killed workers and closed connections.
    static const QStringList order = {
            QStringLiteral("nginx.not_installed"),
            QStringLiteral("nginx.not_running"),
            QStringLiteral("nginx.config_invalid"),
            QStringLiteral("nginx.upstream_host_not_found"),
            QStringLiteral("nginx.port_conflict"),
            QStringLiteral("nginx.not_listening"),
            QStringLiteral("phpfpm.not_running"),
            QStringLiteral("phpfpm.config_invalid"),
            QStringLiteral("system.oom_kill"),
            QStringLiteral("system.disk_full"),
            QStringLiteral("app.service_down"),
            QStringLiteral("app.crash_loop"),
            QStringLiteral("phpfpm.listen_mismatch"),
            QStringLiteral("upstream.address_mismatch"),
            QStringLiteral("phpfpm.socket_permissions"),
            QStringLiteral("upstream.socket_permission_denied"),
            QStringLiteral("upstream.socket_missing"),
            QStringLiteral("system.selinux_denied"),
            QStringLiteral("upstream.firewall_blocked"),
            QStringLiteral("upstream.connection_refused"),
            QStringLiteral("phpfpm.worker_killed"),
            QStringLiteral("phpfpm.max_children_reached"),
            QStringLiteral("upstream.backlog_full"),
            QStringLiteral("upstream.header_too_big"),
            QStringLiteral("upstream.protocol_mismatch"),
            QStringLiteral("upstream.ssl_handshake_failed"),
            QStringLiteral("upstream.dns_failure"),
            QStringLiteral("upstream.unreachable"),
            QStringLiteral("upstream.ephemeral_ports_exhausted"),
            QStringLiteral("upstream.connection_reset"),
            QStringLiteral("upstream.prematurely_closed"),
            QStringLiteral("upstream.invalid_header"),
            QStringLiteral("phpfpm.request_timeout"),
            QStringLiteral("phpfpm.timeout_misaligned"),
            QStringLiteral("upstream.timeout"),
            QStringLiteral("upstream.no_live_upstreams"),
    };
    const qsizetype at = order.indexOf(id);
    return at < 0 ? 100 : static_cast<int>(at);
}

QList<Finding> FindingSet::ordered() const
{
    QList<Finding> list;
    for (auto it = m_findings.begin(); it != m_findings.end(); ++it)
        list << it.value();
    // A cause explains its symptoms' failures: it is as severe as they are.
    for (Finding &cause : list) {
        for (const Finding &symptom : std::as_const(list)) {
            if (cause.state != Finding::State::Past && symptom.state != Finding::State::Past
                && symptom.severity > cause.severity
                && findings::FindingCatalog::causes(cause.id, symptom.id))
                cause.severity = symptom.severity;
        }
    }
    // Conditions of the whole host or configuration explain little on their own: within a
    // severity they follow the specific causes.
    static const QStringList context = {
            QStringLiteral("system.load_high"),
            QStringLiteral("system.memory_pressure"),
            QStringLiteral("nginx.config_warning"),
            QStringLiteral("upstream.keepalive_missing"),
            QStringLiteral("system.fd_limit"),
            QStringLiteral("phpfpm.slow_requests"),
    };
    std::stable_sort(list.begin(), list.end(), [&](const Finding &a, const Finding &b) {
        // What happened before a fix explains nothing happening now.
        const bool pastA = a.state == Finding::State::Past;
        const bool pastB = b.state == Finding::State::Past;
        if (pastA != pastB)
            return pastB;
        if (a.severity != b.severity)
            return a.severity > b.severity;
        // Happening now before happening on and off.
        if (a.state != b.state)
            return a.state == Finding::State::Current;
        const bool contextA = context.contains(a.id);
        const bool contextB = context.contains(b.id);
        if (contextA != contextB)
            return contextB;
        if (isLive(a) != isLive(b))
            return isLive(a);
        const int rankA = causeRank(a.id);
        const int rankB = causeRank(b.id);
        if (rankA != rankB)
            return rankA < rankB;
        if (a.lastSeen != b.lastSeen)
            return a.lastSeen > b.lastSeen;
        return a.count > b.count;
    });
    causesFirst(list);
    linkStories(list);
    return list;
}

void FindingSet::causesFirst(QList<Finding> &list)
{
    // Move each cause just ahead of the first of its symptoms listed before it; past findings
    // stay where they are (they explain nothing happening now).
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (list.at(i).state == Finding::State::Past)
            continue;
        for (qsizetype j = 0; j < i; ++j) {
            if (list.at(j).state != Finding::State::Past
                && findings::FindingCatalog::causes(list.at(i).id, list.at(j).id)) {
                const Finding cause = list.takeAt(i);
                list.insert(j, cause);
                const QString symptomTitle = list.at(j + 1).title;
                Finding &moved = list[j];
                const QString note
                        = QStringLiteral(" It is the cause of the finding after it: \"%1\".")
                                  .arg(symptomTitle);
                if (!moved.explanation.contains(note))
                    moved.explanation += note;
                break;
            }
        }
    }
}

void FindingSet::linkStories(QList<Finding> &list) const
{
    auto find = [&list](const QString &id) -> Finding * {
        for (Finding &finding : list) {
            if (finding.id == id)
                return &finding;
        }
        return nullptr;
    };
    if (Finding *noLive = find(QStringLiteral("upstream.no_live_upstreams"))) {
        QStringList causes;
        for (const Finding &finding : list) {
            if (finding.id.startsWith(QLatin1String("upstream.")) && finding.id != noLive->id
                && finding.severity == Finding::Severity::Critical)
                causes << finding.id;
        }
        if (!causes.isEmpty()) {
            noLive->explanation
                    += QStringLiteral(" Here it follows the errors logged just before it "
                                      "(%1): nginx marked every server of the group as "
                                      "failed because of them, so fix those first.")
                               .arg(causes.join(QLatin1String(", ")));
        }
    }
    Finding *killed = find(QStringLiteral("phpfpm.worker_killed"));
    Finding *oom = find(QStringLiteral("system.oom_kill"));
    Finding *closed = find(QStringLiteral("upstream.prematurely_closed"));
    if (killed && (oom || closed)) {
        killed->explanation
                += QStringLiteral(
                           " This is one story with %1: the worker was killed%2, so nginx saw the "
                           "connection close before any answer.")
                           .arg(oom && closed
                                        ? QStringLiteral("the kernel's OOM kill and the closed "
                                                         "upstream connections")
                                : oom ? QStringLiteral("the kernel's OOM kill")
                                      : QStringLiteral("the closed upstream connections"),
                                oom ? QStringLiteral(" by the kernel for lack of memory")
                                    : QString());
    }
}

} // namespace gs::checks
