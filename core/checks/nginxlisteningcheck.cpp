#include "checks/nginxlisteningcheck.h"

#include <QSet>

namespace gs::checks {

using findings::FindingId;

using sys::SocketTableParser;

namespace {

bool isNginx(const SocketTableParser::Socket &socket)
{
    for (const auto &owner : socket.owners) {
        if (owner.process == QLatin1String("nginx"))
            return true;
    }
    return false;
}

QString ownersText(const QList<SocketTableParser::Socket> &sockets)
{
    QStringList names;
    for (const auto &socket : sockets) {
        for (const auto &owner : socket.owners) {
            const QString name = QStringLiteral("%1 (pid %2) on %3")
                                         .arg(owner.process)
                                         .arg(owner.pid)
                                         .arg(socket.endpoint());
            if (!names.contains(name))
                names << name;
        }
    }
    return names.join(QLatin1String(", "));
}

// Whether a socket bound at `socket` serves connections for `listen` (nginx binds a wildcard
// once and serves the specific addresses of that port through it).
bool covers(const SocketTableParser::Socket &socket, const QString &address, int port)
{
    if (socket.isUnix() || socket.port != port)
        return false;
    if (address.isEmpty() || address == QLatin1String("*") || address == QLatin1String("0.0.0.0"))
        return socket.address == QLatin1String("0.0.0.0") || socket.address == QLatin1String("*");
    if (address == QLatin1String("::"))
        return socket.address == QLatin1String("::") || socket.address == QLatin1String("*");
    return socket.accepts(address, port);
}

// Whether binding `address`:port collides with `socket` (EADDRINUSE). nginx binds [::] with
// ipv6only=on, so the IPv4 and IPv6 wildcards do not collide with each other.
bool collides(const SocketTableParser::Socket &socket, const QString &address, int port)
{
    if (socket.isUnix() || socket.port != port)
        return false;
    if (socket.address == QLatin1String("*"))
        return true;
    const bool wantV6 = address.contains(QLatin1Char(':'));
    const bool socketV6 = socket.address.contains(QLatin1Char(':'));
    if (wantV6 != socketV6)
        return false;
    const bool wildcard = address.isEmpty() || address == QLatin1String("*")
                          || address == QLatin1String("0.0.0.0") || address == QLatin1String("::");
    return wildcard || covers(socket, address, port);
}

// The sockets at one listen address, sorted by who holds them.
struct Holders
{
    bool nginx = false;
    bool hidden = false;                       // bound, but its owner is not shown
    QList<SocketTableParser::Socket> foreign;  // bound there by another process
    QList<SocketTableParser::Socket> blocking; // elsewhere, but colliding with the bind
};

Holders holdersOf(const HostModel &host, const nginx::ConfigModel::Listen &listen)
{
    QList<SocketTableParser::Socket> bound;
    Holders holders;
    for (const auto &socket : host.sockets) {
        if (!listen.unixPath.isEmpty()) {
            if (socket.isUnix() && socket.path == listen.unixPath)
                bound << socket;
        } else if (covers(socket, listen.address, listen.port)) {
            bound << socket;
        } else if (collides(socket, listen.address, listen.port) && !socket.owners.isEmpty()
                   && !isNginx(socket)) {
            holders.blocking << socket;
        }
    }
    for (const auto &socket : bound) {
        if (isNginx(socket))
            holders.nginx = true;
        else if (socket.owners.isEmpty())
            holders.hidden = true;
        else
            holders.foreign << socket;
    }
    return holders;
}

// The listen as the evidence names it.
QString listenText(const nginx::ConfigModel::Listen &listen)
{
    return listen.implicit
                   ? QStringLiteral("%1 (no listen directive: nginx's default)").arg(listen.raw)
                   : QStringLiteral("listen %1").arg(listen.raw);
}

void raiseAtListen(FindingSet &findings,
                   FindingId id,
                   const HostModel &host,
                   const nginx::ConfigModel::Listen &listen,
                   const QString &evidence)
{
    auto &finding = findings.get(id);
    finding.addOccurrence(host.socketsTool, evidence);
    if (finding.configFile.isEmpty()) {
        finding.configFile = listen.source.file;
        finding.configLine = listen.source.line;
    }
    findings.confirmLive(finding);
}

} // namespace

CheckResult NginxListeningCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    // A stopped nginx is still checked for ports held by others: that is often why it stopped.
    const bool running = model.facts.nginx.running;
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its listen "
                                     "addresses are unknown"));
    const HostModel &host = model.host;
    if (!host.socketsRead)
        return result(CheckStatus::Skip,
                      QStringLiteral("the listening sockets could not be listed (no ss, netstat "
                                     "or /proc/net)"));
    QSet<QString> seen;
    QStringList problems;
    int listening = 0;
    int unknownOwner = 0;
    for (const auto &server : model.nginx->servers) {
        for (const auto &listen : server.listens) {
            if (listen.quic)
                continue;
            const QString key
                    = listen.unixPath.isEmpty()
                              ? QStringLiteral("%1:%2").arg(listen.address).arg(listen.port)
                              : listen.unixPath;
            if (seen.contains(key))
                continue;
            seen.insert(key);
            const Holders holders = holdersOf(host, listen);
            if (running && (holders.nginx || (holders.hidden && holders.foreign.isEmpty()))) {
                ++listening;
                if (!holders.nginx)
                    ++unknownOwner;
                continue;
            }
            const QList<SocketTableParser::Socket> foreign = holders.foreign + holders.blocking;
            const QString at
                    = QStringLiteral("%1:%2").arg(listen.source.file).arg(listen.source.line);
            const QString what = listenText(listen);
            if (!foreign.isEmpty()) {
                raiseAtListen(findings,
                              FindingId::NginxPortConflict,
                              host,
                              listen,
                              QStringLiteral("%1 at %2 is held by %3")
                                      .arg(what, at, ownersText(foreign)));
                problems << QStringLiteral("%1 held by %2").arg(key, ownersText(foreign));
            } else if (running) {
                raiseAtListen(findings,
                              FindingId::NginxNotListening,
                              host,
                              listen,
                              QStringLiteral("%1 at %2: nothing listens there").arg(what, at));
                problems << QStringLiteral("%1 not bound").arg(key);
            }
        }
    }
    if (!problems.isEmpty())
        return result(CheckStatus::Fail, problems.join(QLatin1String("; ")));
    if (!running)
        return result(CheckStatus::Pass,
                      QStringLiteral("nginx is not running; no other process holds its %1 listen "
                                     "address(es)")
                              .arg(seen.size()));
    return result(CheckStatus::Pass,
                  QStringLiteral("%1 listen address(es) bound%2")
                          .arg(listening)
                          .arg(unknownOwner > 0
                                       ? QStringLiteral(" (%1 without the owning process shown: "
                                                        "needs sudo)")
                                                 .arg(unknownOwner)
                                       : QString()));
}

} // namespace gs::checks
