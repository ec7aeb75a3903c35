#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace gs::checks {

// Every kind of read a diagnosis makes on a server. What a probe gave is stored in
// RawObservations under its key: the kind's name alone, or the name, ':' and a subject
// ("errorlog:/var/log/nginx/error.log", "tcp:127.0.0.1:3000"). Those names are the saved format
// of observations, reports and bundles: extend, never rename. Everything else about a probe
// (script, privilege, round, limit, what is lost without it) is its entry in ProbeCatalog.
enum class ProbeId : unsigned char {
    // Round 1: what runs on the server, and its clock.
    Facts,
    Clock,
    // Round 2: needs the facts (binaries, configuration paths, master pids).
    Sockets,
    System,
    KernelOom,
    NginxDump,
    NginxFiles,
    FpmConfig,
    FpmTest,
    ProcessLimits,
    Firewall,
    Selinux,
    FailedUnits,
    // Round 3: needs the configurations and the socket table.
    ErrorLog,
    UnixSocket,
    TcpUpstream,
    WorkerGroups,
    Site,
    FpmLog,
    FpmStatus,
    Dns,
    Tls,
    UnitOfPid,
    UnitForAddress,
    InitScriptFor,
    UnitState,
    // Round 3, added after the captures in tests/data were taken: the access logs' window.
    AccessLog,
};
inline constexpr int kProbeIdCount = static_cast<int>(ProbeId::AccessLog) + 1;

// The stored name of a probe kind: "facts", "nginx_T", "errorlog", ...
QString probeName(ProbeId id);

// One probe's key: its kind and, for kinds run once per thing, the thing.
struct ProbeKey
{
    ProbeId id = ProbeId::Facts;
    QString subject;

    // The key RawObservations stores the output under.
    QString name() const;
    // The key back from its stored name; empty for a name no probe has (a bundle's own keys).
    static std::optional<ProbeKey> parse(QStringView key);
    bool operator==(const ProbeKey &) const = default;
};

} // namespace gs::checks
