// gatescope-cli service TARGET (status|start|stop|restart|reload) NAME [--json] (spec/cli.md)

#include "clicommands.h"
#include "commandregistry.h"
#include "snapshotfirst.h"
#include "targetrunner.h"

#include "actions/servicecontrol.h"
#include "audit/auditlog.h"
#include "checks/diagnosisrunner.h"
#include "checks/errorratesetting.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

int runService(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto args = parseConnectionArgs(arguments);
    if (!args) {
        err << "gatescope-cli service: " << args.error().message << '\n';
        return ExitUsage;
    }
    if (args->help) {
        out << "Usage: gatescope-cli service TARGET (status|start|stop|restart|reload) NAME "
               "[--snapshot] [--json]\n\n"
               "Service control for nginx, PHP-FPM (php-fpm, php-fpm:/path/to/php-fpm.conf, or "
               "its\n"
               "unit such as php8.2-fpm) or an application unit behind an upstream: systemd where\n"
               "present, else the init script or a signal to the master. The commands are printed\n"
               "before they run. nginx is never reloaded or restarted while nginx -t fails (exit "
               "4).\n"
               "Afterwards the checks run again and their result is reported. Exit 0 when the\n"
               "service ends in the asked state.\n"
               "--snapshot takes a snapshot of the whole nginx and PHP-FPM configuration first\n"
               "(see `config snapshots`); if it cannot be taken, nothing is run (exit 3).\n\n"
            << connectionOptionsHelp();
        return ExitOk;
    }
    // --snapshot: the action is marked risky, a whole-tree snapshot comes first.
    const bool snapshotFirst = args->rest.removeAll(QStringLiteral("--snapshot")) > 0;
    if (args->rest.size() != 3) {
        err << "gatescope-cli service: expected TARGET ACTION NAME (see --help)\n";
        return ExitUsage;
    }
    const QString target = args->rest.at(0);
    const auto action = actions::serviceActionFromName(args->rest.at(1));
    const QString name = args->rest.at(2);
    if (!action) {
        err << "gatescope-cli service: the action must be status, start, stop, restart or reload\n";
        return ExitUsage;
    }

    int exitCode = ExitOk;
    QJsonObject json;
    const auto outcomes = runOnTargets(
            {target}, *args, [&](remote::RemoteHost &host, TargetOutcome &outcome) {
                const QString hostKey = host.options().displayName();
                auto services = actions::ServiceControl::inspect(host, hostKey);
                if (!services) {
                    err << "gatescope-cli service: " << services.error().text() << '\n';
                    exitCode = ExitUnreachable;
                    return;
                }
                auto plan = actions::ServiceControl::plan(*services, name, *action);
                if (!plan) {
                    err << "gatescope-cli service: " << plan.error().text() << '\n';
                    json.insert(QStringLiteral("error"), plan.error().text());
                    exitCode = ExitWarnings;
                    return;
                }
                QJsonObject snapshot;
                if (snapshotFirst && *action != actions::ServiceAction::Status) {
                    // "nginx:/path/nginx.conf" names the nginx meant where several run.
                    auto taken = takeSnapshotFirst(
                            host,
                            target,
                            QStringLiteral("before %1 %2")
                                    .arg(actions::serviceActionName(*action), name),
                            snapshotNginxConfig(target,
                                                name.startsWith(QLatin1String("nginx:"))
                                                        ? name.mid(6)
                                                        : QString()));
                    if (!taken) {
                        err << "gatescope-cli service: " << taken.error().text() << '\n';
                        json.insert(QStringLiteral("error"), taken.error().text());
                        exitCode = ExitUnreachable;
                        return;
                    }
                    snapshot = *taken;
                }
                QStringList commands;
                if (plan->configTest)
                    commands << plan->configTest->command;
                for (const auto &step : plan->steps)
                    commands << step.command;
                err << "Service " << plan->service << " via " << plan->method << ":\n";
                for (const QString &command : commands)
                    err << "  $ " << command << '\n';
                const auto result = actions::ServiceControl::execute(
                        host, *plan, hostKey, [&](const QString &line) {
                            QTextStream(stderr) << "  " << line << '\n';
                        });
                if (*action != actions::ServiceAction::Status) {
                    audit::AuditEntry entry;
                    entry.server = target;
                    entry.host = hostKey;
                    entry.action = QStringLiteral("service.") + actions::serviceActionName(*action);
                    entry.subject = plan->service;
                    entry.command = commands.join(QLatin1String(" && "));
                    entry.outcome = result.refused        ? QStringLiteral("refused")
                                    : result.reachedState ? QStringLiteral("ok")
                                                          : QStringLiteral("failed");
                    entry.detail = result.refused ? result.testOutput
                                                  : result.log.join(QLatin1Char('\n')).right(2000);
                    if (auto logged = audit::AuditLog().append(entry); !logged)
                        err << "warning: " << logged.error().text() << '\n';
                }
                // The relevant checks again, so the user sees what the action changed.
                checks::DiagnosisRunner::Options recheck;
                recheck.errorRateThresholdPercent = checks::ErrorRateSetting::load();
                if (*action != actions::ServiceAction::Status
                    && *action != actions::ServiceAction::Stop)
                    recheck.settleSeconds = 10; // judge the started service, not its start-up
                const auto report = checks::DiagnosisRunner::run(host, recheck);
                QStringList sites;
                for (const auto &check : report.checks) {
                    if (check.id == QLatin1String("nginx.sites")
                        || check.id == QLatin1String("phpfpm.running")
                        || check.id == QLatin1String("nginx.running"))
                        sites << QStringLiteral("%1: %2").arg(check.title, check.summary);
                }
                const QString state
                        = result.running ? QStringLiteral("running") : QStringLiteral("stopped");
                outcome.text
                        = QStringLiteral("%1 is %2%3.\n%4")
                                  .arg(plan->service,
                                       state,
                                       result.refused ? QStringLiteral(" (nothing was changed: the "
                                                                       "configuration test failed)")
                                                      : QString(),
                                       sites.join(QLatin1Char('\n')));
                QJsonArray steps;
                for (const QString &command : commands)
                    steps.append(command);
                QJsonArray findingIds;
                for (const auto &finding : report.findings)
                    findingIds.append(finding.id);
                json = QJsonObject{
                        {QStringLiteral("service"), plan->service},
                        {QStringLiteral("action"), actions::serviceActionName(*action)},
                        {QStringLiteral("method"), plan->method},
                        {QStringLiteral("commands"), steps},
                        {QStringLiteral("refused"), result.refused},
                        {QStringLiteral("state"), state},
                        {QStringLiteral("ok"), result.reachedState && !result.refused},
                        {QStringLiteral("test_output"), result.testOutput},
                        {QStringLiteral("recheck"),
                         QJsonObject{{QStringLiteral("summary"), sites.join(QLatin1String("; "))},
                                     {QStringLiteral("findings"), findingIds}}}};
                if (!snapshot.isEmpty())
                    json.insert(QStringLiteral("snapshot"), snapshot);
                if (result.refused)
                    exitCode = ExitValidationFailed;
                else if (!result.reachedState)
                    exitCode = ExitWarnings;
            });
    const TargetOutcome &outcome = outcomes.front();
    if (outcome.error) {
        err << "gatescope-cli service: " << outcome.target << ": "
            << errorCodeName(outcome.error->code) << ": " << outcome.error->text() << '\n';
        if (args->json) {
            out << QJsonDocument(targetJson(outcome)).toJson(QJsonDocument::Indented);
        }
        return ExitUnreachable;
    }
    if (args->json) {
        QJsonObject document = targetJson(outcome);
        for (auto it = json.begin(); it != json.end(); ++it)
            document.insert(it.key(), it.value());
        out << QJsonDocument(document).toJson(QJsonDocument::Indented);
    } else if (!outcome.text.isEmpty()) {
        out << outcome.text << '\n';
    }
    return exitCode;
}

} // namespace

GS_CLI_COMMAND(service,
               "service",
               "status/start/stop/restart/reload nginx, PHP-FPM or an app unit",
               runService);

} // namespace gs::cli
