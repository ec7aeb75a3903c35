#include "checks/upstreamprotocolcheck.h"

#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

// The processes listening where `peer` ("127.0.0.1:9000", "unix:/x.sock") points.
QStringList listenersOf(const DiagnosisModel &model, const QString &peer)
{
    QList<sys::SocketTableParser::Socket> sockets;
    if (peer.startsWith(QLatin1String("unix:"))) {
        sockets = model.host.unixListenersAt(peer.mid(5));
    } else {
        const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
        QString host = peer.left(colon);
        if (host.startsWith(QLatin1Char('[')))
            host = host.mid(1, host.size() - 2);
        sockets = model.host.listenersFor(host, peer.mid(colon + 1).toInt());
    }
    QStringList names;
    for (const auto &socket : sockets) {
        for (const auto &owner : socket.owners) {
            if (!owner.process.isEmpty() && !names.contains(owner.process))
                names << owner.process;
        }
    }
    return names;
}

QString where(const UpstreamTarget &target)
{
    return QStringLiteral("%1:%2").arg(target.pass.source.file).arg(target.pass.source.line);
}

} // namespace

CheckResult UpstreamProtocolCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstreams "
                                     "are unknown"));
    QStringList mismatched;
    QSet<QString> seen;
    int compared = 0;
    for (const UpstreamTarget &target : model.upstreams) {
        const bool http = target.pass.directive == QLatin1String("proxy_pass");
        const bool fastcgi = target.pass.directive == QLatin1String("fastcgi_pass");
        if (!http && !fastcgi)
            continue;
        for (const QString &peer : target.peers) {
            if (seen.contains(target.pass.directive + peer))
                continue;
            seen.insert(target.pass.directive + peer);
            const auto pool = model.fpm.poolForPeer(peer);
            const QStringList processes = listenersOf(model, peer);
            const bool fpmListens
                    = pool.has_value()
                      || std::any_of(processes.begin(), processes.end(), [](const QString &p) {
                             return p.startsWith(QLatin1String("php-fpm"));
                         });
            QString evidence;
            if (http && fpmListens) {
                evidence = QStringLiteral("%1 %2 at %3 speaks HTTP to %4, where PHP-FPM%5 "
                                          "listens and expects FastCGI")
                                   .arg(target.pass.directive,
                                        target.pass.raw,
                                        where(target),
                                        peer,
                                        pool ? QStringLiteral(" pool [%1]").arg(pool->pool->name)
                                             : QString());
            } else if (fastcgi && !fpmListens && !processes.isEmpty()) {
                evidence = QStringLiteral("%1 %2 at %3 speaks FastCGI to %4, where %5 listens, "
                                          "which is no PHP-FPM (likely an HTTP server)")
                                   .arg(target.pass.directive,
                                        target.pass.raw,
                                        where(target),
                                        peer,
                                        processes.join(QLatin1String(", ")));
            }
            if (!pool && processes.isEmpty())
                continue; // nobody there: the address checks say so
            ++compared;
            if (evidence.isEmpty())
                continue;
            auto &finding = findings.get(FindingId::UpstreamProtocolMismatch, peer);
            finding.addOccurrence(QStringLiteral("nginx configuration and ss"), evidence);
            finding.configFile = target.pass.source.file;
            finding.configLine = target.pass.source.line;
            finding.remedy.prepend(
                    http ? QStringLiteral("PHP-FPM speaks FastCGI: at %1 write `fastcgi_pass %2;` "
                                          "with `include fastcgi_params;` and `fastcgi_param "
                                          "SCRIPT_FILENAME $document_root$fastcgi_script_name;` "
                                          "instead of `proxy_pass`, then `nginx -t` and reload.")
                                    .arg(where(target), peer)
                         : QStringLiteral("The application at %1 speaks HTTP: at %2 write "
                                          "`proxy_pass http://%1;` instead of `fastcgi_pass`, "
                                          "then `nginx -t` and reload.")
                                    .arg(peer, where(target)));
            findings.confirmLive(finding);
            mismatched << peer;
        }
    }
    if (!mismatched.isEmpty())
        return result(
                CheckStatus::Fail,
                QStringLiteral("wrong protocol for %1").arg(mismatched.join(QLatin1String(", "))));
    if (compared == 0)
        return notApplicable(QStringLiteral("no HTTP or FastCGI upstream with a known listener"));
    return result(CheckStatus::Pass,
                  QStringLiteral("%1 upstream(s) speak what nginx sends them").arg(compared));
}

} // namespace gs::checks
