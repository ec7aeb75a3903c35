#pragma once

#include "audit/auditlog.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace gs::audit {

// Which audit entries belong in a report: those of one server (by the name the user gave it,
// or by user@host:port, since the CLI records the target as typed and the GUI the inventory
// name) inside a time range. Pure.
class AuditFilter
{
public:
    // The server's entries of the last `days` days before `now` (UTC).
    static AuditFilter forServer(const QString &name,
                                 const QString &hostKey,
                                 const QDateTime &now,
                                 int days = kDefaultDays);

    static constexpr int kDefaultDays = 7;

    QStringList servers; // entry.server equal to one of these
    QStringList hosts;   // or entry.host equal to one of these
    QDateTime since;     // inclusive; invalid: no lower bound
    QDateTime until;     // inclusive; invalid: no upper bound

    bool matches(const AuditEntry &entry) const;
    // The matching entries, oldest first.
    QList<AuditEntry> select(const QList<AuditEntry> &entries) const;
};

} // namespace gs::audit
