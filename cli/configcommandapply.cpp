// gatescope-cli config apply / config restore: the safe-apply protocol (architecture.md).

#include "clicommands.h"
#include "configcommandsupport.h"
#include "snapshotfirst.h"

#include "audit/auditlog.h"
#include "config/backupid.h"
#include "config/backupstore.h"
#include "config/safeapply.h"
#include "inventory/inventory.h"
#include "remote/remotefile.h"

#include <QHash>
#include <QMutex>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

// Runs the protocol with live progress on stderr and the result on stdout.
int applyAndReport(remote::RemoteHost &host,
                   const ConfigArgs &args,
                   const QByteArray &content,
                   const QString &expectSha256,
                   const QString &action,
                   const QJsonObject &extraJson = {})
{
    StepPrinter printer;
    config::SafeApply::Request request;
    request.path = args.path;
    request.content = content;
    request.expectedSha256 = expectSha256;
    request.pauseAfterStep = testPauseStep();
    request.pauseSeconds = testPauseSeconds();
    request.onPause = [&printer](const QString &step, const QString &sshdPid) {
        printer.line(QStringLiteral("paused after %1 (sshd pid %2)").arg(step, sshdPid));
    };
    config::SafeApply apply(host);
    const config::ApplyResult result = apply.apply(
            request, [&printer](const config::ApplyStep &step) { printer.print(step); });
    // Every change is recorded locally, whatever its outcome (architecture: audit trail).
    recordAudit(config::ConfigAudit::fileApply(config::ConfigAudit::Where::at(args.target, host),
                                               action,
                                               args.path,
                                               content.size(),
                                               expectSha256,
                                               result));
    if (args.connection.json) {
        QJsonObject json = result.toJson();
        for (auto it = extraJson.begin(); it != extraJson.end(); ++it)
            json.insert(it.key(), it.value());
        printJson(json);
    } else {
        printApplyOutcome(result);
    }
    return exitCodeFor(result.outcome);
}

} // namespace

// Servers in support mode are only looked at: refuse changes to them (exit 3).
bool refuseReadOnly(const QString &target)
{
    auto inventory = inventory::Inventory::load(inventory::Inventory::defaultPath());
    const inventory::Server *server = inventory ? inventory->find(target) : nullptr;
    if (!server || !server->readOnly)
        return false;
    QTextStream(stderr) << "gatescope-cli config: " << target
                        << " is read-only (support mode) in the inventory: nothing is changed on "
                           "it.\n";
    return true;
}

int runConfigApply(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("apply"),
                         arguments,
                         true,
                         {QStringLiteral("--from"),
                          QStringLiteral("--expect-sha256"),
                          QStringLiteral("--snapshot"),
                          QStringLiteral("--nginx-conf")},
                         args))
        return ExitUsage;
    if (args.from.isEmpty()) {
        QTextStream(stderr) << "gatescope-cli config apply: --from LOCAL_FILE is required\n";
        return ExitUsage;
    }
    QByteArray content;
    if (!readLocalFile(args.from, content))
        return ExitUsage;
    if (refuseReadOnly(args.target))
        return ExitUnreachable;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        QJsonObject extra;
        if (args.snapshot) {
            auto snapshot = takeSnapshotFirst(host,
                                              args.target,
                                              QStringLiteral("before applying %1").arg(args.path),
                                              snapshotNginxConfig(args.target, args.nginxConfig));
            if (!snapshot) {
                QTextStream(stderr)
                        << "gatescope-cli config apply: " << snapshot.error().text() << '\n';
                return int(ExitUnreachable);
            }
            extra.insert(QStringLiteral("snapshot"), *snapshot);
        }
        return applyAndReport(
                host, args, content, args.expectSha256, QStringLiteral("config.apply"), extra);
    });
}

int runConfigRestore(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(
                QStringLiteral("restore"), arguments, true, {QStringLiteral("--backup")}, args))
        return ExitUsage;
    if (!config::BackupId::isValid(args.backupId)) {
        QTextStream(stderr) << "gatescope-cli config restore: --backup ID is required (an id from "
                               "`config backups`)\n";
        return ExitUsage;
    }
    if (refuseReadOnly(args.target))
        return ExitUnreachable;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        // The restore is an apply of the backup's content over what is there now.
        auto current = remote::RemoteFile::read(host, args.path);
        if (!current) {
            QTextStream(stderr) << "gatescope-cli config restore: " << current.error().text()
                                << '\n';
            return int(ExitUnreachable);
        }
        auto content = config::BackupStore::content(host, current->info.realPath, args.backupId);
        if (!content) {
            QTextStream(stderr) << "gatescope-cli config restore: " << content.error().text()
                                << '\n';
            return int(ExitUnreachable);
        }
        return applyAndReport(
                host, args, *content, current->info.sha256, QStringLiteral("config.restore"));
    });
}

} // namespace gs::cli
