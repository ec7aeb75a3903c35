#pragma once

#include "config/applystep.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gs::config {

enum class ApplyOutcome {
    Applied,          // the new file is in force and the service is healthy
    Unchanged,        // the server already had this content; nothing was done
    ValidationFailed, // nginx -t / php-fpm -t refused it; the original was put back at once
    Conflict,         // the file changed since the edit started; nothing was done
    RolledBack,       // reload or health check failed; the original is back and healthy
    RollbackFailed,   // rolled back, but the service is still unhealthy (or the restore failed)
    Error,            // the sequence could not run (not a config file, no lock, upload broke...)
};

QString applyOutcomeName(ApplyOutcome outcome); // "applied", "validation_failed", ...
// The outcome a server-side script reported by name; Error for anything unknown.
ApplyOutcome applyOutcomeFromName(QStringView name);

// Everything a safe apply (or restore) did, for the CLI's JSON and the GUI's step list.
struct ApplyResult
{
    QString path;
    QString realPath;
    ApplyOutcome outcome = ApplyOutcome::Error;
    QString message; // one sentence for people: what happened and what state the file is in
    QString oldSha256;
    QString newSha256;
    QString backupId;
    QString backupPath;      // on the server
    QString localBackupPath; // on this machine; empty when the local copy failed
    QString validationCommand;
    QString validationOutput;
    QList<ApplyStep> steps;
    // Applied, but health checks that fail after it (the site was failing and still is): the
    // change did not make things worse, and did not make the site answer. Never "healthy".
    QStringList stillFailing;
    // What the change needs before it can take effect, when a reload is not enough (a PHP-FPM
    // pool's listen settings): the command, e.g. "systemctl restart php8.2-fpm.service", or
    // a sentence when Gatescope does not know the command. Empty when nothing is needed.
    QString restartNeeded;
    // The service to restart for it, as ServiceControl and `gatescope-cli service TARGET
    // restart NAME` name it ("php-fpm:/etc/php/8.2/fpm/php-fpm.conf"), so a front end can offer
    // the restart itself. Empty when restartNeeded is.
    QString restartService;

    bool applied() const { return outcome == ApplyOutcome::Applied; }
    bool rolledBack() const
    {
        return outcome == ApplyOutcome::RolledBack || outcome == ApplyOutcome::RollbackFailed;
    }

    // spec/cli.md: {"path","applied","rolled_back","backup":{"id","path"}|null,
    // "validation":{"command","output"},"steps":[{"name","status","detail"}]} plus "outcome",
    // "message" and the local backup path; "still_failing" and "restart_needed" when set.
    QJsonObject toJson() const;
};

} // namespace gs::config
