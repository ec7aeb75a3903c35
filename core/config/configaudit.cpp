#include "config/configaudit.h"

#include "remote/remotehost.h"

namespace gs::config {

namespace {

audit::AuditEntry base(const ConfigAudit::Where &where, const QString &action)
{
    audit::AuditEntry entry;
    entry.server = where.server.isEmpty() ? where.host : where.server;
    entry.host = where.host;
    entry.action = action;
    return entry;
}

QString withBackup(const ApplyResult &result, const QString &what)
{
    return result.message
           + (result.backupId.isEmpty() ? QString()
                                        : QStringLiteral(" (%1 %2)").arg(what, result.backupId));
}

} // namespace

ConfigAudit::Where ConfigAudit::Where::at(const QString &server, const remote::RemoteHost &host)
{
    return {server, host.options().displayName()};
}

audit::AuditEntry ConfigAudit::fileApply(const Where &where,
                                         const QString &action,
                                         const QString &path,
                                         qsizetype bytes,
                                         const QString &expectedSha256,
                                         const ApplyResult &result)
{
    audit::AuditEntry entry = base(where, action);
    entry.subject = path;
    entry.command = QStringLiteral("safe apply of %1 (%2 bytes, sha256 before %3)")
                            .arg(path)
                            .arg(bytes)
                            .arg(expectedSha256.isEmpty() ? QStringLiteral("not checked")
                                                          : expectedSha256);
    entry.outcome = applyOutcomeName(result.outcome);
    entry.detail = withBackup(result, QStringLiteral("backup"));
    return entry;
}

audit::AuditEntry ConfigAudit::edit(const Where &where,
                                    const QString &action,
                                    const QString &command,
                                    const QString &path,
                                    const QString &diff,
                                    const ApplyResult &result)
{
    audit::AuditEntry entry = base(where, action);
    entry.subject = path;
    entry.command = command;
    entry.outcome
            = result.outcome == ApplyOutcome::Applied || result.outcome == ApplyOutcome::Unchanged
                      ? QStringLiteral("ok")
                      : applyOutcomeName(result.outcome);
    entry.detail = result.message + QLatin1Char('\n') + diff.left(4000);
    return entry;
}

audit::AuditEntry ConfigAudit::fix(const Where &where,
                                   const QString &findingId,
                                   const QString &path,
                                   const QString &expectedSha256,
                                   const QString &diff,
                                   const ApplyResult &result)
{
    return edit(where,
                QStringLiteral("config.fix"),
                QStringLiteral("guided fix of %1 on %2 (safe apply, expect sha256 %3)")
                        .arg(findingId, path, expectedSha256),
                path,
                diff,
                result);
}

audit::AuditEntry ConfigAudit::recipe(const Where &where,
                                      const QString &recipe,
                                      const QString &path,
                                      const QString &expectedSha256,
                                      const QString &diff,
                                      const ApplyResult &result)
{
    return edit(where,
                QStringLiteral("config.recipe"),
                QStringLiteral("recipe %1 %2 (safe apply, expect sha256 %3)")
                        .arg(recipe, path, expectedSha256),
                path,
                diff,
                result);
}

audit::AuditEntry
ConfigAudit::snapshot(const Where &where, const SnapshotCreation &creation, const QString &note)
{
    // What the snapshot covers: the prepare step says it in words ("nginx and PHP-FPM: 3
    // directories"); a snapshot refused before that names its paths, or nothing.
    QString what;
    for (const ApplyStep &step : creation.steps) {
        if (step.name == QLatin1String("prepare") && step.status == ApplyStep::Status::Ok)
            what = step.detail;
    }
    if (what.isEmpty())
        what = creation.entry.paths().join(QLatin1String(", "));
    audit::AuditEntry entry = base(where, QStringLiteral("config.snapshot"));
    entry.command
            = QStringLiteral("snapshot of %1%2")
                      .arg(what.isEmpty() ? QStringLiteral("the configuration") : what,
                           note.isEmpty() ? QString() : QStringLiteral(" (note: %1)").arg(note));
    entry.outcome = creation.created ? QStringLiteral("ok") : QStringLiteral("failed");
    entry.detail = creation.message;
    return entry;
}

audit::AuditEntry
ConfigAudit::snapshotRestore(const Where &where, const QString &id, const ApplyResult &result)
{
    audit::AuditEntry entry = base(where, QStringLiteral("config.restore-snapshot"));
    entry.subject = id;
    entry.command = QStringLiteral("restore of snapshot %1").arg(id);
    entry.outcome = applyOutcomeName(result.outcome);
    entry.detail = withBackup(result, QStringLiteral("pre-restore snapshot"));
    return entry;
}

Result<void> ConfigAudit::record(const audit::AuditEntry &entry)
{
    return audit::AuditLog().append(entry);
}

} // namespace gs::config
