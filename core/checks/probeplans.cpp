#include "checks/probeplans.h"

#include "checks/remotescripts.h"
#include "discovery/factsscript.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace gs::checks::probeplans {

namespace {

constexpr int kMaxNames = 12;
constexpr int kMaxUnits = 10;

using Batch = QList<Gatherer::Command>;

void add(Batch &batch, ProbeId id, const QString &subject, QString script)
{
    batch.append(ProbeCatalog::command(id, subject, std::move(script)));
}

qint64 windowStart(const PlanInput &input)
{
    return input.model.windowStartUtc.toSecsSinceEpoch();
}

// "unix:/x" -> {} ; "host:port" -> host, port. False for unix sockets and group names.
bool tcpPeer(const QString &peer, QString *host, int *port)
{
    if (peer.startsWith(QLatin1String("unix:")))
        return false;
    return FpmModel::splitHostPort(peer, host, port) && *port > 0 && !host->isEmpty();
}

bool isAddress(const QString &host)
{
    return !QHostAddress(host).isNull();
}

// The address cgi-fcgi dials for a pool's listen.
QString cgiAddress(const QString &listen)
{
    if (listen.startsWith(QLatin1Char('/')))
        return listen;
    const QString peer = FpmModel::peerOf(listen);
    return peer.startsWith(QLatin1Char('['))
                   ? peer.mid(1).replace(QStringLiteral("]:"), QStringLiteral(":"))
                   : peer;
}

// An nginx URL that reaches the pool's status page, or empty.
QPair<QString, QString>
statusUrlThroughNginx(const DiagnosisModel &model, const QString &listen, const QString &statusPath)
{
    if (!model.nginx)
        return {};
    const QList<SiteProbe> sites = sitesToProbe(*model.nginx);
    for (const auto &[server, location] : model.nginx->passLocations()) {
        if (location->pass->directive != QLatin1String("fastcgi_pass"))
            continue;
        if (!FpmModel::listenMatches(listen, location->pass->peer())
            || !locationMatches(location->modifier, location->path, statusPath))
            continue;
        for (const SiteProbe &site : sites) {
            if (site.source.file == server->source.file
                && site.source.line == server->source.line) {
                QString url = site.url;
                if (url.endsWith(QLatin1Char('/')))
                    url.chop(1);
                return {url + statusPath, site.serverName};
            }
        }
    }
    return {};
}

// The first kMaxProbes distinct peers the configuration dials, with their pass target.
QList<std::pair<QString, const UpstreamTarget *>> probedPeers(const DiagnosisModel &model)
{
    QList<std::pair<QString, const UpstreamTarget *>> peers;
    QSet<QString> seen;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (seen.contains(peer) || seen.size() >= kMaxProbes)
                continue;
            seen.insert(peer);
            peers.append({peer, &target});
        }
    }
    return peers;
}

// Whether nginx passes FastCGI to an address no running pool listens on: the pool may belong to
// an FPM that is down (and its test says why).
bool fastcgiReachesNoPool(const DiagnosisModel &model)
{
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive != QLatin1String("fastcgi_pass"))
            continue;
        for (const QString &peer : target.peers) {
            if (!model.fpm.poolForPeer(peer))
                return true;
        }
    }
    return false;
}

} // namespace

void facts(const PlanInput &, Batch &batch)
{
    add(batch, ProbeId::Facts, {}, discovery::FactsScript::script());
}

void clock(const PlanInput &, Batch &batch)
{
    add(batch, ProbeId::Clock, {}, remotescripts::clock());
}

void sockets(const PlanInput &, Batch &batch)
{
    add(batch, ProbeId::Sockets, {}, remotescripts::sockets());
}

void system(const PlanInput &, Batch &batch)
{
    add(batch, ProbeId::System, {}, remotescripts::system());
}

void kernelOom(const PlanInput &input, Batch &batch)
{
    add(batch, ProbeId::KernelOom, {}, remotescripts::kernelOom(windowStart(input)));
}

void nginxDump(const PlanInput &input, Batch &batch)
{
    const auto &nginx = input.model.facts.nginx;
    if (!nginx.installed)
        return;
    // The running master's -c/-p, or the configuration the user named (inventory,
    // --nginx-conf) when that nginx is down: never the compiled-in default then.
    add(batch,
        ProbeId::NginxDump,
        {},
        remotescripts::nginxDump(
                nginx.binary, nginx.config, nginx.running ? nginx.prefix : QString()));
}

void nginxFiles(const PlanInput &input, Batch &batch)
{
    // Read as the login too: when `nginx -T` cannot run (no sudo) or fails, the files still
    // name the upstreams, sites and logs.
    const auto &nginx = input.model.facts.nginx;
    if (nginx.installed && !nginx.config.isEmpty())
        add(batch, ProbeId::NginxFiles, {}, remotescripts::nginxConfigFiles(nginx.config));
}

void fpmConfigs(const PlanInput &input, Batch &batch)
{
    // Stopped installations are read in round three, and only when nginx passes to no
    // running pool.
    const bool dormant = input.round == Round::Targets;
    if (dormant && !fastcgiReachesNoPool(input.model))
        return;
    for (const FpmInstance &instance : FpmModel::discover(input.model.facts)) {
        if (instance.dormant != dormant)
            continue;
        if (input.wants(ProbeId::FpmConfig))
            add(batch,
                ProbeId::FpmConfig,
                instance.config,
                remotescripts::fpmConfig(instance.config, QStringLiteral("/usr")));
        if (input.wants(ProbeId::FpmTest))
            add(batch,
                ProbeId::FpmTest,
                instance.config,
                remotescripts::fpmTest(instance.binary, instance.config));
    }
}

void processLimits(const PlanInput &input, Batch &batch)
{
    QList<int> masters;
    if (input.model.facts.nginx.masterPid > 0)
        masters << input.model.facts.nginx.masterPid;
    for (const FpmInstance &instance : FpmModel::discover(input.model.facts)) {
        if (!instance.dormant && instance.masterPid > 0)
            masters << instance.masterPid;
    }
    if (!masters.isEmpty())
        add(batch, ProbeId::ProcessLimits, {}, remotescripts::processLimits(masters));
}

void firewall(const PlanInput &, Batch &batch)
{
    add(batch, ProbeId::Firewall, {}, remotescripts::firewall());
}

void selinux(const PlanInput &input, Batch &batch)
{
    if (input.model.facts.hasTool(QStringLiteral("getenforce")))
        add(batch, ProbeId::Selinux, {}, remotescripts::selinux());
}

void failedUnits(const PlanInput &input, Batch &batch)
{
    if (input.model.facts.hasSystemd())
        add(batch, ProbeId::FailedUnits, {}, remotescripts::systemdFailed());
}

void errorLogs(const PlanInput &input, Batch &batch)
{
    for (const QString &path : input.model.errorLogPaths())
        add(batch, ProbeId::ErrorLog, path, remotescripts::tailFile(path, kLogTailBytes));
}

void unixSockets(const PlanInput &input, Batch &batch)
{
    for (const auto &[peer, target] : probedPeers(input.model)) {
        if (peer.startsWith(QLatin1String("unix:")))
            add(batch, ProbeId::UnixSocket, peer.mid(5), remotescripts::probeUnix(peer.mid(5)));
    }
}

void tcpUpstreams(const PlanInput &input, Batch &batch)
{
    for (const auto &[peer, target] : probedPeers(input.model)) {
        if (peer.startsWith(QLatin1String("unix:")))
            continue;
        const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
        QString host = peer.left(colon);
        if (host.startsWith(QLatin1Char('[')))
            host = host.mid(1, host.size() - 2);
        const int port = peer.mid(colon + 1).toInt();
        if (colon <= 0 || port <= 0)
            continue;
        QString scheme = target->pass.scheme;
        // HTTP probes only where nginx speaks HTTP; FastCGI and friends get a TCP connect.
        if (target->pass.directive != QLatin1String("proxy_pass"))
            scheme.clear();
        const int seconds
                = std::clamp<int>(static_cast<int>(target->readTimeoutMs / 1000) + 2, 3, 10);
        add(batch,
            ProbeId::TcpUpstream,
            peer,
            remotescripts::probeTcp(host, port, scheme, seconds));
    }
}

void workerGroups(const PlanInput &input, Batch &batch)
{
    if (input.model.nginx)
        add(batch, ProbeId::WorkerGroups, {}, remotescripts::userGroups(input.model.nginx->user));
}

void sites(const PlanInput &input, Batch &batch)
{
    if (!input.model.nginx || !input.model.facts.hasTool(QStringLiteral("curl")))
        return;
    for (const SiteProbe &site : sitesToProbe(*input.model.nginx)) {
        add(batch,
            ProbeId::Site,
            site.url + QLatin1Char('|') + site.serverName,
            remotescripts::probeSite(site.url, site.serverName, 8));
    }
}

void fpmLogs(const PlanInput &input, Batch &batch)
{
    QSet<QString> logs;
    for (const FpmInstance &instance : input.model.fpm.instances) {
        if (instance.errorLog.isEmpty() || logs.contains(instance.errorLog))
            continue;
        logs.insert(instance.errorLog);
        add(batch,
            ProbeId::FpmLog,
            instance.errorLog,
            remotescripts::tailFile(instance.errorLog, kLogTailBytes));
    }
}

void fpmStatus(const PlanInput &input, Batch &batch)
{
    const DiagnosisModel &model = input.model;
    for (const FpmInstance &instance : model.fpm.instances) {
        if (instance.masterPid == 0)
            continue; // nothing answers on a stopped FPM's sockets
        for (const auto &pool : instance.conf.pools) {
            const QString statusPath = pool.statusPath();
            if (statusPath.isEmpty() || pool.listen().isEmpty())
                continue;
            if (model.facts.hasTool(QStringLiteral("cgi-fcgi"))) {
                add(batch,
                    ProbeId::FpmStatus,
                    pool.name,
                    remotescripts::fpmStatusCgi(cgiAddress(pool.listen()), statusPath));
            } else if (model.facts.hasTool(QStringLiteral("curl"))) {
                const auto [url, hostName]
                        = statusUrlThroughNginx(model, pool.listen(), statusPath);
                if (url.isEmpty())
                    continue;
                Gatherer::Command fetch = ProbeCatalog::command(
                        ProbeId::FpmStatus, pool.name, remotescripts::fetchBody(url, hostName, 8));
                fetch.privileged = false; // a page nginx serves: any login may fetch it
                batch.append(fetch);
            }
        }
    }
}

void dns(const PlanInput &input, Batch &batch)
{
    if (!input.model.facts.hasTool(QStringLiteral("getent")))
        return;
    QSet<QString> names;
    for (const UpstreamTarget &target : input.model.upstreams) {
        for (const QString &peer : target.peers) {
            QString host;
            int port = 0;
            if (!tcpPeer(peer, &host, &port) || isAddress(host) || names.contains(host)
                || names.size() >= kMaxNames)
                continue;
            names.insert(host);
            add(batch, ProbeId::Dns, host, remotescripts::resolveHost(host));
        }
    }
}

void tls(const PlanInput &input, Batch &batch)
{
    if (!input.model.facts.hasTool(QStringLiteral("openssl")))
        return;
    QSet<QString> tls;
    for (const UpstreamTarget &target : input.model.upstreams) {
        const bool https = target.pass.scheme == QLatin1String("https")
                           || target.pass.scheme == QLatin1String("grpcs");
        for (const QString &peer : target.peers) {
            QString host;
            int port = 0;
            if (!https || !tcpPeer(peer, &host, &port) || tls.contains(peer)
                || tls.size() >= kMaxNames)
                continue;
            tls.insert(peer);
            QString serverName = isAddress(host) ? QString() : host;
            if (!target.pass.upstreamName.isEmpty() && !isAddress(target.pass.host))
                serverName = target.pass.host; // nginx's default proxy_ssl_name
            add(batch, ProbeId::Tls, peer, remotescripts::tlsHandshake(host, port, serverName, 6));
        }
    }
}

void servicesBehind(const PlanInput &input, Batch &batch)
{
    const DiagnosisModel &model = input.model;
    const qint64 since = windowStart(input);
    const bool systemd = model.facts.hasSystemd();
    QSet<QString> units;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (units.contains(peer) || units.size() >= kMaxUnits)
                continue;
            QString host;
            int port = 0;
            const bool tcp = tcpPeer(peer, &host, &port);
            const bool unixPeer = peer.startsWith(QLatin1String("unix:"));
            const auto listeners = tcp ? model.host.listenersFor(host, port)
                                       : (unixPeer ? model.host.unixListenersAt(peer.mid(5))
                                                   : QList<sys::SocketTableParser::Socket>());
            for (const auto &socket : listeners) {
                if (!systemd || socket.owners.isEmpty() || socket.owners.first().pid <= 0)
                    continue;
                units.insert(peer);
                if (input.wants(ProbeId::UnitOfPid))
                    add(batch,
                        ProbeId::UnitOfPid,
                        peer,
                        remotescripts::unitOfPid(socket.owners.first().pid, since));
                break;
            }
            // Nothing listens on a local address: find the service that should.
            const bool loopback
                    = tcp ? (host == QLatin1String("localhost") || QHostAddress(host).isLoopback())
                          : unixPeer;
            if (!listeners.isEmpty() || !loopback || !model.host.socketsRead)
                continue;
            units.insert(peer);
            const QString socketPath = tcp ? QString() : peer.mid(5);
            if (systemd && input.wants(ProbeId::UnitForAddress))
                add(batch,
                    ProbeId::UnitForAddress,
                    peer,
                    remotescripts::unitForAddress(port, socketPath, since));
            // Without a unit (or without systemd) the service may be a SysV init script.
            if (input.wants(ProbeId::InitScriptFor))
                add(batch,
                    ProbeId::InitScriptFor,
                    peer,
                    remotescripts::initScriptFor(port, socketPath));
        }
    }
}

void unitStates(const PlanInput &input, Batch &batch)
{
    // Failed services: one of them may be the application that should be listening.
    const CommandOutput *failed = input.model.raw.get(ProbeId::FailedUnits);
    if (!failed || !failed->ok())
        return;
    int count = 0;
    for (const QString &line : QString::fromUtf8(failed->out).split(QLatin1Char('\n'))) {
        const QString unit = line.trimmed().section(QLatin1Char(' '), 0, 0);
        if (!unit.endsWith(QLatin1String(".service")) || count >= kMaxUnits)
            continue;
        ++count;
        add(batch, ProbeId::UnitState, unit, remotescripts::unitState(unit, windowStart(input)));
    }
}

void accessLogs(const PlanInput &input, Batch &batch)
{
    if (!input.model.nginx)
        return;
    for (const TrafficModel::Log &log :
         TrafficModel::configuredLogs(*input.model.nginx, input.model.facts.nginx.prefix)
                 .mid(0, TrafficModel::kMaxLogs)) {
        // A format that cannot place a request in time or has no status is not worth the bytes:
        // the model says why it is not counted.
        const auto format = nginx::LogFormat::compile(log.format);
        if (!format || !TrafficModel::formatProblem(*format).isEmpty())
            continue;
        add(batch,
            ProbeId::AccessLog,
            log.path,
            remotescripts::accessLogWindow(
                    log.path, kLogTailBytes, windowStart(input), format->timeKind()));
    }
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

bool locationMatches(const QString &modifier, const QString &path, const QString &uri)
{
    if (modifier == QLatin1String("="))
        return uri == path;
    if (modifier.isEmpty() || modifier == QLatin1String("^~"))
        return uri.startsWith(path);
    if (modifier == QLatin1String("~") || modifier == QLatin1String("~*")) {
        const QRegularExpression re(path,
                                    modifier == QLatin1String("~*")
                                            ? QRegularExpression::CaseInsensitiveOption
                                            : QRegularExpression::NoPatternOption);
        return re.isValid() && re.match(uri).hasMatch();
    }
    return false;
}

} // namespace gs::checks::probeplans
