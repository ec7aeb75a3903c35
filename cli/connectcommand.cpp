// gatescope-cli connect TARGET... (spec/cli.md)

#include "clicommands.h"
#include "commandregistry.h"
#include "targetrunner.h"

#include "discovery/factsscript.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

QString privilegeText(const ssh::SessionInfo &info)
{
    switch (info.privilege) {
    case ssh::Privilege::Root: return QStringLiteral("logged in as root");
    case ssh::Privilege::SudoNoPassword: return QStringLiteral("passwordless sudo");
    case ssh::Privilege::SudoWithPassword: return QStringLiteral("sudo with password");
    default: break;
    }
    return QStringLiteral("none (%1)")
            .arg(info.privilegeDetail.isEmpty() ? QStringLiteral("unknown") : info.privilegeDetail);
}

void describe(remote::RemoteHost &host, TargetOutcome &outcome)
{
    const ssh::SessionInfo info = host.info();
    QJsonObject facts{{QStringLiteral("privilege"), ssh::privilegeName(info.privilege)},
                      {QStringLiteral("auth_method"), info.authMethod},
                      {QStringLiteral("host_key"),
                       QJsonObject{{QStringLiteral("type"), info.hostKey.keyType},
                                   {QStringLiteral("fingerprint"), info.hostKey.fingerprint}}}};
    QStringList lines;
    lines << QStringLiteral("%1 (%2): connected with %3")
                     .arg(outcome.target, outcome.options.displayName(), info.authMethod);
    lines << QStringLiteral("  host key:   %1 %2")
                     .arg(info.hostKey.keyType, info.hostKey.fingerprint);
    lines << QStringLiteral("  privileges: %1").arg(privilegeText(info));

    auto probe = host.run(discovery::FactsScript::script());
    if (!probe) {
        lines << QStringLiteral("  facts:      could not be read: %1").arg(probe.error().text());
    } else {
        const discovery::HostFacts hostFacts = discovery::FactsScript::parse(probe->stdOut);
        const QJsonObject factsJson = hostFacts.toJson();
        for (auto it = factsJson.begin(); it != factsJson.end(); ++it)
            facts.insert(it.key(), it.value());
        lines << QStringLiteral("  system:     %1, %2, init %3")
                         .arg(hostFacts.os.isEmpty() ? QStringLiteral("unknown OS") : hostFacts.os,
                              hostFacts.kernel,
                              hostFacts.init);
        if (!hostFacts.nginx.installed) {
            lines << QStringLiteral("  nginx:      not found");
        } else {
            lines << QStringLiteral("  nginx:      %1, config %2, %3")
                             .arg(hostFacts.nginx.version,
                                  hostFacts.nginx.config,
                                  hostFacts.nginx.running ? QStringLiteral("running (pid %1)")
                                                                    .arg(hostFacts.nginx.masterPid)
                                                          : QStringLiteral("not running"));
        }
        if (hostFacts.fpm.binaries.isEmpty() && hostFacts.fpm.masters.isEmpty()) {
            lines << QStringLiteral("  PHP-FPM:    not found");
        } else {
            QStringList configs;
            for (const auto &master : hostFacts.fpm.masters)
                configs << master.config;
            lines << QStringLiteral("  PHP-FPM:    %1, %2")
                             .arg(hostFacts.fpm.version.isEmpty() ? QStringLiteral("installed")
                                                                  : hostFacts.fpm.version,
                                  configs.isEmpty()
                                          ? QStringLiteral("not running")
                                          : QStringLiteral("running: %1")
                                                    .arg(configs.join(QLatin1String(", "))));
        }
    }
    outcome.json.insert(QStringLiteral("facts"), facts);
    outcome.text = lines.join(QLatin1Char('\n'));
}

int runConnect(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto args = parseConnectionArgs(arguments);
    if (!args) {
        err << "gatescope-cli connect: " << args.error().message << '\n';
        return ExitUsage;
    }
    if (args->help) {
        out << "Usage: gatescope-cli connect TARGET... [OPTIONS]\n\n"
               "Connect, verify the host key, log in, and report what is there: OS, init system,\n"
               "nginx, PHP-FPM, and whether privileged commands work.\n\n"
            << connectionOptionsHelp();
        return ExitOk;
    }
    for (const QString &target : args->rest) {
        if (target.startsWith(QLatin1Char('-'))) {
            err << "gatescope-cli connect: unknown option " << target << '\n';
            return ExitUsage;
        }
    }
    if (args->rest.isEmpty()) {
        err << "gatescope-cli connect: name at least one TARGET\n";
        return ExitUsage;
    }

    const auto outcomes = runOnTargets(args->rest, *args, describe);
    int exitCode = ExitOk;
    QJsonArray targets;
    for (const TargetOutcome &outcome : outcomes) {
        if (outcome.error)
            exitCode = ExitUnreachable;
        QJsonObject json = targetJson(outcome);
        for (auto it = outcome.json.begin(); it != outcome.json.end(); ++it)
            json.insert(it.key(), it.value());
        targets.append(json);
        if (!args->json) {
            if (outcome.error) {
                out << outcome.target << ": " << errorCodeName(outcome.error->code) << ": "
                    << outcome.error->message << '\n';
                if (!outcome.error->hint.isEmpty())
                    out << "  next step: " << outcome.error->hint << '\n';
            } else {
                out << outcome.text << '\n';
            }
        }
    }
    if (args->json) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("targets"), targets}})
                        .toJson(QJsonDocument::Indented);
    }
    return exitCode;
}

} // namespace

GS_CLI_COMMAND(connect,
               "connect",
               "connect, verify the host key, log in, report what is there",
               runConnect);

} // namespace gs::cli
