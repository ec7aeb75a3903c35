// gatescope-cli config list|get|diff|apply|backups|restore (spec/cli.md)

#include "clicommands.h"
#include "commandregistry.h"
#include "configcommandsupport.h"

#include "config/backupstore.h"
#include "config/configdiff.h"
#include "config/configfiles.h"
#include "remote/remotefile.h"
#include "targetrunner.h"

#include <QJsonArray>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

int runConfigApply(const QStringList &arguments);           // configcommandapply.cpp
int runConfigRestore(const QStringList &arguments);         // configcommandapply.cpp
int runConfigSnapshot(const QStringList &arguments);        // configcommandsnapshot.cpp
int runConfigSnapshots(const QStringList &arguments);       // configcommandsnapshot.cpp
int runConfigRestoreSnapshot(const QStringList &arguments); // configcommandsnapshot.cpp

namespace {

QString configUsage()
{
    return QStringLiteral(
                   "Usage: gatescope-cli config SUBCOMMAND TARGET [PATH] [OPTIONS]\n\n"
                   "  list TARGET [--json]                 every nginx and PHP-FPM file in force\n"
                   "  get TARGET PATH                      the file's content on stdout\n"
                   "  diff TARGET PATH --from LOCAL_FILE   unified diff, remote -> candidate\n"
                   "  diff TARGET PATH --backup ID         unified diff, remote -> a backup\n"
                   "  apply TARGET PATH --from LOCAL_FILE [--expect-sha256 HEX] [--json]\n"
                   "        [--snapshot]\n"
                   "                                       backup, validate in place, reload,\n"
                   "                                       health check, automatic rollback;\n"
                   "                                       --snapshot: a whole-tree snapshot "
                   "first\n"
                   "  backups TARGET PATH [--json]         the backups kept, newest first\n"
                   "  restore TARGET PATH --backup ID [--json]\n"
                   "                                       put a backup back (same protocol)\n"
                   "  snapshot TARGET [--note TEXT] [--json]\n"
                   "                                       a tarball of the whole nginx and "
                   "PHP-FPM\n"
                   "                                       configuration (e.g. /etc/nginx,\n"
                   "                                       /etc/php/8.2/fpm), kept on the server "
                   "and\n"
                   "                                       here (newest 10)\n"
                   "  snapshots TARGET [--json]            the snapshots kept, newest first\n"
                   "  restore-snapshot TARGET --snapshot ID [--json]\n"
                   "                                       make the trees identical to a "
                   "snapshot:\n"
                   "                                       pre-restore snapshot, validate, "
                   "reload,\n"
                   "                                       health check, automatic rollback\n\n"
                   "Exit codes: 0 done, 3 target unusable, 4 validation failed (nothing changed),\n"
                   "5 rolled back, 6 the file changed since it was read (nothing changed), 64 "
                   "usage.\n"
                   "--from - reads the candidate from stdin. --nginx-conf FILE (snapshot,\n"
                   "restore-snapshot, apply --snapshot): where several nginx run, the one whose\n"
                   "trees are meant (default: the inventory's), with the PHP-FPM it passes to.\n\n")
           + connectionOptionsHelp();
}

QString fileLine(const config::ConfigFile &file)
{
    const remote::RemoteFileInfo &info = file.info;
    QString line = QStringLiteral("%1  %2 %3:%4 %5  %6  %7")
                           .arg(config::serviceKindName(file.kind), -7)
                           .arg(info.mode.rightJustified(4, QLatin1Char('0')))
                           .arg(info.owner, info.group)
                           .arg(info.size, 7)
                           .arg(info.sha256.left(12), info.path);
    if (info.isSymlink || (info.realPath != info.path && !info.realPath.isEmpty()))
        line += QStringLiteral(" -> ") + info.realPath;
    return line;
}

int runConfigList(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("list"), arguments, false, {}, args))
        return ExitUsage;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        auto files = config::ConfigFiles::discover(host);
        if (!files) {
            QTextStream(stderr) << "gatescope-cli config list: " << files.error().text() << '\n';
            return int(ExitUnreachable);
        }
        if (args.connection.json) {
            QJsonObject json = files->toJson();
            json.insert(QStringLiteral("target"), args.target);
            printJson(json);
        } else {
            QTextStream out(stdout);
            for (const config::ConfigFile &file : files->files)
                out << fileLine(file) << '\n';
            for (const QString &problem : files->problems)
                out << "problem: " << problem << '\n';
        }
        return int(ExitOk);
    });
}

int runGet(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("get"), arguments, true, {}, args))
        return ExitUsage;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        auto file = remote::RemoteFile::read(host, args.path);
        if (!file) {
            QTextStream(stderr) << "gatescope-cli config get: " << file.error().text() << '\n';
            return int(ExitUnreachable);
        }
        if (args.connection.json) {
            QJsonObject json = file->info.toJson();
            json.insert(QStringLiteral("content"), QString::fromUtf8(file->data));
            printJson(json);
        } else {
            std::fwrite(file->data.constData(), 1, size_t(file->data.size()), stdout);
            std::fflush(stdout);
        }
        return int(ExitOk);
    });
}

int runDiff(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("diff"),
                         arguments,
                         true,
                         {QStringLiteral("--from"), QStringLiteral("--backup")},
                         args))
        return ExitUsage;
    if (args.from.isEmpty() == args.backupId.isEmpty()) {
        QTextStream(stderr) << "gatescope-cli config diff: give --from LOCAL_FILE or --backup ID\n";
        return ExitUsage;
    }
    QByteArray candidate;
    if (!args.from.isEmpty() && !readLocalFile(args.from, candidate))
        return ExitUsage;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        auto file = remote::RemoteFile::read(host, args.path);
        if (!file) {
            QTextStream(stderr) << "gatescope-cli config diff: " << file.error().text() << '\n';
            return int(ExitUnreachable);
        }
        if (!args.backupId.isEmpty()) {
            // current -> backup: what a restore of it would change.
            auto backup = config::BackupStore::content(host, file->info.realPath, args.backupId);
            if (!backup) {
                QTextStream(stderr)
                        << "gatescope-cli config diff: " << backup.error().text() << '\n';
                return int(ExitUnreachable);
            }
            candidate = *backup;
        }
        const QString oldText = QString::fromUtf8(file->data);
        const QString newText = QString::fromUtf8(candidate);
        const QString diff = config::ConfigDiff::unified(
                oldText, newText, QStringLiteral("a") + args.path, QStringLiteral("b") + args.path);
        if (args.connection.json) {
            const auto [added, removed] = config::ConfigDiff::stats(oldText, newText);
            printJson(QJsonObject{
                    {QStringLiteral("path"), args.path},
                    {QStringLiteral("sha256"), file->info.sha256},
                    {QStringLiteral("candidate_sha256"), remote::RemoteFile::sha256(candidate)},
                    {QStringLiteral("identical"), file->data == candidate},
                    {QStringLiteral("added"), added},
                    {QStringLiteral("removed"), removed},
                    {QStringLiteral("diff"), diff}});
        } else {
            QTextStream(stdout) << diff;
        }
        return int(ExitOk);
    });
}

int runBackups(const QStringList &arguments)
{
    ConfigArgs args;
    if (!parseConfigArgs(QStringLiteral("backups"), arguments, true, {}, args))
        return ExitUsage;
    return runOnConfigTarget(args, [&](remote::RemoteHost &host) {
        auto backups = config::BackupStore::list(host, args.path);
        if (!backups) {
            QTextStream(stderr) << "gatescope-cli config backups: " << backups.error().text()
                                << '\n';
            return int(ExitUnreachable);
        }
        if (args.connection.json) {
            QJsonArray array;
            for (const config::BackupEntry &entry : *backups)
                array.append(entry.toJson());
            printJson(QJsonObject{{QStringLiteral("path"), args.path},
                                  {QStringLiteral("backups"), array}});
        } else {
            QTextStream out(stdout);
            if (backups->isEmpty())
                out << "no backups of " << args.path << '\n';
            for (const config::BackupEntry &entry : *backups) {
                out << entry.id << "  " << entry.created << "  " << entry.size << " bytes  "
                    << (entry.remotePath.isEmpty() ? QStringLiteral("(local only)")
                                                   : entry.remotePath)
                    << '\n';
            }
        }
        return int(ExitOk);
    });
}

int runConfig(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (arguments.isEmpty()) {
        err << configUsage();
        return ExitUsage;
    }
    const QString sub = arguments.first();
    const QStringList rest = arguments.mid(1);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")
        || rest.contains(QLatin1String("--help")) || rest.contains(QLatin1String("-h"))) {
        out << configUsage();
        return ExitOk;
    }
    if (sub == QLatin1String("list"))
        return runConfigList(rest);
    if (sub == QLatin1String("get"))
        return runGet(rest);
    if (sub == QLatin1String("diff"))
        return runDiff(rest);
    if (sub == QLatin1String("apply"))
        return runConfigApply(rest);
    if (sub == QLatin1String("backups"))
        return runBackups(rest);
    if (sub == QLatin1String("restore"))
        return runConfigRestore(rest);
    if (sub == QLatin1String("snapshot"))
        return runConfigSnapshot(rest);
    if (sub == QLatin1String("snapshots"))
        return runConfigSnapshots(rest);
    if (sub == QLatin1String("restore-snapshot"))
        return runConfigRestoreSnapshot(rest);
    err << "gatescope-cli config: unknown subcommand " << sub << "\n\n" << configUsage();
    return ExitUsage;
}

} // namespace

GS_CLI_COMMAND(config,
               "config",
               "list, read, diff and safely apply nginx and PHP-FPM configuration",
               runConfig);

} // namespace gs::cli
