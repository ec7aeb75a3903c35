#include "checks/gatherplan.h"

#include "checks/diagnosisplan.h"
#include "checks/remotescripts.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

namespace gs::checks::gatherplan {

namespace {

constexpr int kMaxNames = 12;
constexpr int kMaxUnits = 10;

// "unix:/x" -> {} ; "host:port" -> host, port. False for unix sockets and group names.
bool tcpPeer(const QString &peer, QString *host, int *port)
{
    if (peer.startsWith(QLatin1String("unix:")))
        return false;
    return FpmModel::splitHostPort(peer, host, port) && *port > 0 && !host->isEmpty();
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
    const QList<SiteProbe> sites = diagnosisplan::sitesToProbe(*model.nginx);
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

bool isAddress(const QString &host)
{
    return !QHostAddress(host).isNull();
}

// An FPM installation's configuration (main file and pools) and its `php-fpm -t`.
void appendConfigReads(const FpmInstance &instance, QList<Gatherer::Command> &batch)
{
    batch.append({QStringLiteral("fpmconf:") + instance.config,
                  remotescripts::fpmConfig(instance.config, QStringLiteral("/usr")),
                  true,
                  -1});
    batch.append({QStringLiteral("fpm_t:") + instance.config,
                  remotescripts::fpmTest(instance.binary, instance.config),
                  true,
                  15000});
}

} // namespace

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

QList<Gatherer::Command> second(const discovery::HostFacts &facts)
{
    QList<Gatherer::Command> batch;
    QList<int> masters;
    if (facts.nginx.masterPid > 0)
        masters << facts.nginx.masterPid;
    for (const FpmInstance &instance : FpmModel::discover(facts)) {
        if (instance.dormant)
            continue; // read in round three, and only when nginx passes to no running pool
        appendConfigReads(instance, batch);
        if (instance.masterPid > 0)
            masters << instance.masterPid;
    }
    if (!masters.isEmpty())
        batch.append({QStringLiteral("procs"), remotescripts::processLimits(masters), true, -1});
    batch.append({QStringLiteral("firewall"), remotescripts::firewall(), true, 15000});
    if (facts.hasTool(QStringLiteral("getenforce")))
        batch.append({QStringLiteral("selinux"), remotescripts::selinux(), true, 20000});
    if (facts.hasSystemd())
        batch.append({QStringLiteral("systemd"), remotescripts::systemdFailed(), false, -1});
    return batch;
}

namespace {

// The installed but stopped FPMs' configurations and tests, when a fastcgi_pass reaches no
// running pool: the pool may belong to an FPM that is down (and its test says why).
void appendDormantFpms(const DiagnosisModel &model, QList<Gatherer::Command> &batch)
{
    bool unmatched = false;
    for (const UpstreamTarget &target : model.upstreams) {
        if (target.pass.directive != QLatin1String("fastcgi_pass"))
            continue;
        for (const QString &peer : target.peers)
            unmatched = unmatched || !model.fpm.poolForPeer(peer);
    }
    if (!unmatched)
        return;
    for (const FpmInstance &instance : FpmModel::discover(model.facts)) {
        if (!instance.dormant)
            continue;
        appendConfigReads(instance, batch);
    }
}

} // namespace

QList<Gatherer::Command> third(const DiagnosisModel &model)
{
    QList<Gatherer::Command> batch;
    const qint64 since = model.windowStartUtc.toSecsSinceEpoch();
    appendDormantFpms(model, batch);

    QSet<QString> logs;
    for (const FpmInstance &instance : model.fpm.instances) {
        if (!instance.errorLog.isEmpty() && !logs.contains(instance.errorLog)) {
            logs.insert(instance.errorLog);
            batch.append({QStringLiteral("fpmlog:") + instance.errorLog,
                          remotescripts::tailFile(instance.errorLog, diagnosisplan::kLogTailBytes),
                          true,
                          -1});
        }
        if (instance.masterPid == 0)
            continue; // nothing answers on a stopped FPM's sockets
        for (const auto &pool : instance.conf.pools) {
            const QString statusPath = pool.statusPath();
            if (statusPath.isEmpty() || pool.listen().isEmpty())
                continue;
            const QString key = QStringLiteral("fpmstatus:") + pool.name;
            if (model.facts.hasTool(QStringLiteral("cgi-fcgi"))) {
                batch.append({key,
                              remotescripts::fpmStatusCgi(cgiAddress(pool.listen()), statusPath),
                              true,
                              12000});
            } else if (model.facts.hasTool(QStringLiteral("curl"))) {
                const auto [url, hostName]
                        = statusUrlThroughNginx(model, pool.listen(), statusPath);
                if (!url.isEmpty())
                    batch.append({key, remotescripts::fetchBody(url, hostName, 8), false, 12000});
            }
        }
    }

    QSet<QString> names;
    QSet<QString> tls;
    QSet<QString> units;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            QString host;
            int port = 0;
            const bool tcp = tcpPeer(peer, &host, &port);
            if (tcp && !isAddress(host) && !names.contains(host) && names.size() < kMaxNames
                && model.facts.hasTool(QStringLiteral("getent"))) {
                names.insert(host);
                batch.append({QStringLiteral("dns:") + host,
                              remotescripts::resolveHost(host),
                              false,
                              10000});
            }
            const bool https = target.pass.scheme == QLatin1String("https")
                               || target.pass.scheme == QLatin1String("grpcs");
            if (tcp && https && !tls.contains(peer) && tls.size() < kMaxNames
                && model.facts.hasTool(QStringLiteral("openssl"))) {
                tls.insert(peer);
                QString serverName = isAddress(host) ? QString() : host;
                if (!target.pass.upstreamName.isEmpty() && !isAddress(target.pass.host))
                    serverName = target.pass.host; // nginx's default proxy_ssl_name
                batch.append({QStringLiteral("tls:") + peer,
                              remotescripts::tlsHandshake(host, port, serverName, 6),
                              false,
                              12000});
            }
            if (units.contains(peer) || units.size() >= kMaxUnits)
                continue;
            const bool systemd = model.facts.hasSystemd();
            const auto listeners = tcp ? model.host.listenersFor(host, port)
                                       : (peer.startsWith(QLatin1String("unix:"))
                                                  ? model.host.unixListenersAt(peer.mid(5))
                                                  : QList<sys::SocketTableParser::Socket>());
            for (const auto &socket : listeners) {
                if (!systemd || socket.owners.isEmpty() || socket.owners.first().pid <= 0)
                    continue;
                units.insert(peer);
                batch.append({QStringLiteral("unitpid:") + peer,
                              remotescripts::unitOfPid(socket.owners.first().pid, since),
                              true,
                              15000});
                break;
            }
            // Nothing listens on a local address: find the service that should.
            const bool loopback
                    = tcp ? (host == QLatin1String("localhost") || QHostAddress(host).isLoopback())
                          : peer.startsWith(QLatin1String("unix:"));
            if (listeners.isEmpty() && loopback && model.host.socketsRead) {
                units.insert(peer);
                const QString socketPath = tcp ? QString() : peer.mid(5);
                if (systemd)
                    batch.append({QStringLiteral("unitfor:") + peer,
                                  remotescripts::unitForAddress(port, socketPath, since),
                                  true,
                                  15000});
                // Without a unit (or without systemd) the service may be a SysV init script.
                batch.append({QStringLiteral("initfor:") + peer,
                              remotescripts::initScriptFor(port, socketPath),
                              true,
                              15000});
            }
        }
    }

    // Failed services: one of them may be the application that should be listening.
    if (const CommandOutput *failed = model.raw.get(QStringLiteral("systemd"));
        failed && failed->ok()) {
        int count = 0;
        for (const QString &line : QString::fromUtf8(failed->out).split(QLatin1Char('\n'))) {
            const QString unit = line.trimmed().section(QLatin1Char(' '), 0, 0);
            if (!unit.endsWith(QLatin1String(".service")) || count >= kMaxUnits)
                continue;
            ++count;
            batch.append({QStringLiteral("unit:") + unit,
                          remotescripts::unitState(unit, since),
                          true,
                          15000});
        }
    }
    return batch;
}

} // namespace gs::checks::gatherplan
