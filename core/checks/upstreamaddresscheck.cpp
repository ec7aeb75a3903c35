#include "checks/upstreamaddresscheck.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QSet>

#include <cstdlib>

namespace gs::checks {

using findings::FindingId;

using sys::SocketTableParser;

namespace {

QString ownerOf(const SocketTableParser::Socket &socket)
{
    if (socket.owners.isEmpty())
        return {};
    return QStringLiteral(" (%1, pid %2)")
            .arg(socket.owners.first().process)
            .arg(socket.owners.first().pid);
}

// Is host one of this machine's addresses, as far as the socket table tells?
bool isLocal(const QString &host, const HostModel &model)
{
    if (host == QLatin1String("localhost") || QHostAddress(host).isLoopback())
        return true;
    const QHostAddress address(host);
    if (address.isNull())
        return false;
    for (const auto &socket : model.sockets) {
        if (!socket.isUnix() && QHostAddress(socket.address) == address)
            return true;
    }
    return false;
}

// An application server listening near the port nginx dials (moved, or started with another
// PORT): the likely reason for "refused". Only runtimes that serve applications count, so that
// a database or an SSH daemon on a nearby port is never taken for the application.
const SocketTableParser::Socket *
nearbyApplication(const HostModel &host, const QString &address, int port)
{
    static const QStringList runtimes = {
            QStringLiteral("node"),
            QStringLiteral("python"),
            QStringLiteral("gunicorn"),
            QStringLiteral("uvicorn"),
            QStringLiteral("uwsgi"),
            QStringLiteral("java"),
            QStringLiteral("ruby"),
            QStringLiteral("puma"),
            QStringLiteral("dotnet"),
            QStringLiteral("php"),
            QStringLiteral("deno"),
            QStringLiteral("bun"),
            QStringLiteral("hypercorn"),
            QStringLiteral("daphne"),
            QStringLiteral("beam.smp"),
    };
    for (const auto &socket : host.sockets) {
        if (socket.isUnix() || socket.port == port || std::abs(socket.port - port) > 100
            || socket.owners.isEmpty() || !socket.accepts(address, socket.port))
            continue;
        const QString &process = socket.owners.first().process;
        if (process.startsWith(QLatin1String("php-fpm")))
            continue;
        for (const QString &runtime : runtimes) {
            if (process.startsWith(runtime))
                return &socket;
        }
    }
    return nullptr;
}

// The near misses behind an upstream address nothing listens on. nullopt: the address is not
// compared at all; empty: compared, and no near miss.

// A unix socket: another socket in the same directory or with the same name.
std::optional<QString>
unixNearMiss(const DiagnosisModel &model, const QString &peer, const UpstreamTarget &target)
{
    // FastCGI sockets of a readable FPM configuration are phpfpm.pools' business.
    if (target.pass.directive == QLatin1String("fastcgi_pass") && model.fpm.anyConfigRead())
        return std::nullopt;
    const HostModel &host = model.host;
    const QString path = peer.mid(5);
    if (!host.unixListenersAt(path).isEmpty())
        return QString();
    const auto probe = model.unixProbes.constFind(path);
    if (probe != model.unixProbes.constEnd() && probe->exists && probe->isSocket)
        return QString(); // present; the socket table may just not show it
    const QFileInfo wanted(path);
    for (const auto &socket : host.sockets) {
        if (!socket.isUnix() || socket.path.startsWith(QLatin1Char('@')))
            continue;
        const QFileInfo info(socket.path);
        if (info.path() == wanted.path() || info.fileName() == wanted.fileName())
            return QStringLiteral("nothing listens on %1, but %2%3 does")
                    .arg(path, socket.path, ownerOf(socket));
    }
    return QString();
}

// A TCP address on this machine: the same port on another address, or an application server
// on a nearby port.
std::optional<QString> tcpNearMiss(const HostModel &host, const QString &peer)
{
    QString address;
    int port = 0;
    if (!FpmModel::splitHostPort(peer, &address, &port) || address.isEmpty()
        || !isLocal(address, host))
        return std::nullopt;
    if (!host.listenersFor(address, port).isEmpty())
        return QString();
    for (const auto &socket : host.sockets) {
        if (!socket.isUnix() && socket.port == port)
            return QStringLiteral("nothing listens on %1, but %2%3 listens on "
                                  "the same port on another address")
                    .arg(peer, socket.endpoint(), ownerOf(socket));
    }
    if (const auto *nearby = nearbyApplication(host, address, port))
        return QStringLiteral("nothing listens on %1, but the application "
                              "server%2 listens on %3: started on another "
                              "port?")
                .arg(peer, ownerOf(*nearby), nearby->endpoint());
    return QString();
}

} // namespace

CheckResult UpstreamAddressCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstreams "
                                     "are unknown"));
    const HostModel &host = model.host;
    if (!host.socketsRead)
        return result(CheckStatus::Skip,
                      QStringLiteral("the listening sockets could not be listed (no ss, netstat "
                                     "or /proc/net)"));
    QSet<QString> seen;
    QStringList problems;
    int checked = 0;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (seen.contains(peer))
                continue;
            seen.insert(peer);
            const auto mismatch = peer.startsWith(QLatin1String("unix:"))
                                          ? unixNearMiss(model, peer, target)
                                          : tcpNearMiss(host, peer);
            if (!mismatch)
                continue;
            ++checked;
            if (mismatch->isEmpty())
                continue;
            auto &finding = findings.get(FindingId::UpstreamAddressMismatch, peer);
            finding.addOccurrence(host.socketsTool,
                                  *mismatch
                                          + QStringLiteral(" (%1 %2 at %3:%4)")
                                                    .arg(target.pass.directive,
                                                         target.pass.raw,
                                                         target.pass.source.file)
                                                    .arg(target.pass.source.line));
            finding.configFile = target.pass.source.file;
            finding.configLine = target.pass.source.line;
            findings.confirmLive(finding);
            problems << *mismatch;
        }
    }
    if (!problems.isEmpty())
        return result(CheckStatus::Fail, problems.join(QLatin1String("; ")));
    if (checked == 0)
        return result(CheckStatus::Pass,
                      QStringLiteral("no upstream on this machine to compare with its sockets"));
    return result(CheckStatus::Pass,
                  QStringLiteral("%1 local upstream address(es) compared with the listening "
                                 "sockets: no near miss")
                          .arg(checked));
}

} // namespace gs::checks
