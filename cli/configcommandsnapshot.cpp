// gatescope-cli config snapshot / snapshots / restore-snapshot: whole-tree snapshots of the nginx
// and PHP-FPM configuration (core/config/treesnapshot.h).

#include "clicommands.h"
#include "configcommandsupport.h"
#include "snapshotfirst.h"

#include "audit/auditlog.h"
#include "config/backupid.h"
#include "config/treesnapshot.h"
#include "inventory/inventory.h"

#include <QHash>
#include <QJsonArray>
#include <QMutex>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

config::TreeSnapshot::Options snapshotOptions(const QString &nginxConfig)
{
    config::TreeSnapshot::Options options;
    options.nginxConfig = nginxConfig;
    options.pauseAfterStep = testPauseStep();
    options.pauseSeconds = testPauseSeconds();
    options.onPause = [](const QString &step, const QString &sshdPid) {
        QTextStream(stderr) << "paused after " << step << " (sshd pid " << sshdPid << ")\n";
    };
    return options;
}

config::SnapshotCreation createAndAudit(remote::RemoteHost &host,
                                        const QString &target,
                                        const QString &note,
                                        const QString &nginxConfig)
{
    StepPrinter printer;
    config::TreeSnapshot snapshots(host, snapshotOptions(nginxConfig));
    const config::SnapshotCreation creation = snapshots.create(
            note, [&printer](const config::ApplyStep &step) { printer.print(step); });
    recordAudit(config::ConfigAudit::snapshot(
            config::ConfigAudit::Where::at(target, host), creation, note));
    return creation;
}

QString entryLine(const config::SnapshotEntry &entry)
{
    QStringList where;
    if (!entry.remotePath.isEmpty())
        where << QStringLiteral("server");
    if (!entry.localPath.isEmpty())
        where << QStringLiteral("here");
    return QStringLiteral("%1  %2  %3 files  %4 bytes  %5%6%7")
            .arg(entry.id, entry.created)
            .arg(entry.fileCount)
            .arg(entry.size)
            .arg(where.join(QLatin1Char('+')),
                 entry.validation == QLatin1String("failed")
                         ? QStringLiteral("  (did not validate when taken)")
                         : QString(),
                 entry.note.isEmpty() ? QString() : QStringLiteral("  ") + entry.note);
}

} // namespace

QString snapshotNginxConfig(const QString &target, const QString &given)
{
    if (!given.isEmpty())
        return given;
    auto inventory = inventory::Inventory::load(inventory::Inventory::defaultPath());
    const inventory::Server *server = inventory ? inventory->find(target) : nullptr;
    return server ? server->nginxConfig : QString();
}

Result<QJsonObject> takeSnapshotFirst(remote::RemoteHost &host,
                                      const QString &target,
                                      const QString &note,
                                      const QString &nginxConfig)
{
    QTextStream(stderr) << "Taking a snapshot of the whole configuration first…\n";
    const config::SnapshotCreation creation = createAndAudit(host, target, note, nginxConfig);
    if (!creation.created)
        return makeError(ErrorCode::CommandFailed,
                         creation.message + QStringLiteral(" Nothing else was done."));
    QTextStream(stderr) << "snapshot: " << creation.entry.id << " (" << creation.entry.remotePath
                        << ")\n";
    return creation.entry.toJson();
}

int runConfigSnapshot(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("snapshot"),
                         arguments,
                         false,
                         {QStringLiteral("--note"), QStringLiteral("--nginx-conf")},
                         args))
        return ExitUsage;
    if (refuseReadOnly(args.target))
        return ExitUnreachable;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        const config::SnapshotCreation creation = createAndAudit(
                host, args.target, args.note, snapshotNginxConfig(args.target, args.nginxConfig));
        if (args.connection.json) {
            QJsonObject json = creation.toJson();
            json.insert(QStringLiteral("target"), args.target);
            printJson(json);
        } else {
            QTextStream(stdout) << creation.message << '\n';
        }
        return creation.created ? int(ExitOk) : int(ExitUnreachable);
    });
}

int runConfigSnapshots(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("snapshots"), arguments, false, {}, args))
        return ExitUsage;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        auto entries = config::TreeSnapshot(host).list();
        if (!entries) {
            QTextStream(stderr) << "gatescope-cli config snapshots: " << entries.error().text()
                                << '\n';
            return int(ExitUnreachable);
        }
        if (args.connection.json) {
            QJsonArray array;
            for (const config::SnapshotEntry &entry : *entries)
                array.append(entry.toJson());
            printJson(QJsonObject{{QStringLiteral("target"), args.target},
                                  {QStringLiteral("snapshots"), array}});
        } else {
            QTextStream out(stdout);
            if (entries->isEmpty())
                out << "no snapshots yet: take one with `gatescope-cli config snapshot "
                    << args.target << "`\n";
            for (const config::SnapshotEntry &entry : *entries)
                out << entryLine(entry) << '\n';
        }
        return int(ExitOk);
    });
}

int runConfigRestoreSnapshot(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("restore-snapshot"),
                         arguments,
                         false,
                         {QStringLiteral("--snapshot"), QStringLiteral("--nginx-conf")},
                         args))
        return ExitUsage;
    if (!config::BackupId::isValid(args.snapshotId)) {
        QTextStream(stderr) << "gatescope-cli config restore-snapshot: --snapshot ID is required "
                               "(an id from `config snapshots`)\n";
        return ExitUsage;
    }
    if (refuseReadOnly(args.target))
        return ExitUnreachable;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        StepPrinter printer;
        config::TreeSnapshot snapshots(
                host, snapshotOptions(snapshotNginxConfig(args.target, args.nginxConfig)));
        const config::ApplyResult result
                = snapshots.restore(args.snapshotId, [&printer](const config::ApplyStep &step) {
                      printer.print(step);
                  });
        recordAudit(config::ConfigAudit::snapshotRestore(
                config::ConfigAudit::Where::at(args.target, host), args.snapshotId, result));
        if (args.connection.json) {
            QJsonObject json = result.toJson();
            json.insert(QStringLiteral("target"), args.target);
            json.insert(QStringLiteral("snapshot"), args.snapshotId);
            json.insert(QStringLiteral("pre_restore_snapshot"),
                        result.backupId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(result.backupId));
            printJson(json);
        } else {
            // backupId is the pre-restore snapshot here, not a file backup: no "backup:" line.
            printApplyOutcome(result, false);
        }
        return exitCodeFor(result.outcome);
    });
}

} // namespace gs::cli
