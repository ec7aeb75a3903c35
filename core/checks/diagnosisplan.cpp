#include "checks/diagnosisplan.h"

#include "checks/gatherplan.h"
#include "checks/remotescripts.h"
#include "discovery/factsscript.h"

#include <QSet>

#include <algorithm>

namespace gs::checks::diagnosisplan {

QList<Gatherer::Command> first()
{
    return {{QStringLiteral("facts"), discovery::FactsScript::script(), false, -1},
            {QStringLiteral("clock"), remotescripts::clock(), false, -1}};
}

QList<Gatherer::Command> second(const discovery::HostFacts &facts, qint64 windowStartEpoch)
{
    QList<Gatherer::Command> batch{
            {QStringLiteral("sockets"), remotescripts::sockets(), true, -1},
            {QStringLiteral("system"), remotescripts::system(), false, -1},
            {QStringLiteral("oom"), remotescripts::kernelOom(windowStartEpoch), true, -1},
    };
    if (facts.nginx.installed) {
        batch.append(
                {QStringLiteral("nginx_T"),
                 // The running master's -c/-p, or the configuration the user named (inventory,
                 // --nginx-conf) when that nginx is down: never the compiled-in default then.
                 remotescripts::nginxDump(facts.nginx.binary,
                                          facts.nginx.config,
                                          facts.nginx.running ? facts.nginx.prefix : QString()),
                 true,
                 -1});
        // Read as the login too: when `nginx -T` cannot run (no sudo) or fails, the files
        // still name the upstreams, sites and logs.
        if (!facts.nginx.config.isEmpty())
            batch.append({QStringLiteral("nginx_files"),
                          remotescripts::nginxConfigFiles(facts.nginx.config),
                          false,
                          -1});
    }
    batch += gatherplan::second(facts);
    return batch;
}

QList<SiteProbe> sitesToProbe(const nginx::ConfigModel &nginx)
{
    QList<SiteProbe> sites;
    QSet<QString> seen;
    for (const auto &server : nginx.servers) {
        for (const auto &listen : server.listens) {
            if (listen.port <= 0 || listen.quic)
                continue;
            QString host = listen.address;
            if (host.isEmpty() || host == QLatin1String("*") || host == QLatin1String("0.0.0.0"))
                host = QStringLiteral("127.0.0.1");
            else if (host == QLatin1String("::") || host == QLatin1String("[::]"))
                host = QStringLiteral("[::1]");
            else if (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('[')))
                host = QLatin1Char('[') + host + QLatin1Char(']');
            SiteProbe site;
            site.url = QStringLiteral("%1://%2:%3/")
                               .arg(listen.ssl ? QStringLiteral("https") : QStringLiteral("http"),
                                    host,
                                    QString::number(listen.port));
            site.serverName = server.names.value(0);
            if (site.serverName == QLatin1String("_") || site.serverName == QLatin1String("\"\""))
                site.serverName.clear();
            site.source = server.source;
            const QString key = site.url + QLatin1Char('|') + site.serverName;
            if (seen.contains(key))
                continue;
            seen.insert(key);
            sites << site;
            if (sites.size() >= kMaxSites)
                return sites;
        }
    }
    return sites;
}

QList<Gatherer::Command> third(const DiagnosisModel &model)
{
    QList<Gatherer::Command> batch;
    for (const QString &path : model.errorLogPaths()) {
        batch.append({QStringLiteral("errorlog:") + path,
                      remotescripts::tailFile(path, kLogTailBytes),
                      true,
                      -1});
    }
    QSet<QString> probed;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (probed.contains(peer) || probed.size() >= kMaxProbes)
                continue;
            probed.insert(peer);
            if (peer.startsWith(QLatin1String("unix:"))) {
                batch.append({QStringLiteral("unix:") + peer.mid(5),
                              remotescripts::probeUnix(peer.mid(5)),
                              true,
                              -1});
                continue;
            }
            const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
            QString host = peer.left(colon);
            if (host.startsWith(QLatin1Char('[')))
                host = host.mid(1, host.size() - 2);
            const int port = peer.mid(colon + 1).toInt();
            if (colon <= 0 || port <= 0)
                continue;
            QString scheme = target.pass.scheme;
            // HTTP probes only where nginx speaks HTTP; FastCGI and friends get a TCP connect.
            if (target.pass.directive != QLatin1String("proxy_pass"))
                scheme.clear();
            batch.append(
                    {QStringLiteral("tcp:") + peer,
                     remotescripts::probeTcp(
                             host,
                             port,
                             scheme,
                             std::clamp<int>(
                                     static_cast<int>(target.readTimeoutMs / 1000) + 2, 3, 10)),
                     false,
                     15000});
        }
    }
    if (model.nginx) {
        batch.append({QStringLiteral("workergroups"),
                      remotescripts::userGroups(model.nginx->user),
                      false,
                      -1});
        if (model.facts.hasTool(QStringLiteral("curl"))) {
            for (const SiteProbe &site : sitesToProbe(*model.nginx)) {
                batch.append(
                        {QStringLiteral("site:") + site.url + QLatin1Char('|') + site.serverName,
                         remotescripts::probeSite(site.url, site.serverName, 8),
                         false,
                         15000});
            }
        }
    }
    batch += gatherplan::third(model);
    return batch;
}

} // namespace gs::checks::diagnosisplan
