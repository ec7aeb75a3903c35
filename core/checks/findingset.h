#pragma once

#include "findings/finding.h"

#include <QList>
#include <QMap>
#include <QString>

namespace gs::checks {

// The findings of one diagnosis, one per (id, upstream), merged as checks report occurrences;
// ordered most likely root cause first, with related findings told as one story.
class FindingSet
{
public:
    // The finding for id (and upstream, when it concerns one), created from the catalog.
    findings::Finding &get(const QString &id, const QString &upstream = {});
    bool contains(const QString &id) const;
    // Marks a finding as confirmed now by a live probe (it outranks log history).
    void confirmLive(const QString &id, const QString &upstream = {});

    // Root cause first: severity, then live confirmation, then the cause-before-symptom order of
    // the catalog, then the most recent.
    QList<findings::Finding> ordered() const;

    static int causeRank(const QString &id);

private:
    static QString key(const QString &id, const QString &upstream);
    void linkStories(QList<findings::Finding> &list) const;

    QMap<QString, findings::Finding> m_findings;
    QMap<QString, bool> m_live;
};

} // namespace gs::checks
