#include "checks/probeid.h"

#include <array>
#include <string_view>

namespace gs::checks {

namespace {

// In ProbeId's order; a kind with a subject is stored as "name:subject".
constexpr std::array<std::string_view, kProbeIdCount> kNames = {
        "facts",   "clock",   "sockets",      "system",   "oom",     "nginx_T",   "nginx_files",
        "fpmconf", "fpm_t",   "procs",        "firewall", "selinux", "systemd",   "errorlog",
        "unix",    "tcp",     "workergroups", "site",     "fpmlog",  "fpmstatus", "dns",
        "tls",     "unitpid", "unitfor",      "initfor",  "unit",    "accesslog",
};

// The kinds stored with a subject.
constexpr bool hasSubject(ProbeId id)
{
    switch (id) {
    case ProbeId::FpmConfig:
    case ProbeId::FpmTest:
    case ProbeId::ErrorLog:
    case ProbeId::UnixSocket:
    case ProbeId::TcpUpstream:
    case ProbeId::Site:
    case ProbeId::FpmLog:
    case ProbeId::FpmStatus:
    case ProbeId::Dns:
    case ProbeId::Tls:
    case ProbeId::UnitOfPid:
    case ProbeId::UnitForAddress:
    case ProbeId::InitScriptFor:
    case ProbeId::UnitState:
    case ProbeId::AccessLog: return true;
    default: return false;
    }
}

} // namespace

QString probeName(ProbeId id)
{
    const std::string_view name = kNames.at(static_cast<std::size_t>(id));
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QString ProbeKey::name() const
{
    if (!hasSubject(id))
        return probeName(id);
    return probeName(id) + QLatin1Char(':') + subject;
}

std::optional<ProbeKey> ProbeKey::parse(QStringView key)
{
    const qsizetype colon = key.indexOf(QLatin1Char(':'));
    const QStringView head = colon < 0 ? key : key.left(colon);
    for (int i = 0; i < kProbeIdCount; ++i) {
        const auto id = static_cast<ProbeId>(i);
        if (hasSubject(id) == (colon >= 0) && head == probeName(id))
            return ProbeKey{id, colon < 0 ? QString() : key.mid(colon + 1).toString()};
    }
    return std::nullopt;
}

} // namespace gs::checks
