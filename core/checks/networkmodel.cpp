#include "checks/networkmodel.h"

#include "checks/hostmodel.h"

namespace gs::checks {

namespace {

NetworkModel::Read readOf(const CommandOutput *output)
{
    if (!output)
        return {};
    return {true, output->ran, output->error};
}

} // namespace

void NetworkModel::readFirewall(const RawObservations &raw)
{
    const CommandOutput *output = raw.get(ProbeId::Firewall);
    firewall = readOf(output);
    if (!firewall.ran)
        return;
    firewallRules = HostModel::sections(output->out);
}

void NetworkModel::readSelinux(const RawObservations &raw)
{
    const CommandOutput *output = raw.get(ProbeId::Selinux);
    selinux = readOf(output);
    if (!selinux.ran)
        return;
    const auto parts = HostModel::sections(output->out);
    selinuxMode = parts.value(QStringLiteral("getenforce")).trimmed();
    selinuxBoolean = parts.value(QStringLiteral("getsebool")).trimmed();
    if (parts.contains(QStringLiteral("avc")))
        avc = parts.value(QStringLiteral("avc"));
}

void NetworkModel::readLookups(const RawObservations &raw)
{
    for (const auto &[host, output] : raw.each(ProbeId::Dns)) {
        Lookup lookup;
        lookup.read = readOf(output);
        const QString text = QString::fromUtf8(output->out).trimmed();
        const qsizetype rcAt = text.lastIndexOf(QLatin1String("rc="));
        lookup.rc = rcAt >= 0 ? text.mid(rcAt + 3).trimmed().toInt() : -1;
        lookup.answer = (rcAt >= 0 ? text.left(rcAt) : text).trimmed();
        lookups.insert(host, lookup);
    }
}

void NetworkModel::readHandshakes(const RawObservations &raw)
{
    for (const auto &[peer, output] : raw.each(ProbeId::Tls))
        handshakes.insert(peer, Handshake{readOf(output), QString::fromUtf8(output->out)});
}

} // namespace gs::checks
