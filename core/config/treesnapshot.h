#pragma once

#include "config/applyresult.h"
#include "config/configfileset.h"
#include "config/snapshotcreation.h"
#include "config/snapshotentry.h"
#include "config/snapshotscope.h"
#include "remote/remotehost.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace gs::config {

// Whole-tree snapshots of a server's nginx and PHP-FPM configuration (SnapshotScope says what a
// tree is): taken before a risky change, listed, and restored through the safe-apply discipline
// (SnapshotScript: host lock, pre-restore snapshot, swap by rename, nginx -t / php-fpm -t, reload,
// health check, rollback). On the server they live in <BackupStore::remoteRootFor(host)>/
// snapshots/<id>.tar.gz + <id>.manifest (the newest kKeep); a copy of each is kept here under
// <BackupStore::localRoot()>/<host key>/snapshots/ (mode 0600: trees may hold TLS keys), so a
// snapshot survives the loss of the server's backup area and is uploaded again to restore it.
//
// Blocking: worker threads and the CLI only. `onStep` is called on the session's thread (or the
// caller's) with each step's new state. A connection that drops mid-script does not stop the
// server's side: create() and restore() reconnect, wait for the host lock and read the journal.
class TreeSnapshot
{
public:
    static constexpr int kKeep = 10;

    struct Options
    {
        QString backupRoot; // empty: BackupStore::remoteRootFor(host)
        // Where several nginx run: the -c file of the one whose configuration is meant (with the
        // PHP-FPM masters it passes to); empty takes every master (see SnapshotScope).
        QString nginxConfig;
        int lockWaitSeconds = 300;
        // Test hook (see SafeApply::Request): pause after a step so a test can cut the line.
        QString pauseAfterStep;
        int pauseSeconds = 0;
        std::function<void(const QString &step, const QString &sshdPid)> onPause;
    };

    using StepCallback = std::function<void(const ApplyStep &step)>;

    explicit TreeSnapshot(remote::RemoteHost &host);
    TreeSnapshot(remote::RemoteHost &host, Options options);

    // Uses this listing instead of discovering the files again.
    void setFiles(const ConfigFileSet &files) { m_files = files; }

    // What a snapshot of this server takes now (reads the configuration in force).
    Result<SnapshotScope> scope();
    // Takes a snapshot; `note` says why ("before restarting nginx").
    SnapshotCreation create(const QString &note, const StepCallback &onStep = {});
    // Every snapshot of this server, newest first: the server's and the local copies by id.
    Result<QList<SnapshotEntry>> list();
    // Makes the configuration trees what snapshot `id` holds (ApplyResult: path "snapshot ID",
    // backupId the pre-restore snapshot, validation output of every service).
    ApplyResult restore(const QString &id, const StepCallback &onStep = {});

    static QString localDir(const QString &hostKey);
    static QList<SnapshotEntry> listLocal(const QString &hostKey);

private:
    QString backupRoot();
    QString hostKey() const;
    Result<ConfigFileSet> files();
    // Runs a protocol script; returns its parser (the live one, or the journal read back after
    // the connection dropped) or an error when how it ended could not be learnt.
    struct ScriptRun;
    ScriptRun runScript(const QString &script,
                        const QString &nonce,
                        const QString &label,
                        const std::function<void(const ApplyStep &)> &update);
    // Copies a snapshot from the server to localDir(); returns the tarball's local path.
    Result<QString> saveLocal(const QString &id);
    Result<void> upload(const SnapshotEntry &entry);
    QList<ConfigService> servicesOf(const SnapshotScope &scope) const;

    remote::RemoteHost &m_host;
    Options m_options;
    QString m_backupRoot;
    std::optional<ConfigFileSet> m_files;
};

} // namespace gs::config
