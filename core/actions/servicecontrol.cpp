#include "actions/servicecontrol.h"

#include "discovery/factsscript.h"
#include "util/shellquote.h"

#include <QThread>

namespace gs::actions {

using gs::shellCommand;
using gs::shellQuote;

namespace {

const QString kPath = QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\"; ");

// Starts a daemon detached from the SSH session so that closing the channel does not end it.
QString detached(const QString &binary, const QStringList &args)
{
    return kPath + QStringLiteral("setsid -f ") + shellCommand(binary, args)
           + QStringLiteral(" </dev/null >/dev/null 2>&1");
}

QString fpmUnitFor(const ServiceControl::HostServices &host, const QString &binary)
{
    // php-fpm8.2 -> php8.2-fpm (Debian); php-fpm -> php-fpm (RHEL).
    QString base = binary.section(QLatin1Char('/'), -1);
    QStringList candidates;
    if (base.startsWith(QLatin1String("php-fpm")) && base.size() > 7)
        candidates << QStringLiteral("php%1-fpm").arg(base.mid(7));
    candidates << QStringLiteral("php-fpm");
    for (const QString &candidate : candidates) {
        if (host.systemdUnits.contains(candidate + QStringLiteral(".service")))
            return candidate;
    }
    return {};
}

} // namespace

std::optional<ServiceAction> serviceActionFromName(const QString &name)
{
    if (name == QLatin1String("status"))
        return ServiceAction::Status;
    if (name == QLatin1String("start"))
        return ServiceAction::Start;
    if (name == QLatin1String("stop"))
        return ServiceAction::Stop;
    if (name == QLatin1String("restart"))
        return ServiceAction::Restart;
    if (name == QLatin1String("reload"))
        return ServiceAction::Reload;
    return std::nullopt;
}

QString serviceActionName(ServiceAction action)
{
    switch (action) {
    case ServiceAction::Status: return QStringLiteral("status");
    case ServiceAction::Start: return QStringLiteral("start");
    case ServiceAction::Stop: return QStringLiteral("stop");
    case ServiceAction::Restart: return QStringLiteral("restart");
    case ServiceAction::Reload: return QStringLiteral("reload");
    }
    return {};
}

Result<ServicePlan>
ServiceControl::plan(const HostServices &host, const QString &name, ServiceAction action)
{
    ServicePlan plan;
    plan.expectRunning = action != ServiceAction::Stop;
    const bool systemd = host.facts.hasSystemd();
    const QString verb = serviceActionName(action);

    if (name == QLatin1String("nginx") || name.startsWith(QLatin1String("nginx:"))) {
        plan.kind = QStringLiteral("nginx");
        plan.service = QStringLiteral("nginx");
        // "nginx:/path/nginx.conf" names one nginx where several run.
        discovery::HostFacts facts = host.facts;
        if (name.startsWith(QLatin1String("nginx:"))) {
            plan.config = name.mid(6);
            plan.service = QStringLiteral("nginx (%1)").arg(plan.config);
            if (!facts.selectNginx(plan.config) && host.rememberedNginx
                && host.rememberedNginx->config != plan.config)
                return makeError(ErrorCode::NotFound,
                                 QStringLiteral("No nginx runs with %1, and none was seen with it.")
                                         .arg(plan.config));
        }
        const auto &nginx = facts.nginx;
        QString binary = nginx.binary;
        QStringList args;
        if (nginx.running) {
            if (!nginx.prefix.isEmpty() && nginx.prefix != nginx.compiledPrefix)
                args << QStringLiteral("-p") << nginx.prefix;
            if (!nginx.config.isEmpty() && nginx.config != nginx.compiledConfPath)
                args << QStringLiteral("-c") << nginx.config;
        } else if (host.rememberedNginx) {
            binary = host.rememberedNginx->binary;
            args = host.rememberedNginx->args;
        }
        if (binary.isEmpty()) {
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("nginx is not installed on this server."));
        }
        if (action != ServiceAction::Status && action != ServiceAction::Stop)
            plan.configTest = ServiceStep{
                    QStringLiteral("Test the configuration"),
                    kPath + shellCommand(binary, args + QStringList{QStringLiteral("-t")})};
        if (systemd && host.systemdUnits.contains(QStringLiteral("nginx.service"))
            && args.isEmpty()) {
            plan.method = QStringLiteral("systemd");
            if (action != ServiceAction::Status)
                plan.steps << ServiceStep{
                        QStringLiteral("%1 nginx").arg(verb),
                        shellCommand(QStringLiteral("systemctl"), {verb, QStringLiteral("nginx")})};
            return plan;
        }
        if (host.initScripts.contains(QStringLiteral("nginx")) && args.isEmpty()
            && action != ServiceAction::Status) {
            plan.method = QStringLiteral("init script");
            plan.steps << ServiceStep{QStringLiteral("%1 nginx").arg(verb),
                                      shellCommand(QStringLiteral("/etc/init.d/nginx"), {verb})};
            return plan;
        }
        plan.method = QStringLiteral("signal");
        const QString pid = QString::number(nginx.masterPid);
        switch (action) {
        case ServiceAction::Status: break;
        case ServiceAction::Start:
            if (nginx.running)
                break;
            plan.method = QStringLiteral("command line");
            plan.steps << ServiceStep{QStringLiteral("Start nginx"), detached(binary, args)};
            break;
        case ServiceAction::Stop:
            if (nginx.running)
                plan.steps << ServiceStep{QStringLiteral("Stop nginx gracefully"),
                                          QStringLiteral("kill -QUIT ") + pid};
            break;
        case ServiceAction::Reload:
            if (!nginx.running)
                return makeError(ErrorCode::NotFound,
                                 QStringLiteral("nginx is not running, so it cannot be reloaded."),
                                 QStringLiteral("Start it instead."));
            plan.steps << ServiceStep{QStringLiteral("Reload nginx (HUP to the master)"),
                                      QStringLiteral("kill -HUP ") + pid};
            break;
        case ServiceAction::Restart:
            if (nginx.running)
                plan.steps << ServiceStep{
                        QStringLiteral("Stop nginx gracefully"),
                        QStringLiteral("kill -QUIT %1; i=0; while kill -0 %1 2>/dev/null && [ $i "
                                       "-lt 100 ]; do sleep 0.1; i=$((i+1)); done")
                                .arg(pid)};
            plan.steps << ServiceStep{QStringLiteral("Start nginx"), detached(binary, args)};
            break;
        }
        return plan;
    }

    if (name == QLatin1String("php-fpm") || name.startsWith(QLatin1String("php-fpm:"))
        || (name.startsWith(QLatin1String("php")) && name.endsWith(QLatin1String("-fpm")))) {
        plan.kind = QStringLiteral("php-fpm");
        const QString wantedConfig
                = name.startsWith(QLatin1String("php-fpm:")) ? name.mid(8) : QString();
        ServiceMemory::Daemon daemon;
        int pid = 0;
        QStringList running;
        for (const auto &master : host.facts.fpm.masters)
            running << master.config;
        if (action == ServiceAction::Start) {
            // Start what was seen running before and is down now.
            for (const auto &remembered : host.rememberedFpm) {
                if ((wantedConfig.isEmpty() || remembered.config == wantedConfig)
                    && !running.contains(remembered.config)) {
                    daemon = remembered;
                    if (daemon.binary.isEmpty())
                        daemon.binary = host.facts.fpm.binaries.value(0);
                    break;
                }
            }
        }
        if (daemon.binary.isEmpty()) {
            if (wantedConfig.isEmpty() && host.facts.fpm.masters.size() > 1) {
                return makeError(ErrorCode::InvalidArgument,
                                 QStringLiteral("Several PHP-FPM masters run here: %1.")
                                         .arg(running.join(QLatin1String(", "))),
                                 QStringLiteral("Name one as php-fpm:CONFIG, e.g. php-fpm:%1.")
                                         .arg(running.first()));
            }
            for (const auto &master : host.facts.fpm.masters) {
                if (wantedConfig.isEmpty() || master.config == wantedConfig) {
                    daemon = {master.binary, {QStringLiteral("-y"), master.config}, master.config};
                    pid = master.pid;
                    break;
                }
            }
        }
        if (daemon.binary.isEmpty() && pid == 0) {
            for (const auto &remembered : host.rememberedFpm) {
                if (wantedConfig.isEmpty() || remembered.config == wantedConfig) {
                    daemon = remembered;
                    break;
                }
            }
        }
        if (daemon.binary.isEmpty() && !host.facts.fpm.binaries.isEmpty()) {
            daemon.binary = host.facts.fpm.binaries.first();
            if (!wantedConfig.isEmpty())
                daemon.args = QStringList{QStringLiteral("-y"), wantedConfig};
            daemon.config = wantedConfig;
        }
        if (daemon.binary.isEmpty())
            return makeError(ErrorCode::NotFound,
                             QStringLiteral("PHP-FPM is not installed on this server."));
        plan.config = daemon.config;
        plan.service = daemon.config.isEmpty() ? QStringLiteral("php-fpm")
                                               : QStringLiteral("php-fpm (%1)").arg(daemon.config);
        if (action != ServiceAction::Status && action != ServiceAction::Stop)
            plan.configTest = ServiceStep{
                    QStringLiteral("Test the configuration"),
                    kPath
                            + shellCommand(daemon.binary,
                                           daemon.args + QStringList{QStringLiteral("-t")})};
        const QString unit
                = name.endsWith(QLatin1String("-fpm")) ? name : fpmUnitFor(host, daemon.binary);
        const bool defaultConfig
                = daemon.config.isEmpty() || daemon.config.startsWith(QLatin1String("/etc/"));
        if (systemd && !unit.isEmpty() && defaultConfig) {
            plan.method = QStringLiteral("systemd");
            if (action != ServiceAction::Status)
                plan.steps << ServiceStep{QStringLiteral("%1 %2").arg(verb, unit),
                                          shellCommand(QStringLiteral("systemctl"), {verb, unit})};
            return plan;
        }
        plan.method = QStringLiteral("signal");
        const QString pidText = QString::number(pid);
        switch (action) {
        case ServiceAction::Status: break;
        case ServiceAction::Start:
            if (pid)
                break;
            plan.method = QStringLiteral("command line");
            plan.steps << ServiceStep{QStringLiteral("Start PHP-FPM"),
                                      detached(daemon.binary, daemon.args)};
            break;
        case ServiceAction::Stop:
            if (pid)
                plan.steps << ServiceStep{QStringLiteral("Stop PHP-FPM gracefully"),
                                          QStringLiteral("kill -QUIT ") + pidText};
            break;
        case ServiceAction::Reload:
            if (!pid)
                return makeError(
                        ErrorCode::NotFound,
                        QStringLiteral("PHP-FPM is not running, so it cannot be reloaded."),
                        QStringLiteral("Start it instead."));
            plan.steps << ServiceStep{QStringLiteral("Reload PHP-FPM (USR2 to the master)"),
                                      QStringLiteral("kill -USR2 ") + pidText};
            break;
        case ServiceAction::Restart:
            if (pid)
                plan.steps << ServiceStep{
                        QStringLiteral("Stop PHP-FPM gracefully"),
                        QStringLiteral("kill -QUIT %1; i=0; while kill -0 %1 2>/dev/null && [ $i "
                                       "-lt 100 ]; do sleep 0.1; i=$((i+1)); done")
                                .arg(pidText)};
            plan.steps << ServiceStep{QStringLiteral("Start PHP-FPM"),
                                      detached(daemon.binary, daemon.args)};
            break;
        }
        return plan;
    }

    // Anything else is an application unit behind an upstream.
    plan.kind = QStringLiteral("unit");
    plan.service = name;
    const QString unit
            = name.endsWith(QLatin1String(".service")) ? name : name + QStringLiteral(".service");
    // A SysV init script where systemd does not manage the service (or is not there at all):
    // the names come from listing /etc/init.d, so a name with a slash can never match.
    const QString scriptName = name.endsWith(QLatin1String(".service")) ? name.chopped(8) : name;
    if ((!systemd || !host.systemdUnits.contains(unit)) && host.initScripts.contains(scriptName)) {
        plan.method = QStringLiteral("init script");
        plan.service = scriptName;
        plan.config = QStringLiteral("/etc/init.d/") + scriptName;
        if (action != ServiceAction::Status)
            plan.steps << ServiceStep{QStringLiteral("%1 %2").arg(verb, scriptName),
                                      shellCommand(plan.config, {verb})};
        return plan;
    }
    if (!systemd) {
        return makeError(
                ErrorCode::Unsupported,
                QStringLiteral("%1 is not nginx or PHP-FPM, and this server has neither systemd "
                               "nor an init script /etc/init.d/%1 to manage it.")
                        .arg(name),
                QStringLiteral("Start the application the way your deployment does "
                               "(its supervisor, container or start script)."));
    }
    if (!host.systemdUnits.contains(unit))
        return makeError(
                ErrorCode::NotFound,
                QStringLiteral("There is no systemd unit %1 on this server.").arg(unit),
                QStringLiteral("List the units with: systemctl list-units --type=service"));
    plan.method = QStringLiteral("systemd");
    if (action != ServiceAction::Status)
        plan.steps << ServiceStep{QStringLiteral("%1 %2").arg(verb, unit),
                                  shellCommand(QStringLiteral("systemctl"), {verb, unit})};
    return plan;
}

Result<ServiceControl::HostServices> ServiceControl::inspect(remote::RemoteHost &host,
                                                             const QString &hostKey)
{
    HostServices services;
    auto facts = host.run(discovery::FactsScript::script());
    if (!facts)
        return facts.error();
    services.facts = discovery::FactsScript::parse(facts->stdOut);
    auto lists = host.run(
            QStringLiteral("echo @@units; systemctl list-unit-files --type=service --no-legend "
                           "--no-pager 2>/dev/null | "
                           "awk '{print $1}'; echo @@init; ls -1 /etc/init.d 2>/dev/null; true"));
    if (lists) {
        bool units = false;
        for (const QByteArray &line : lists->stdOut.split('\n')) {
            if (line == "@@units")
                units = true;
            else if (line == "@@init")
                units = false;
            else if (!line.trimmed().isEmpty())
                (units ? services.systemdUnits : services.initScripts)
                        .insert(QString::fromUtf8(line.trimmed()));
        }
    }
    ServiceMemory::remember(hostKey, services.facts);
    services.rememberedNginx = ServiceMemory::nginx(hostKey);
    services.rememberedFpm = ServiceMemory::fpm(hostKey);
    return services;
}

ServiceOutcome ServiceControl::execute(remote::RemoteHost &host,
                                       const ServicePlan &plan,
                                       const QString &hostKey,
                                       const std::function<void(const QString &)> &progress)
{
    ServiceOutcome outcome;
    outcome.plan = plan;
    auto say = [&](const QString &text) {
        outcome.log << text;
        if (progress)
            progress(text);
    };
    if (plan.configTest) {
        say(QStringLiteral("$ %1").arg(plan.configTest->command));
        auto test = host.runPrivileged(plan.configTest->command + QStringLiteral(" 2>&1"));
        outcome.testOutput = test ? QString::fromUtf8(test->stdOut).trimmed() : test.error().text();
        say(outcome.testOutput);
        if (!test || test->exitStatus != 0) {
            outcome.refused = true;
            say(QStringLiteral("The configuration test failed: nothing was changed."));
        }
    }
    for (const ServiceStep &step : outcome.refused ? QList<ServiceStep>() : plan.steps) {
        say(QStringLiteral("$ %1").arg(step.command));
        auto result = host.runPrivileged(step.command + QStringLiteral(" 2>&1"), 60000);
        if (!result) {
            say(result.error().text());
            break;
        }
        if (!result->stdOut.trimmed().isEmpty())
            say(QString::fromUtf8(result->stdOut).trimmed());
        if (result->exitStatus != 0) {
            say(QStringLiteral("(exit status %1)").arg(result->exitStatus));
            break;
        }
    }
    // Daemons take a moment to come up or go away; look for up to ten seconds.
    for (int attempt = 0; attempt < 20; ++attempt) {
        auto services = inspect(host, hostKey);
        if (!services)
            break;
        if (plan.kind == QLatin1String("nginx")) {
            discovery::HostFacts facts = services->facts;
            if (!plan.config.isEmpty())
                facts.selectNginx(plan.config);
            outcome.running = facts.nginx.running;
        } else if (plan.kind == QLatin1String("php-fpm")) {
            outcome.running = false;
            for (const auto &master : services->facts.fpm.masters)
                outcome.running |= plan.config.isEmpty() || master.config == plan.config;
        } else if (plan.method == QLatin1String("init script")) {
            // LSB: `status` exits 0 exactly when the service runs.
            auto status = host.runPrivileged(shellCommand(plan.config, {QStringLiteral("status")})
                                             + QStringLiteral(" >/dev/null 2>&1"));
            outcome.running = status && status->exitStatus == 0;
        } else {
            auto active = host.run(shellCommand(QStringLiteral("systemctl"),
                                                {QStringLiteral("is-active"), plan.service}));
            outcome.running = active && active->stdOut.trimmed() == "active";
        }
        if (outcome.running == plan.expectRunning || outcome.refused)
            break;
        QThread::msleep(500);
    }
    outcome.reachedState = outcome.running == plan.expectRunning;
    return outcome;
}

} // namespace gs::actions
