#include "checks/upstreamtlscheck.h"

#include <QRegularExpression>
#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

// Reads each upstream's openssl s_client output into findings; keeps what the summary says.
class HandshakeReader
{
public:
    HandshakeReader(const DiagnosisModel &model, FindingSet &findings)
        : m_model(model)
        , m_findings(findings)
    {}

    void readPeer(const QString &peer, const UpstreamTarget &target);

    QStringList ok;
    QStringList problems;
    QStringList notes;

private:
    void
    readFailedHandshake(const QString &peer, const UpstreamTarget &target, const QString &text);
    void readCertificate(const QString &peer, const UpstreamTarget &target, const QString &text);
    void
    raise(FindingId id, const QString &peer, const UpstreamTarget &target, const QString &evidence);

    const DiagnosisModel &m_model;
    FindingSet &m_findings;
};

void HandshakeReader::raise(FindingId id,
                            const QString &peer,
                            const UpstreamTarget &target,
                            const QString &evidence)
{
    auto &finding = m_findings.get(id, peer);
    finding.addOccurrence(QStringLiteral("openssl s_client -connect %1").arg(peer), evidence);
    finding.configFile = target.pass.source.file;
    finding.configLine = target.pass.source.line;
    m_findings.confirmLive(finding);
    problems << QStringLiteral("%1: %2").arg(peer, evidence.left(160));
}

void HandshakeReader::readPeer(const QString &peer, const UpstreamTarget &target)
{
    const auto found = m_model.network.handshakes.constFind(peer);
    if (found == m_model.network.handshakes.cend()) {
        notes << QStringLiteral("%1 not tried (openssl is not installed)").arg(peer);
        return;
    }
    if (!found->read.ran) {
        notes << QStringLiteral("%1: %2").arg(peer, found->read.error);
        return;
    }
    const QString &text = found->transcript;
    const bool established = text.contains(QLatin1String("Cipher is "))
                             && !text.contains(QLatin1String("Cipher is (NONE)"));
    if (established)
        readCertificate(peer, target, text);
    else
        readFailedHandshake(peer, target, text);
}

void HandshakeReader::readFailedHandshake(const QString &peer,
                                          const UpstreamTarget &target,
                                          const QString &text)
{
    static const QRegularExpression sslError(
            QStringLiteral("^[0-9A-F]+:error:.*$|^.*:error:[0-9A-F]+:.*$"),
            QRegularExpression::MultilineOption);
    if (text.contains(QLatin1String("errno=111"))
        || text.contains(QLatin1String("Connection refused"))) {
        notes << QStringLiteral("%1 refuses connections (see upstreams answer)").arg(peer);
        return;
    }
    if (text.trimmed().isEmpty()) {
        notes << QStringLiteral("%1: no answer within the timeout").arg(peer);
        return;
    }
    const auto error = sslError.match(text);
    const QString detail = error.hasMatch() ? error.captured(0).trimmed()
                                            : text.trimmed().section(QLatin1Char('\n'), -1);
    if (text.contains(QLatin1String("wrong version number"))
        || text.contains(QLatin1String("packet length too long"))) {
        raise(FindingId::UpstreamProtocolMismatch,
              peer,
              target,
              QStringLiteral("%1 answers in plain text where nginx expects TLS "
                             "(%2 %3): %4")
                      .arg(peer, target.pass.directive, target.pass.raw, detail));
    } else {
        raise(FindingId::UpstreamSslHandshakeFailed,
              peer,
              target,
              QStringLiteral("TLS handshake with %1 failed: %2").arg(peer, detail));
    }
}

// The handshake went through: whether the certificate verifies, and whether nginx cares.
void HandshakeReader::readCertificate(const QString &peer,
                                      const UpstreamTarget &target,
                                      const QString &text)
{
    static const QRegularExpression verifyCode(
            QStringLiteral("Verify return code: (\\d+) \\(([^)]*)\\)"));
    const auto verify = verifyCode.match(text);
    const bool verifies = target.sslVerify == QLatin1String("on");
    if (verify.hasMatch() && verify.captured(1) != QLatin1String("0") && verifies) {
        raise(FindingId::UpstreamSslHandshakeFailed,
              peer,
              target,
              QStringLiteral("%1's certificate does not verify (%2: %3) and "
                             "proxy_ssl_verify is on")
                      .arg(peer, verify.captured(1), verify.captured(2)));
        return;
    }
    ok << peer
                    + (verify.hasMatch() && verify.captured(1) != QLatin1String("0")
                               ? QStringLiteral(" (certificate: %1; proxy_ssl_verify off)")
                                         .arg(verify.captured(2))
                               : QString());
}

} // namespace

CheckResult UpstreamTlsCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstreams "
                                     "are unknown"));
    HandshakeReader reader(model, findings);
    QSet<QString> seen;
    int https = 0;
    for (const UpstreamTarget &target : model.upstreams) {
        const bool tls = target.pass.scheme == QLatin1String("https")
                         || target.pass.scheme == QLatin1String("grpcs");
        if (!tls)
            continue;
        for (const QString &peer : target.peers) {
            if (seen.contains(peer) || peer.startsWith(QLatin1String("unix:")))
                continue;
            seen.insert(peer);
            ++https;
            reader.readPeer(peer, target);
        }
    }
    if (!reader.problems.isEmpty())
        return result(CheckStatus::Fail, reader.problems.join(QLatin1String("; ")));
    if (https == 0)
        return result(CheckStatus::Pass, QStringLiteral("no upstream is reached over TLS"));
    if (reader.ok.isEmpty())
        return result(CheckStatus::Skip, reader.notes.join(QLatin1String("; ")));
    return result(
            CheckStatus::Pass,
            QStringLiteral("handshake ok: %1").arg(reader.ok.join(QLatin1String(", ")))
                    + (reader.notes.isEmpty()
                               ? QString()
                               : QStringLiteral("; ") + reader.notes.join(QLatin1String("; "))));
}

} // namespace gs::checks
