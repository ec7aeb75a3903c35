#pragma once

#include "actions/servicememory.h"
#include "discovery/hostfacts.h"
#include "remote/remotehost.h"
#include "util/result.h"

#include <QSet>
#include <QStringList>

#include <functional>

namespace gs::actions {

enum class ServiceAction { Status, Start, Stop, Restart, Reload };

std::optional<ServiceAction> serviceActionFromName(const QString &name);
QString serviceActionName(ServiceAction action);

// One command of a service action, shown to the user before it runs.
struct ServiceStep
{
    QString description;
    QString command;
};

// What a service action will do on a server: the exact commands, decided before anything runs.
struct ServicePlan
{
    QString service; // "nginx", "php-fpm (/etc/php/8.2/fpm/php-fpm.conf)", "myapp.service"
    QString kind;    // "nginx", "php-fpm", "unit"
    QString method;  // "systemd", "init script", "signal", "command line"
    QString config;  // PHP-FPM: the master's configuration file; an init script: its path
    std::optional<ServiceStep> configTest; // must pass first (nginx -t, php-fpm -t)
    QList<ServiceStep> steps;
    bool expectRunning = true; // the state the action should end in
};

struct ServiceOutcome
{
    ServicePlan plan;
    bool refused = false; // the configuration test failed: nothing was run
    bool reachedState = false;
    bool running = false;
    QString testOutput;
    QStringList log; // each command with its output, in order
};

// Status/start/stop/restart/reload for nginx, each PHP-FPM master and application units behind
// an upstream: systemd where present, else the init script, else a signal to the master (or,
// to start, the command line it was last seen running with). An application is a systemd unit
// or a SysV script in /etc/init.d (its `status` exit code tells whether it runs); there is no
// signal or command-line fallback for applications. nginx is never reloaded or restarted while
// its configuration test fails.
class ServiceControl
{
public:
    struct HostServices
    {
        discovery::HostFacts facts;
        QSet<QString> systemdUnits; // "nginx.service", ...
        QSet<QString> initScripts;  // names in /etc/init.d
        std::optional<ServiceMemory::Daemon> rememberedNginx;
        QList<ServiceMemory::Daemon> rememberedFpm;
    };

    // Pure: the plan for `name` ("nginx", "php-fpm", "php-fpm:/path/php-fpm.conf", a unit).
    static Result<ServicePlan>
    plan(const HostServices &host, const QString &name, ServiceAction action);

    // Reads what the host has (facts, units, init scripts) over SSH (blocking; worker threads).
    static Result<HostServices> inspect(remote::RemoteHost &host, const QString &hostKey);

    // Runs a plan: test, steps, then waits (bounded) until the service shows the expected state.
    static ServiceOutcome execute(remote::RemoteHost &host,
                                  const ServicePlan &plan,
                                  const QString &hostKey,
                                  const std::function<void(const QString &)> &progress = {});
};

} // namespace gs::actions
