#include "checks/findingset.h"

#include "findings/findingcatalog.h"

#include <algorithm>

namespace gs::checks {

using findings::Finding;

QString FindingSet::key(const QString &id, const QString &upstream)
{
    return id + QLatin1Char('|') + upstream;
}

Finding &FindingSet::get(findings::FindingId id, const QString &upstream)
{
    const QString k = key(findings::findingName(id), upstream);
    auto it = m_findings.find(k);
    if (it == m_findings.end()) {
        Finding finding = findings::FindingCatalog::make(id);
        finding.upstream = upstream;
        it = m_findings.insert(k, finding);
    }
    return it.value();
}

bool FindingSet::contains(findings::FindingId id) const
{
    for (const Finding &finding : m_findings) {
        if (finding.is(id))
            return true;
    }
    return false;
}

void FindingSet::confirmLive(const Finding &finding)
{
    m_live.insert(key(finding.id, finding.upstream), true);
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
    using findings::FindingCatalog;
    auto isContext = [](const Finding &finding) {
        const FindingCatalog::Entry *entry = FindingCatalog::find(finding.id);
        return entry && entry->context;
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
        // Conditions of the whole host or configuration explain little on their own: within a
        // severity they follow the specific causes.
        const bool contextA = isContext(a);
        const bool contextB = isContext(b);
        if (contextA != contextB)
            return contextB;
        if (isLive(a) != isLive(b))
            return isLive(a);
        const int rankA = FindingCatalog::rank(a.id);
        const int rankB = FindingCatalog::rank(b.id);
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
    auto find = [&list](findings::FindingId id) -> Finding * {
        for (Finding &finding : list) {
            if (finding.is(id))
                return &finding;
        }
        return nullptr;
    };
    if (Finding *noLive = find(findings::FindingId::UpstreamNoLiveUpstreams)) {
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
    Finding *killed = find(findings::FindingId::PhpFpmWorkerKilled);
    Finding *oom = find(findings::FindingId::SystemOomKill);
    Finding *closed = find(findings::FindingId::UpstreamPrematurelyClosed);
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
