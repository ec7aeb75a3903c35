#include "checks/selinuxcheck.h"

#include <QRegularExpression>
#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

// Ports of SELinux's http_port_t: nginx (httpd_t) may dial these without the boolean.
bool httpPort(int port)
{
    static const QSet<int> ports{80, 81, 443, 488, 8008, 8009, 8443, 9000};
    return ports.contains(port);
}

// With httpd_can_network_connect off (`boolean`, getsebool's line) and SELinux enforcing, nginx
// may dial only http_port_t: the TCP upstreams on other ports are blocked. Raises
// system.selinux_denied and returns the problem, or returns empty.
QString
raiseBlockedUpstreams(const DiagnosisModel &model, FindingSet &findings, const QString &boolean)
{
    QStringList blocked;
    const UpstreamTarget *first = nullptr;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            QString host;
            int port = 0;
            if (peer.startsWith(QLatin1String("unix:"))
                || !FpmModel::splitHostPort(peer, &host, &port) || httpPort(port)
                || blocked.contains(peer))
                continue;
            blocked << peer;
            if (!first)
                first = &target;
        }
    }
    if (blocked.isEmpty())
        return {};
    auto &finding = findings.get(FindingId::SystemSelinuxDenied);
    finding.addOccurrence(QStringLiteral("getsebool httpd_can_network_connect"),
                          QStringLiteral("%1, SELinux is enforcing, and nginx dials %2")
                                  .arg(boolean, blocked.join(QLatin1String(", "))));
    finding.configFile = first->pass.source.file;
    finding.configLine = first->pass.source.line;
    findings.confirmLive(finding);
    return QStringLiteral("httpd_can_network_connect is off with TCP upstreams %1")
            .arg(blocked.join(QLatin1String(", ")));
}

// The AVC denials in the window (ausearch's output); the enforced ones raise
// system.selinux_denied. Returns how many there were, enforced or only logged.
int raiseAvcDenials(const DiagnosisModel &model,
                    FindingSet &findings,
                    const QString &avc,
                    bool enforcing)
{
    static const QRegularExpression stamp(QStringLiteral("audit\\((\\d+)(?:\\.\\d+)?:\\d+\\)"));
    int denials = 0;
    for (const QString &line : avc.split(QLatin1Char('\n'))) {
        if (!line.contains(QLatin1String("denied")))
            continue;
        const auto m = stamp.match(line);
        const QDateTime when
                = m.hasMatch() ? QDateTime::fromSecsSinceEpoch(m.captured(1).toLongLong(), Qt::UTC)
                               : QDateTime();
        if (!when.isValid() || when < model.windowStartUtc)
            continue;
        ++denials;
        if (!enforcing && !line.contains(QLatin1String("permissive=0")))
            continue; // logged, not enforced
        auto &finding = findings.get(FindingId::SystemSelinuxDenied);
        finding.addOccurrence(QStringLiteral("ausearch -m AVC"), line.trimmed(), when);
        findings.confirmLive(finding);
    }
    return denials;
}

} // namespace

CheckResult SelinuxCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const NetworkModel &network = model.network;
    if (!model.facts.hasTool(QStringLiteral("getenforce")) || !network.selinux.asked)
        return notApplicable(QStringLiteral("SELinux is not installed (no getenforce)"));
    if (!network.selinux.ran)
        return result(
                CheckStatus::Skip,
                QStringLiteral("SELinux could not be queried: %1").arg(network.selinux.error));
    const QString &mode = network.selinuxMode;
    if (mode.isEmpty() || mode == QLatin1String("Disabled"))
        return result(CheckStatus::Pass,
                      QStringLiteral("SELinux is %1")
                              .arg(mode.isEmpty() ? QStringLiteral("off") : mode.toLower()));
    const bool enforcing = mode == QLatin1String("Enforcing");
    QStringList problems;
    QStringList notes;

    const QString &boolean = network.selinuxBoolean;
    const bool networkOff = boolean.contains(QLatin1String("--> off"));
    if (networkOff && enforcing) {
        if (const QString blocked = raiseBlockedUpstreams(model, findings, boolean);
            !blocked.isEmpty())
            problems << blocked;
    } else if (!boolean.isEmpty()) {
        notes << boolean;
    }

    if (network.avc) {
        const QString &avc = *network.avc;
        if (avc.contains(QLatin1String("Permission denied"))
            || avc.contains(QLatin1String("Error opening"))) {
            notes << QStringLiteral("needs sudo: the audit log is closed to this user");
        }
        const int denials = raiseAvcDenials(model, findings, avc, enforcing);
        if (denials > 0)
            (enforcing ? problems : notes)
                    << QStringLiteral("%1 AVC denial(s) for nginx in the window%2")
                               .arg(denials)
                               .arg(enforcing ? QString()
                                              : QStringLiteral(" (permissive: logged only)"));
    } else {
        notes << QStringLiteral("ausearch is not installed: AVC denials not read");
    }
    if (!problems.isEmpty())
        return result(CheckStatus::Fail, problems.join(QLatin1String("; ")));
    return result(CheckStatus::Pass,
                  QStringLiteral("SELinux is %1").arg(mode.toLower())
                          + (notes.isEmpty()
                                     ? QString()
                                     : QStringLiteral("; ") + notes.join(QLatin1String("; "))));
}

} // namespace gs::checks
