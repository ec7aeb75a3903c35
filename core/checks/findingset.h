#pragma once

#include "findings/finding.h"
#include "findings/findingid.h"

#include <QList>
#include <QMap>
#include <QString>

#include <functional>

namespace gs::checks {

// The findings of one diagnosis, one per (id, upstream), merged as checks report occurrences;
// ordered most likely root cause first, with related findings told as one story.
class FindingSet
{
public:
    // The finding for id (and upstream, when it concerns one), created from the catalog.
    findings::Finding &get(findings::FindingId id, const QString &upstream = {});
    bool contains(findings::FindingId id) const;
    // Marks a finding as confirmed now by a live probe (it outranks log history).
    void confirmLive(const findings::Finding &finding);
    bool isLive(const findings::Finding &finding) const;
    // Every finding, to settle what the whole set shows (when each happened).
    void forEach(const std::function<void(findings::Finding &finding, bool live)> &visit);

    // Root cause first: current and intermittent before past, severity, then live confirmation,
    // then the cause-before-symptom order of the catalog, then the most recent.
    QList<findings::Finding> ordered() const;

private:
    static QString key(const QString &id, const QString &upstream);
    void linkStories(QList<findings::Finding> &list) const;
    // Causes before their symptoms (catalog links), with the symptom's severity.
    static void causesFirst(QList<findings::Finding> &list);

    QMap<QString, findings::Finding> m_findings;
    QMap<QString, bool> m_live;
};

} // namespace gs::checks
