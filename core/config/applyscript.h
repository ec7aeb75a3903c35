#pragma once

#include "config/configservice.h"
#include "config/healthplan.h"

#include <QString>

namespace gs::config {

// The safe-apply protocol (architecture.md, "Safe apply") as ONE POSIX sh script that runs on the
// server (core/scripts/apply.sh after the libraries lock-journal.sh and service-health.sh, its
// inputs assigned in front) under `flock` for the whole sequence: lock, preflight (sha256 conflict
// check, free space, stale candidates of an interrupted apply removed, baseline probes), backup,
// candidate (the new content from stdin, sha256-checked, owner/mode/label copied, fsynced),
// validate in place, reload, health check, and rollback on any failure after the rename. Running on
// the server is what makes a dropped connection harmless: the script ignores SIGHUP/SIGPIPE and
// finishes the sequence (a rollback included) on its own; every rename is atomic, so the file is
// always old or new, whole. Progress is printed as marker lines (ApplyEventParser) and also
// appended to a journal file on the server, which a client that lost the connection reads back
// afterwards.
class ApplyScript
{
public:
    struct Params
    {
        QString nonce; // random, [A-Za-z0-9]; marks the protocol lines and names the journal
        QString path;  // as the user named it; resolved with readlink -f on the server
        QString expectedSha256;
        QString newSha256; // of the content sent on stdin
        ConfigService service;
        HealthPlan health;
        QString backupRoot = QStringLiteral("/var/backups/gatescope");
        QString lockFile = QStringLiteral("/run/lock/gatescope.lock");
        int keepBackups = 20;
        int lockWaitSeconds = 300;
        // Test hook: sleep this long right after the named step (to cut the connection there).
        QString pauseAfterStep;
        int pauseSeconds = 0;
    };

    static QString build(const Params &params);

    // The inputs of the scripts that speak this protocol (SnapshotScript too), each assigned
    // through shellQuote. protocolInputs(): what core/scripts/lock-journal.sh expects.
    static QString protocolInputs(const QString &nonce,
                                  const QString &backupRoot,
                                  const QString &lockFile,
                                  int lockWaitSeconds,
                                  const QString &pauseAfterStep,
                                  int pauseSeconds);
    // What core/scripts/service-health.sh expects of service `index` (gs_kind_N, gs_test_cmd_N,
    // its error logs...): `gs_use N` makes it the current one.
    static QString serviceVariables(const ConfigService &service, int index);
    // What it expects of the health plan's checks (gs_ck_N, gs_ca_N, ..., gs_nchecks).
    static QString checkVariables(const HealthPlan &health);
    // Where the script keeps its journal for `nonce`, and the host lock it takes.
    static QString journalPath(const QString &backupRoot, const QString &nonce);
    static QString lockPath();
    // 128 random bits in hex: names one run's journal and event markers.
    static QString randomNonce();
    // A recovery command: waits for the host lock (the apply has finished or died) and prints
    // the journal of `nonce`.
    static QString journalCommand(const QString &backupRoot, const QString &nonce, int waitSeconds);
    // The remote backup directory of a real path: backupRoot + "/files" + realPath.
    static QString backupDir(const QString &backupRoot, const QString &realPath);
};

} // namespace gs::config
