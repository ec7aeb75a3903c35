// gatescope-cli fix: the guided fix of a finding (findings::ConfigEdit) on one TARGET. Diagnoses
// the server, takes the finding's proposed change, makes it into the file's new text as the file
// is now, prints the unified diff and, with --apply, applies it through the safe-apply protocol.
// An extension of spec/cli.md: never applied unseen, the diff is always printed first.

#include "clicommands.h"
#include "commandregistry.h"
#include "configcommandsupport.h"
#include "durationarg.h"

#include "checks/diagnosisrunner.h"
#include "checks/errorratesetting.h"
#include "config/configdiff.h"
#include "config/guidededit.h"
#include "remote/remotefile.h"

#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

constexpr int ExitNoFix = ExitWarnings;

QString fixUsage()
{
    return QStringLiteral(
                   "Usage: gatescope-cli fix TARGET FINDING_ID [--upstream PEER] [--since "
                   "DURATION]\n"
                   "                         [--nginx-conf FILE] [--apply] [--json]\n\n"
                   "The guided fix of a finding: diagnoses TARGET, takes the configuration "
                   "change the finding\n"
                   "proposes (e.g. upstream.header_too_big: bigger header buffers; "
                   "phpfpm.socket_permissions:\n"
                   "the pool's listen.owner/group/mode), makes it on the file as it is now and "
                   "prints the diff.\n"
                   "With --apply the change goes through the safe-apply protocol (as `config "
                   "apply`) and is\n"
                   "recorded in the audit log.\n\n"
                   "  --upstream PEER    the finding about this upstream (\"127.0.0.1:3000\", "
                   "\"unix:/run/php.sock\")\n"
                   "  --since DURATION   the diagnosis window (default 1h)\n"
                   "  --nginx-conf FILE  which nginx, when several run\n"
                   "  --apply            apply through safe apply (backup, validate, reload, "
                   "check, rollback)\n\n"
                   "Exit codes: 0 diff shown or applied, 1 no such finding now or it has no "
                   "configuration fix\n"
                   "(the message says what to do instead), 3 target unusable, 4 validation "
                   "failed, 5 rolled\n"
                   "back, 6 the file changed since it was read, 64 usage.\n\n")
           + connectionOptionsHelp();
}

struct FixArgs
{
    ConfigArgs config;
    QString findingId;
    QString upstream;
    QString nginxConfig;
    qint64 windowSeconds = 3600;
    bool apply = false;
};

bool parseFixArgs(const QStringList &arguments, FixArgs &parsed)
{
    QTextStream err(stderr);
    auto connection = parseConnectionArgs(arguments);
    if (!connection) {
        err << "gatescope-cli fix: " << connection.error().message << '\n';
        return false;
    }
    parsed.config.connection = *connection;
    const auto split = splitCommandArgs(connection->rest,
                                        {QStringLiteral("--apply")},
                                        {QStringLiteral("--upstream"),
                                         QStringLiteral("--nginx-conf"),
                                         QStringLiteral("--since")});
    if (!split) {
        err << "gatescope-cli fix: " << split.error().message << '\n';
        return false;
    }
    QStringList positional;
    for (const CommandArg &arg : *split) {
        if (arg.name.isEmpty()) {
            positional << arg.value;
        } else if (arg.name == QLatin1String("--apply")) {
            parsed.apply = true;
        } else if (arg.value.isEmpty()) {
            err << "gatescope-cli fix: " << arg.name << " needs a value\n";
            return false;
        } else if (arg.name == QLatin1String("--upstream")) {
            parsed.upstream = arg.value;
        } else if (arg.name == QLatin1String("--nginx-conf")) {
            parsed.nginxConfig = arg.value;
        } else {
            const auto seconds = parseDuration(arg.value);
            if (!seconds) {
                err << "gatescope-cli fix: --since needs a duration such as 15m, 1h or 7d\n";
                return false;
            }
            parsed.windowSeconds = *seconds;
        }
    }
    if (positional.size() != 2) {
        err << "gatescope-cli fix: name TARGET and FINDING_ID (as `diagnose` shows it)\n";
        return false;
    }
    parsed.config.target = positional.at(0);
    parsed.findingId = positional.at(1);
    return true;
}

// Exit 1 with why there is nothing to apply and what to do instead.
int noFix(const FixArgs &args, const QString &message, const QString &next)
{
    if (args.config.connection.json) {
        printJson(QJsonObject{{QStringLiteral("finding"), args.findingId},
                              {QStringLiteral("fix"), false},
                              {QStringLiteral("error"), message},
                              {QStringLiteral("hint"), next}});
    } else {
        QTextStream err(stderr);
        err << "gatescope-cli fix " << args.findingId << ": " << message << '\n';
        if (!next.isEmpty())
            err << "  next step: " << next << '\n';
    }
    return ExitNoFix;
}

int runFix(const QStringList &arguments)
{
    if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))) {
        QTextStream(stdout) << fixUsage();
        return ExitOk;
    }
    FixArgs args;
    if (!parseFixArgs(arguments, args)) {
        QTextStream(stderr) << '\n' << fixUsage();
        return ExitUsage;
    }
    return runOnConfigTarget(args.config, [&](remote::RemoteHost &host) {
        checks::DiagnosisRunner::Options options;
        options.windowSeconds = args.windowSeconds;
        options.errorRateThresholdPercent = checks::ErrorRateSetting::load();
        options.nginxConfig = args.nginxConfig;
        const checks::DiagnosisReport report
                = checks::DiagnosisRunner::run(host, options, [&](const QString &step) {
                      QTextStream(stderr) << args.config.target << ": " << step << "...\n";
                  });
        const findings::Finding *chosen = nullptr;
        for (const findings::Finding &finding : report.findings) {
            if (finding.id != args.findingId
                || (!args.upstream.isEmpty() && finding.upstream != args.upstream))
                continue;
            if (!chosen || (!chosen->edit && finding.edit))
                chosen = &finding;
        }
        if (!chosen)
            return noFix(args,
                         QStringLiteral("the diagnosis does not find this now."),
                         QStringLiteral("Run `gatescope-cli diagnose %1` to see the findings "
                                        "there are.")
                                 .arg(args.config.target));
        if (!chosen->edit)
            return noFix(args,
                         QStringLiteral("this finding is not fixed by a configuration change "
                                        "Gatescope can write."),
                         chosen->remedy.value(0, chosen->title));
        const findings::ConfigEdit &proposal = *chosen->edit;
        auto file = remote::RemoteFile::read(host, proposal.file);
        if (!file) {
            QTextStream(stderr) << "gatescope-cli fix: " << file.error().text() << '\n';
            return int(ExitUnreachable);
        }
        const auto edited = config::GuidedEdit::apply(proposal, file->data);
        if (!edited)
            return noFix(args, edited.error().message, edited.error().hint);
        const QString diff = config::ConfigDiff::unified(QString::fromUtf8(file->data),
                                                         QString::fromUtf8(*edited),
                                                         QStringLiteral("a") + proposal.file,
                                                         QStringLiteral("b") + proposal.file);
        const QJsonObject about{{QStringLiteral("finding"), chosen->id},
                                {QStringLiteral("upstream"), chosen->upstream},
                                {QStringLiteral("edit"), proposal.toJson()}};
        if (!args.config.connection.json) {
            QTextStream out(stdout);
            out << proposal.summary << '\n' << diff << Qt::flush;
        }
        if (!args.apply) {
            if (args.config.connection.json) {
                QJsonObject json = about;
                json.insert(QStringLiteral("path"), proposal.file);
                json.insert(QStringLiteral("applied"), false);
                json.insert(QStringLiteral("sha256"), file->info.sha256);
                json.insert(QStringLiteral("diff"), diff);
                printJson(json);
            } else if (!proposal.after.isEmpty()) {
                QTextStream(stdout) << "After applying: " << proposal.after << '\n';
            }
            return int(ExitOk);
        }
        EditToApply edit;
        edit.target = args.config.target;
        edit.path = proposal.file;
        edit.readSha256 = file->info.sha256;
        edit.content = *edited;
        edit.diff = diff;
        edit.kind = EditToApply::Kind::Fix;
        edit.name = chosen->id;
        edit.extraJson = about;
        const int exitCode = applyEdit(host, edit, args.config.connection.json);
        if (exitCode == ExitOk && !proposal.after.isEmpty() && !args.config.connection.json)
            QTextStream(stdout) << "Next: " << proposal.after << '\n';
        return exitCode;
    });
}

} // namespace

GS_CLI_COMMAND(fix,
               "fix",
               "show or safely apply the configuration fix a finding proposes (guided fix)",
               runFix);

} // namespace gs::cli
