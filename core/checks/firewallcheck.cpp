#include "checks/firewallcheck.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

bool isLoopback(const QString &host)
{
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

QHostAddress addressOf(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    return QHostAddress(host);
}

bool inSubnet(const QString &cidr, const QString &host)
{
    const QHostAddress address = addressOf(host);
    if (address.isNull())
        return false;
    const auto subnet = QHostAddress::parseSubnet(
            cidr.contains(QLatin1Char('/'))
                    ? cidr
                    : cidr
                              + (cidr.contains(QLatin1Char(':')) ? QStringLiteral("/128")
                                                                 : QStringLiteral("/32")));
    return !subnet.first.isNull() && address.isInSubnet(subnet);
}

// "3000", "3000:3010" (iptables), "3000-3010" (nft), comma or ", " separated lists.
bool portIn(const QString &spec, int port)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s{}]+"));
    for (const QString &part : spec.split(separators, Qt::SkipEmptyParts)) {
        const QStringList range = part.split(QRegularExpression(QStringLiteral("[:-]")));
        bool ok1 = false;
        bool ok2 = false;
        const int low = range.value(0).toInt(&ok1);
        const int high = range.size() > 1 ? range.value(1).toInt(&ok2) : low;
        if (ok1 && (range.size() == 1 || ok2) && port >= low && port <= high)
            return true;
    }
    return false;
}

bool deniedText(const QString &text)
{
    return text.contains(QLatin1String("Permission denied"))
           || text.contains(QLatin1String("must be root"))
           || text.contains(QLatin1String("Operation not permitted"))
           || text.contains(QLatin1String("need to be root"));
}

} // namespace

QStringList FirewallCheck::iptablesBlocking(const QString &rules, const QString &host, int port)
{
    QStringList hits;
    const bool local = isLoopback(host);
    for (const QString &line : rules.split(QLatin1Char('\n'))) {
        const QStringList t = line.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (t.size() < 4 || t.first() != QLatin1String("-A"))
            continue;
        const QString chain = t.at(1);
        QString target, proto, dest, source, dports, inIface, outIface;
        bool negated = false;
        for (qsizetype i = 2; i < t.size(); ++i) {
            const QString &w = t.at(i);
            const QString next = t.value(i + 1);
            if (w == QLatin1String("!"))
                negated = true;
            else if (w == QLatin1String("-j"))
                target = next;
            else if (w == QLatin1String("-p"))
                proto = next;
            else if (w == QLatin1String("-d"))
                dest = next;
            else if (w == QLatin1String("-s"))
                source = next;
            else if (w == QLatin1String("--dport") || w == QLatin1String("--dports"))
                dports = next;
            else if (w == QLatin1String("-i"))
                inIface = next;
            else if (w == QLatin1String("-o"))
                outIface = next;
        }
        if (negated || (target != QLatin1String("DROP") && target != QLatin1String("REJECT")))
            continue;
        if (chain == QLatin1String("FORWARD") || chain == QLatin1String("PREROUTING")
            || chain == QLatin1String("POSTROUTING"))
            continue;
        // Traffic to a remote upstream never passes INPUT; to a local one it passes both.
        if (!local && (chain == QLatin1String("INPUT") || !inIface.isEmpty()))
            continue;
        if (!proto.isEmpty() && proto != QLatin1String("tcp") && proto != QLatin1String("all")
            && proto != QLatin1String("6"))
            continue;
        if (local
            && ((!inIface.isEmpty() && inIface != QLatin1String("lo"))
                || (!outIface.isEmpty() && outIface != QLatin1String("lo"))))
            continue;
        if (!source.isEmpty() && !(local && inSubnet(source, host)))
            continue;
        const bool destGiven = !dest.isEmpty() && dest != QLatin1String("0.0.0.0/0")
                               && dest != QLatin1String("::/0");
        if (destGiven && !inSubnet(dest, host))
            continue;
        if (!dports.isEmpty() && !portIn(dports, port))
            continue;
        if (dports.isEmpty() && !destGiven)
            continue; // a blanket rule at the end of a chain says nothing about this upstream
        hits << line.trimmed();
    }
    return hits;
}

QStringList FirewallCheck::nftBlocking(const QString &ruleset, const QString &host, int port)
{
    static const QRegularExpression hook(QStringLiteral("type\\s+\\w+\\s+hook\\s+(\\w+)"));
    static const QRegularExpression dport(
            QStringLiteral("\\bdport\\s+(\\{[^}]*\\}|[0-9]+(?:-[0-9]+)?)"));
    static const QRegularExpression daddr(
            QStringLiteral("\\b(?:ip6?)\\s+daddr\\s+(\\{[^}]*\\}|[0-9a-fA-F.:/]+)"));
    static const QRegularExpression verdict(QStringLiteral("\\b(drop|reject)\\b"));
    static const QRegularExpression iface(QStringLiteral("\\b([io])ifname\\s+\"?([^\"\\s]+)"));
    QStringList hits;
    const bool local = isLoopback(host);
    QString chainHook;
    for (const QString &raw : ruleset.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.startsWith(QLatin1String("chain "))) {
            chainHook.clear();
            continue;
        }
        if (const auto m = hook.match(line); m.hasMatch()) {
            chainHook = m.captured(1);
            continue;
        }
        if (!verdict.match(line).hasMatch() || line.contains(QLatin1String("policy")))
            continue;
        if (chainHook == QLatin1String("forward") || chainHook == QLatin1String("prerouting")
            || chainHook == QLatin1String("postrouting"))
            continue;
        if (!local && chainHook == QLatin1String("input"))
            continue;
        if (line.contains(QLatin1String("udp ")) && !line.contains(QLatin1String("tcp ")))
            continue;
        const auto i = iface.match(line);
        if (i.hasMatch()
            && (local ? i.captured(2) != QLatin1String("lo") : i.captured(1) == QLatin1String("i")))
            continue;
        const auto p = dport.match(line);
        const auto d = daddr.match(line);
        if (p.hasMatch() && !portIn(p.captured(1), port))
            continue;
        if (d.hasMatch()) {
            bool any = false;
            for (const QString &a : d.captured(1).split(
                         QRegularExpression(QStringLiteral("[,\\s{}]+")), Qt::SkipEmptyParts))
                any = any || inSubnet(a, host);
            if (!any)
                continue;
        }
        if (!p.hasMatch() && !d.hasMatch())
            continue;
        hits << line;
    }
    return hits;
}

QStringList FirewallCheck::ufwBlocking(const QString &status, int port)
{
    QStringList hits;
    static const QRegularExpression portToken(QStringLiteral("(^|\\s)(\\d+)(/tcp)?(\\s|$)"));
    for (const QString &line : status.split(QLatin1Char('\n'))) {
        if (!line.contains(QLatin1String("DENY OUT"))
            && !line.contains(QLatin1String("REJECT OUT")))
            continue;
        const QString to
                = line.left(line.indexOf(QRegularExpression(QStringLiteral("(DENY|REJECT) OUT"))));
        auto it = portToken.globalMatch(to);
        while (it.hasNext()) {
            if (it.next().captured(2).toInt() == port) {
                hits << line.trimmed();
                break;
            }
        }
    }
    return hits;
}

CheckResult FirewallCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const NetworkModel &network = model.network;
    if (!network.firewall.ran)
        return result(CheckStatus::Skip,
                      QStringLiteral("the firewall rules could not be read: %1")
                              .arg(network.firewall.asked ? network.firewall.error
                                                          : QStringLiteral("not run")));
    const auto &parts = network.firewallRules;
    QStringList tools;
    QStringList denied;
    for (const QString &tool : {QStringLiteral("iptables"),
                                QStringLiteral("ip6tables"),
                                QStringLiteral("nft"),
                                QStringLiteral("ufw")}) {
        if (!parts.contains(tool))
            continue;
        if (deniedText(parts.value(tool)))
            denied << tool;
        else
            tools << tool;
    }
    if (tools.isEmpty() && denied.isEmpty())
        return notApplicable(QStringLiteral("no firewall tool (iptables, nft, ufw) is installed"));
    if (tools.isEmpty())
        return result(CheckStatus::Skip,
                      QStringLiteral("needs sudo: %1 show their rules only to root")
                              .arg(denied.join(QLatin1String(", "))));

    QSet<QString> seen;
    QStringList problems;
    int peers = 0;
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            QString host;
            int port = 0;
            if (seen.contains(peer) || peer.startsWith(QLatin1String("unix:"))
                || !FpmModel::splitHostPort(peer, &host, &port) || host.isEmpty())
                continue;
            seen.insert(peer);
            ++peers;
            QList<QPair<QString, QString>> hits;
            const QString ipt = host.contains(QLatin1Char(':')) ? QStringLiteral("ip6tables")
                                                                : QStringLiteral("iptables");
            if (tools.contains(ipt)) {
                for (const QString &rule : iptablesBlocking(parts.value(ipt), host, port))
                    hits.append({ipt + QStringLiteral(" -S"), rule});
            }
            if (tools.contains(QStringLiteral("nft"))) {
                for (const QString &rule :
                     nftBlocking(parts.value(QStringLiteral("nft")), host, port))
                    hits.append({QStringLiteral("nft list ruleset"), rule});
            }
            if (tools.contains(QStringLiteral("ufw"))) {
                for (const QString &rule : ufwBlocking(parts.value(QStringLiteral("ufw")), port))
                    hits.append({QStringLiteral("ufw status"), rule});
            }
            if (hits.isEmpty())
                continue;
            auto &finding = findings.get(FindingId::UpstreamFirewallBlocked, peer);
            for (const auto &[source, rule] : hits)
                finding.addOccurrence(source, rule);
            finding.configFile = target.pass.source.file;
            finding.configLine = target.pass.source.line;
            problems << QStringLiteral("%1: %2").arg(peer, hits.first().second);
        }
    }
    if (!problems.isEmpty())
        return result(CheckStatus::Warn, problems.join(QLatin1String("; ")));
    QString summary = QStringLiteral("no %1 rule drops or rejects traffic to the %2 TCP "
                                     "upstream(s)")
                              .arg(tools.join(QLatin1Char('/')))
                              .arg(peers);
    if (!denied.isEmpty())
        summary += QStringLiteral(" (%1 not readable without sudo)")
                           .arg(denied.join(QLatin1String(", ")));
    return result(CheckStatus::Pass, summary);
}

} // namespace gs::checks
