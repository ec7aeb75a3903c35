#include "config/healthplan.h"

#include "nginx/configmodel.h"
#include "phpfpm/poolconfigparser.h"

#include <functional>

namespace gs::config {

namespace {

using nginx::ConfigModel;
using nginx::ConfigParser;

QString urlHost(const QString &address)
{
    if (address.isEmpty() || address == QLatin1String("*") || address == QLatin1String("0.0.0.0"))
        return QStringLiteral("127.0.0.1");
    if (address == QLatin1String("::") || address == QLatin1String("[::]"))
        return QStringLiteral("[::1]");
    if (address.contains(QLatin1Char(':')) && !address.startsWith(QLatin1Char('[')))
        return QLatin1Char('[') + address + QLatin1Char(']');
    return address;
}

QList<HealthPlan::Probe> probesOf(const ConfigModel::Server &server)
{
    QList<HealthPlan::Probe> probes;
    for (const auto &listen : server.listens) {
        if (listen.port <= 0 || listen.quic)
            continue;
        HealthPlan::Probe probe;
        probe.url = QStringLiteral("%1://%2:%3/")
                            .arg(listen.ssl ? QStringLiteral("https") : QStringLiteral("http"),
                                 urlHost(listen.address),
                                 QString::number(listen.port));
        probe.hostHeader = server.names.value(0);
        if (probe.hostHeader == QLatin1String("_") || probe.hostHeader.contains(QLatin1Char('*'))
            || probe.hostHeader.startsWith(QLatin1Char('~')))
            probe.hostHeader.clear();
        probes << probe;
        break; // one listen per server is enough to see it answer
    }
    return probes;
}

std::optional<ConfigModel> modelWith(const ConfigParser::Dump &dump,
                                     const QString &path,
                                     const QString &text,
                                     const QString &prefix)
{
    ConfigParser::Dump copy = dump;
    bool found = false;
    for (auto &file : copy.files) {
        if (file.path == path) {
            file.text = text;
            file.directives = ConfigParser::parseText(text, path);
            found = true;
        }
    }
    if (!found)
        return std::nullopt;
    return ConfigModel::build(ConfigParser::expandIncludes(copy), ConfigModel::Options{prefix});
}

void merge(QList<HealthPlan::Probe> &into, const HealthPlan::Probe &probe, bool apply)
{
    for (auto &existing : into) {
        if (existing.url == probe.url && existing.hostHeader == probe.hostHeader) {
            (apply ? existing.afterApply : existing.afterRollback) = true;
            return;
        }
    }
    if (into.size() >= HealthPlan::kMaxProbes)
        return;
    HealthPlan::Probe added = probe;
    added.afterApply = apply;
    added.afterRollback = !apply;
    into << added;
}

using ServerFilter = std::function<bool(const ConfigModel::Server &)>;

void addServers(QList<HealthPlan::Probe> &into,
                const std::optional<ConfigModel> &model,
                const ServerFilter &filter,
                bool apply)
{
    if (!model)
        return;
    for (const auto &server : model->servers) {
        if (filter(server)) {
            for (const auto &probe : probesOf(server))
                merge(into, probe, apply);
        }
    }
}

QString pingTarget(const QString &listen)
{
    bool numeric = false;
    listen.toInt(&numeric);
    if (numeric)
        return QStringLiteral("127.0.0.1:") + listen;
    return listen;
}

bool passesTo(const ConfigModel::Server &server, const QStringList &listens)
{
    for (const auto &location : server.locations) {
        if (!location.pass || location.pass->directive != QLatin1String("fastcgi_pass"))
            continue;
        if (listens.isEmpty())
            return true;
        for (const QString &listen : listens) {
            if (location.pass->isUnix()
                        ? location.pass->unixPath == listen
                        : (location.pass->peer() == listen
                           || QString::number(location.pass->port) == listen
                           || location.pass->peer().endsWith(
                                   QLatin1Char(':') + listen.section(QLatin1Char(':'), -1))))
                return true;
        }
    }
    return false;
}

} // namespace

HealthPlan HealthPlan::forNginx(const ConfigParser::Dump &dump,
                                const QString &path,
                                const QString &oldText,
                                const QString &newText,
                                const QString &prefix)
{
    HealthPlan plan;
    const auto after = modelWith(dump, path, newText, prefix);
    const auto before = modelWith(dump, path, oldText, prefix);
    const auto definedHere = [&path](const ConfigModel::Server &server) {
        return server.source.file == path;
    };
    const auto defines = [&](const std::optional<ConfigModel> &model) {
        if (!model)
            return false;
        for (const auto &server : model->servers) {
            if (definedHere(server))
                return true;
        }
        return false;
    };
    const bool own = defines(after) || defines(before);
    const ServerFilter filter
            = own ? ServerFilter(definedHere)
                  : ServerFilter([](const ConfigModel::Server &) { return true; });
    addServers(plan.probes, after, filter, true);
    addServers(plan.probes, before, filter, false);
    return plan;
}

HealthPlan HealthPlan::forAllServers(const ConfigParser::Dump &dump, const QString &prefix)
{
    HealthPlan plan;
    const ConfigModel model
            = ConfigModel::build(ConfigParser::expandIncludes(dump), ConfigModel::Options{prefix});
    const auto every = [](const ConfigModel::Server &) {
        return true;
    };
    addServers(plan.probes, model, every, true);
    addServers(plan.probes, model, every, false);
    return plan;
}

HealthPlan HealthPlan::forFpm(const QList<ConfigParser::Dump> &nginxDumps,
                              const QString &path,
                              const QString &oldText,
                              const QString &newText)
{
    HealthPlan plan;
    QStringList listens;
    const auto addPools = [&](const QString &text, bool apply) {
        const phpfpm::PoolConfig config = phpfpm::PoolConfigParser::parse(text, path);
        for (const auto &pool : config.pools) {
            if (pool.listen().isEmpty())
                continue;
            if (!listens.contains(pool.listen()))
                listens << pool.listen();
            if (pool.pingPath().isEmpty())
                continue;
            bool merged = false;
            for (auto &ping : plan.pings) {
                if (ping.pool == pool.name && ping.connect == pingTarget(pool.listen())
                    && ping.pingPath == pool.pingPath()) {
                    (apply ? ping.afterApply : ping.afterRollback) = true;
                    merged = true;
                }
            }
            if (!merged)
                plan.pings << Ping{
                        pingTarget(pool.listen()), pool.pingPath(), pool.name, apply, !apply};
        }
    };
    addPools(newText, true);
    addPools(oldText, false);
    for (const ConfigParser::Dump &dump : nginxDumps) {
        const ConfigModel model = ConfigModel::build(ConfigParser::expandIncludes(dump));
        for (const auto &server : model.servers) {
            if (!passesTo(server, listens))
                continue;
            for (const auto &probe : probesOf(server)) {
                merge(plan.probes, probe, true);
                merge(plan.probes, probe, false);
            }
        }
    }
    return plan;
}

} // namespace gs::config
