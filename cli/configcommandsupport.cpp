#include "configcommandsupport.h"

#include "clicommands.h"
#include "targetrunner.h"

#include "audit/auditlog.h"
#include "config/safeapply.h"

#include <QFile>
#include <QJsonDocument>
#include <QMutex>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

bool parseConfigArgs(const QString &subcommand,
                     const QStringList &arguments,
                     bool needsPath,
                     const QStringList &allowed,
                     ConfigArgs &parsed)
{
    QTextStream err(stderr);
    const QString prefix
            = QStringLiteral("gatescope-cli config ") + subcommand + QStringLiteral(": ");
    auto connection = parseConnectionArgs(arguments);
    if (!connection) {
        err << prefix << connection.error().message << '\n';
        return false;
    }
    parsed.connection = *connection;
    // --snapshot is a flag, except where it names the snapshot to restore.
    QStringList flags;
    QStringList valued = allowed;
    if (subcommand != QLatin1String("restore-snapshot")
        && valued.removeAll(QStringLiteral("--snapshot")))
        flags << QStringLiteral("--snapshot");
    const auto split = splitCommandArgs(connection->rest, flags, valued);
    if (!split) {
        err << prefix << split.error().message << '\n';
        return false;
    }
    QStringList positional;
    for (const CommandArg &arg : *split) {
        if (arg.name.isEmpty())
            positional << arg.value;
        else if (flags.contains(arg.name))
            parsed.snapshot = true;
        else if (arg.name == QLatin1String("--from"))
            parsed.from = arg.value;
        else if (arg.name == QLatin1String("--expect-sha256"))
            parsed.expectSha256 = arg.value.toLower();
        else if (arg.name == QLatin1String("--backup"))
            parsed.backupId = arg.value;
        else if (arg.name == QLatin1String("--note"))
            parsed.note = arg.value;
        else if (arg.name == QLatin1String("--snapshot"))
            parsed.snapshotId = arg.value;
        else if (arg.name == QLatin1String("--nginx-conf"))
            parsed.nginxConfig = arg.value;
    }
    if (positional.size() != (needsPath ? 2 : 1)) {
        err << prefix << (needsPath ? "name one TARGET and one PATH\n" : "name one TARGET\n");
        return false;
    }
    parsed.target = positional.at(0);
    if (needsPath) {
        parsed.path = positional.at(1);
        if (!parsed.path.startsWith(QLatin1Char('/'))) {
            err << prefix << "PATH must be absolute (as `config list` shows it)\n";
            return false;
        }
    }
    if (!parsed.expectSha256.isEmpty()) {
        static const QString hex = QStringLiteral("0123456789abcdef");
        bool ok = parsed.expectSha256.size() == 64;
        for (QChar c : parsed.expectSha256)
            ok = ok && hex.contains(c);
        if (!ok) {
            err << prefix << "--expect-sha256 needs 64 hex digits\n";
            return false;
        }
    }
    return true;
}

int runOnConfigTarget(const ConfigArgs &args,
                      const std::function<int(remote::RemoteHost &host)> &work)
{
    int exitCode = ExitOk;
    const auto outcomes = runOnTargets(
            {args.target}, args.connection, [&](remote::RemoteHost &host, TargetOutcome &) {
                exitCode = work(host);
            });
    const TargetOutcome &outcome = outcomes.front();
    if (!outcome.error)
        return exitCode;
    if (args.connection.json) {
        printJson(targetJson(outcome));
    } else {
        QTextStream err(stderr);
        err << outcome.target << ": " << errorCodeName(outcome.error->code) << ": "
            << outcome.error->message << '\n';
        if (!outcome.error->hint.isEmpty())
            err << "  next step: " << outcome.error->hint << '\n';
    }
    return ExitUnreachable;
}

void StepPrinter::print(const config::ApplyStep &step)
{
    QMutexLocker lock(&m_lock);
    const QString status = config::ApplyStep::statusName(step.status);
    const QString state = status + QLatin1Char(' ') + step.detail;
    if (m_printed.value(step.name) == state)
        return;
    m_printed.insert(step.name, state);
    QTextStream err(stderr);
    err << "[" << step.name << "] " << status;
    if (!step.detail.isEmpty())
        err << ": " << step.detail;
    err << '\n';
}

void StepPrinter::line(const QString &text)
{
    QMutexLocker lock(&m_lock);
    QTextStream(stderr) << text << '\n';
}

int applyEdit(remote::RemoteHost &host, const EditToApply &edit, bool json)
{
    StepPrinter printer;
    config::SafeApply::Request request;
    request.path = edit.path;
    request.content = edit.content;
    request.expectedSha256 = edit.readSha256;
    config::SafeApply apply(host);
    const config::ApplyResult result = apply.apply(
            request, [&printer](const config::ApplyStep &step) { printer.print(step); });

    const auto where = config::ConfigAudit::Where::at(edit.target, host);
    recordAudit(edit.kind == EditToApply::Kind::Fix
                        ? config::ConfigAudit::fix(
                                where, edit.name, edit.path, edit.readSha256, edit.diff, result)
                        : config::ConfigAudit::recipe(
                                where, edit.name, edit.path, edit.readSha256, edit.diff, result));

    if (json) {
        QJsonObject object = result.toJson();
        for (auto it = edit.extraJson.begin(); it != edit.extraJson.end(); ++it)
            object.insert(it.key(), it.value());
        object.insert(QStringLiteral("diff"), edit.diff);
        printJson(object);
    } else {
        printApplyOutcome(result);
    }
    return exitCodeFor(result.outcome);
}

void recordAudit(const QString &target,
                 remote::RemoteHost &host,
                 const QString &action,
                 const QString &command,
                 const QString &outcome,
                 const QString &detail)
{
    audit::AuditEntry entry;
    entry.server = target;
    entry.host = host.options().displayName();
    entry.action = action;
    entry.command = command;
    entry.outcome = outcome;
    entry.detail = detail;
    recordAudit(entry);
}

void recordAudit(const audit::AuditEntry &entry)
{
    if (auto logged = audit::AuditLog().append(entry); !logged)
        QTextStream(stderr) << "warning: " << logged.error().text() << '\n';
}

void printApplyOutcome(const config::ApplyResult &result, bool showBackup)
{
    QTextStream out(stdout);
    out << result.message << '\n';
    if (showBackup && !result.backupId.isEmpty())
        out << "backup: " << result.backupId << " (" << result.backupPath << ")\n";
    if (result.outcome == config::ApplyOutcome::ValidationFailed
        || result.outcome == config::ApplyOutcome::RolledBack
        || result.outcome == config::ApplyOutcome::RollbackFailed) {
        for (const config::ApplyStep &step : result.steps) {
            if (!step.output.isEmpty() && step.name != QLatin1String("prepare"))
                out << "--- " << step.name << " ---\n" << step.output << '\n';
        }
    }
}

bool readLocalFile(const QString &path, QByteArray &data)
{
    QFile file(path);
    const bool isStdin = path == QLatin1String("-");
    const bool opened
            = isStdin ? file.open(stdin, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly);
    if (!opened) {
        QTextStream(stderr) << "gatescope-cli config: cannot read " << path << ": "
                            << file.errorString() << '\n';
        return false;
    }
    data = file.readAll();
    return true;
}

void printJson(const QJsonObject &object)
{
    QTextStream(stdout) << QJsonDocument(object).toJson(QJsonDocument::Indented);
}

QString testPauseStep()
{
    return qEnvironmentVariable("GATESCOPE_TEST_PAUSE_AFTER");
}

int testPauseSeconds()
{
    return qEnvironmentVariableIntValue("GATESCOPE_TEST_PAUSE_SECONDS");
}

int exitCodeFor(config::ApplyOutcome outcome)
{
    switch (outcome) {
    case config::ApplyOutcome::Applied:
    case config::ApplyOutcome::Unchanged: return ExitOk;
    case config::ApplyOutcome::ValidationFailed: return ExitValidationFailed;
    case config::ApplyOutcome::RolledBack:
    case config::ApplyOutcome::RollbackFailed: return ExitRolledBack;
    case config::ApplyOutcome::Conflict: return ExitConflict;
    case config::ApplyOutcome::Error: break;
    }
    return ExitUnreachable;
}

} // namespace gs::cli
