#include "nginx/errorclassifier.h"

namespace gs::nginx {

using findings::FindingId;

namespace {

// Case-insensitive: nginx's own wording is lower case, but patched builds, modules and log
// shippers capitalise it ("Upstream sent too big header").
bool has(const QString &s, const char *needle)
{
    return s.contains(QLatin1String(needle), Qt::CaseInsensitive);
}

} // namespace

QString ErrorClassifier::phaseOf(QStringView action)
{
    if (action.startsWith(QLatin1String("connecting to upstream")))
        return QStringLiteral("connect");
    if (action.startsWith(QLatin1String("sending request")))
        return QStringLiteral("send");
    if (action.startsWith(QLatin1String("reading response header")))
        return QStringLiteral("read_header");
    if (action.startsWith(QLatin1String("reading upstream"))
        || action.startsWith(QLatin1String("reading response from upstream")))
        return QStringLiteral("read_body");
    if (action.startsWith(QLatin1String("SSL handshaking to upstream")))
        return QStringLiteral("ssl_handshake");
    if (action.startsWith(QLatin1String("resolving")))
        return QStringLiteral("resolve");
    return {};
}

ErrorClassifier::Classification ErrorClassifier::classify(const ErrorLogEntry &e)
{
    Classification c;
    const QString &m = e.message;
    c.phase = phaseOf(e.action);
    c.unixSocket = e.upstreamIsUnix() || has(m, "connect() to unix:");
    // "while sending to client" names the upstream of the request too: it is still the client.
    const bool clientAction = e.action.contains(QLatin1String("client"))
                              || e.action.startsWith(QLatin1String("waiting for request"));
    const bool upstreamSide
            = !clientAction
              && (!e.upstream.isEmpty() || e.action.contains(QLatin1String("upstream")));
    const int err = e.errnoNumber;
    auto is = [&c](FindingId id, int status) {
        c.findingId = id;
        c.status = status;
        return c;
    };

    // nginx itself: startup, reload and limits.
    if (has(m, "host not found in upstream"))
        return is(FindingId::NginxUpstreamHostNotFound, 0);
    if ((has(m, "bind() to") && err == 98) || has(m, "still could not bind()"))
        return is(FindingId::NginxPortConflict, 0);
    if (has(m, "worker_connections are not enough"))
        return is(FindingId::NginxWorkerConnectionsExhausted, 500);
    if (err == 24)
        return is(FindingId::NginxTooManyOpenFiles, 500);

    // Name resolution at run time (variables in *_pass) and the resolver itself.
    if (has(m, "could not be resolved") || has(m, "no resolver defined to resolve")
        || e.action == QLatin1String("resolving"))
        return is(FindingId::UpstreamDnsFailure, 502);

    if (has(m, "no live upstreams"))
        return is(FindingId::UpstreamNoLiveUpstreams, 502);
    // TLS with no upstream in the entry is a client's handshake with this nginx (scanners, old
    // clients, plain HTTP to port 443): noise on every public server, never a 502's cause.
    const bool tls = has(m, "SSL_do_handshake() failed") || has(m, "upstream SSL certificate")
                     || has(m, "peer closed connection in SSL handshake")
                     || has(m, "wrong version number");
    if (tls && !upstreamSide) {
        c.clientSide = true;
        return c;
    }

    if (has(m, "upstream timed out"))
        return is(FindingId::UpstreamTimeout, 504);
    if (has(m, "upstream prematurely closed connection"))
        return is(FindingId::UpstreamPrematurelyClosed, 502);
    if (has(m, "upstream sent too big header"))
        return is(FindingId::UpstreamHeaderTooBig, 502);
    if (has(m, "upstream sent unsupported FastCGI protocol version"))
        return is(FindingId::UpstreamProtocolMismatch, 502);
    if (has(m, "upstream sent no valid HTTP/1.0 header"))
        return is(FindingId::UpstreamProtocolMismatch, 9);
    if (has(m, "wrong version number"))
        return is(FindingId::UpstreamProtocolMismatch, 502);
    if (has(m, "upstream sent invalid") || has(m, "upstream sent duplicate header")
        || has(m, "upstream sent \"Content-Length\" and \"Transfer-Encoding\"")
        || has(m, "upstream sent unexpected FastCGI record")
        || has(m, "upstream sent more data than specified"))
        return is(FindingId::UpstreamInvalidHeader, 502);
    if (has(m, "SSL_do_handshake() failed") || has(m, "upstream SSL certificate")
        || has(m, "peer closed connection in SSL handshake"))
        return is(FindingId::UpstreamSslHandshakeFailed, 502);
    if (has(m, "FastCGI sent in stderr") && has(m, "Primary script unknown"))
        return is(FindingId::PhpFpmScriptNotFound, 404);
    if (has(m, "FastCGI sent in stderr"))
        return c; // application messages (PHP warnings, fatals): evidence, not a gateway failure

    // Socket-level failures, by errno and socket family.
    const bool connectPhase
            = c.phase == QLatin1String("connect") || m.startsWith(QLatin1String("connect()"));
    if (err != 0 && upstreamSide) {
        switch (err) {
        case 111: return is(FindingId::UpstreamConnectionRefused, 502);
        case 2:
            if (c.unixSocket)
                return is(FindingId::UpstreamSocketMissing, 502);
            break;
        case 13:
            // On TCP a denied connect() is the MAC layer (SELinux name_connect), not a file mode.
            if (c.unixSocket)
                return is(FindingId::UpstreamSocketPermissionDenied, 502);
            return is(FindingId::SystemSelinuxDenied, 502);
        case 11:
            if (c.unixSocket)
                return is(FindingId::UpstreamBacklogFull, 502);
            return is(FindingId::UpstreamEphemeralPortsExhausted, 502);
        case 99: return is(FindingId::UpstreamEphemeralPortsExhausted, 502);
        case 101:
        case 113: return is(FindingId::UpstreamUnreachable, 502);
        case 110: return is(FindingId::UpstreamTimeout, 504);
        case 104:
        case 32: return is(FindingId::UpstreamConnectionReset, 502);
        default: break;
        }
        if (connectPhase)
            return is(FindingId::UpstreamUnreachable, 502);
    } else if (err == 104 || err == 32) {
        c.clientSide = true;
        return c;
    }

    if (e.level == QLatin1String("emerg"))
        return is(FindingId::NginxConfigInvalid, 0);
    return c;
}

} // namespace gs::nginx
