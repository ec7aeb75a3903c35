#pragma once

#include "config/configservice.h"
#include "config/healthplan.h"
#include "config/snapshotentry.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace gs::config {

// The whole-tree snapshot's server side as POSIX sh scripts speaking ApplyScript's marker
// protocol (ApplyEventParser reads them; they keep a journal too): core/scripts/snapshot-create.sh
// and snapshot-restore.sh after the libraries lock-journal.sh, service-health.sh and
// snapshot-trees.sh, their inputs assigned in front through shellQuote. They run under the host
// lock safe apply takes, ignore SIGHUP/SIGPIPE and so finish on their own when the connection
// drops.
//
// create: lists the trees (minus state: logs, temp directories), digests them (path, type, mode,
// owner, content), archives them with GNU tar (symlinks as symlinks) into
// <backupRoot>/snapshots/<id>.tar.gz, writes <id>.manifest last (a snapshot exists once its
// manifest does) and keeps the newest `keep`.
//
// restore: checks the tarball's sha256, takes a pre-restore snapshot of the same trees, then per
// tree extracts the snapshot into a staging directory next to it (same filesystem) and makes the
// live tree identical: directories first, then what the snapshot lacks is removed (deepest
// first), then each file and symlink that differs is renamed into place. It checks the result
// against the snapshot's tree digest, validates every service (nginx -t, php-fpm -t), puts the
// pre-restore snapshot back the same way if validation fails (result validation_failed, nothing
// reloaded), else reloads every running master and judges the health check once all have
// reloaded; a failure there rolls back to the pre-restore snapshot, validates, reloads and checks
// again (rolled_back / rollback_failed).
//
// Guarantee: every file is at every moment either its old or its new version, whole (rename(2)
// within one filesystem). The tree as a whole is mixed only while the script runs; a dropped
// connection does not stop it. If the script itself dies mid-swap (reboot, kill -9), the marker
// <backupRoot>/snapshots/.restoring names the pre-restore snapshot to put back, and the next
// create or restore reports it and removes the staging directories left behind.
class SnapshotScript
{
public:
    struct Params
    {
        QString nonce; // [A-Za-z0-9]: marks the protocol lines, names journal and staging dirs
        QString backupRoot = QStringLiteral("/var/backups/gatescope");
        QString lockFile = QStringLiteral("/run/lock/gatescope.lock");
        int lockWaitSeconds = 300;
        int keep = 10;
        QList<ConfigService> services; // validated (and, on restore, reloaded)
        // create: what to take (directories, files, exclusions, probes, pings, note).
        // restore: the snapshot to put back, as its manifest says.
        SnapshotEntry snapshot;
        // restore: more state never to touch (the exclusions of the configuration in force), the
        // checks after the reload, and the note of the pre-restore snapshot.
        QStringList extraExcluded;
        QStringList extraExcludedLogs;
        HealthPlan health;
        QString preRestoreNote;
        // Test hook (see ApplyScript::Params): pause after a step.
        QString pauseAfterStep;
        int pauseSeconds = 0;
    };

    static QString create(const Params &params);
    static QString restore(const Params &params);

    // <backupRoot>/snapshots
    static QString directory(const QString &backupRoot);
    // Prints every snapshot's manifest ("@@snapshot<TAB>ID", the manifest, "@@tarball<TAB>SIZE"
    // when the tarball is there); SnapshotManifest::parseListing() reads it.
    static QString listCommand(const QString &backupRoot);
    // The tarball's bytes on stdout.
    static QString readCommand(const QString &backupRoot, const QString &id);
    // Puts a local copy back on the server (tarball on stdin, sha256-checked) with its manifest,
    // under the host lock. Prints "@@uploaded" when done.
    static QString uploadCommand(const QString &backupRoot,
                                 const QString &id,
                                 const QString &sha256,
                                 const QByteArray &manifest,
                                 int lockWaitSeconds);
};

} // namespace gs::config
