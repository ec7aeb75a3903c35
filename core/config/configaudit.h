#pragma once

#include "audit/auditlog.h"
#include "config/applyresult.h"
#include "config/snapshotcreation.h"

#include <QString>

namespace gs::remote {
class RemoteHost;
}

namespace gs::config {

// What a configuration change leaves in the audit log, worded once for both front ends: the CLI
// and the app record the same entry for the same change (`gatescope-cli audit` and the app's
// Activity page read one log). Builders are pure; record() appends.
class ConfigAudit
{
public:
    // Where and by whom: the inventory name (or target as typed) and user@host:port.
    struct Where
    {
        QString server;
        QString host;

        // The server's name as the user knows it, on the host a session is open to.
        static Where at(const QString &server, const remote::RemoteHost &host);
    };

    // A file written through safe apply: "config.apply" (an edit) or "config.restore" (a
    // backup put back, also the app's automatic revert). Outcome: the apply outcome's name.
    static audit::AuditEntry fileApply(const Where &where,
                                       const QString &action,
                                       const QString &path,
                                       qsizetype bytes,
                                       const QString &expectedSha256,
                                       const ApplyResult &result);
    // A guided fix of a finding ("config.fix"): outcome "ok" when it applied.
    static audit::AuditEntry fix(const Where &where,
                                 const QString &findingId,
                                 const QString &path,
                                 const QString &expectedSha256,
                                 const QString &diff,
                                 const ApplyResult &result);
    // A recipe ("config.recipe"): outcome "ok" when it applied.
    static audit::AuditEntry recipe(const Where &where,
                                    const QString &recipe,
                                    const QString &path,
                                    const QString &expectedSha256,
                                    const QString &diff,
                                    const ApplyResult &result);
    // A whole-tree snapshot taken ("config.snapshot").
    static audit::AuditEntry
    snapshot(const Where &where, const SnapshotCreation &creation, const QString &note);
    // A snapshot put back ("config.restore-snapshot").
    static audit::AuditEntry
    snapshotRestore(const Where &where, const QString &id, const ApplyResult &result);

    // Appends to the default audit log. A log that cannot be written is returned to be
    // mentioned; it never undoes the change.
    static Result<void> record(const audit::AuditEntry &entry);

private:
    static audit::AuditEntry edit(const Where &where,
                                  const QString &action,
                                  const QString &command,
                                  const QString &path,
                                  const QString &diff,
                                  const ApplyResult &result);
};

} // namespace gs::config
