#include "audit/auditfilter.h"

#include <algorithm>

namespace gs::audit {

AuditFilter
AuditFilter::forServer(const QString &name, const QString &hostKey, const QDateTime &now, int days)
{
    AuditFilter filter;
    if (!name.isEmpty())
        filter.servers << name;
    if (!hostKey.isEmpty())
        filter.hosts << hostKey;
    filter.since = now.toUTC().addDays(-days);
    return filter;
}

bool AuditFilter::matches(const AuditEntry &entry) const
{
    const bool server = (!entry.server.isEmpty() && servers.contains(entry.server))
                        || (!entry.host.isEmpty() && hosts.contains(entry.host));
    if (!server)
        return false;
    // An entry without a readable time cannot be placed in the range: leave it out rather
    // than show it under a range it may not belong to.
    if ((since.isValid() || until.isValid()) && !entry.time.isValid())
        return false;
    if (since.isValid() && entry.time < since)
        return false;
    if (until.isValid() && entry.time > until)
        return false;
    return true;
}

QList<AuditEntry> AuditFilter::select(const QList<AuditEntry> &entries) const
{
    QList<AuditEntry> selected;
    for (const AuditEntry &entry : entries) {
        if (matches(entry))
            selected << entry;
    }
    // GUI and CLI append concurrently, so the file is nearly but not strictly in time order.
    std::stable_sort(selected.begin(),
                     selected.end(),
                     [](const AuditEntry &a, const AuditEntry &b) { return a.time < b.time; });
    return selected;
}

} // namespace gs::audit
