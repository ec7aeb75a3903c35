#include "checks/probecatalog.h"

#include "checks/diagnosismodel.h"
#include "checks/probeplans.h"

namespace gs::checks {

namespace {

using M = DiagnosisModel;
using Raw = RawObservations;
namespace plans = probeplans;

QList<ProbeCatalog::Entry> makeEntries()
{
    const auto nginxConfig = QList<ProbeId>{ProbeId::NginxDump, ProbeId::NginxFiles};
    QList<ProbeCatalog::Entry> list{
            // Round 1
            {.id = ProbeId::Facts,
             .round = Round::Facts,
             .without = "what runs on the server: every other probe",
             .plan = &plans::facts,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readFacts(r, round);
                     }},
            {.id = ProbeId::Clock,
             .round = Round::Facts,
             .without = "the server's clock and zone (log times are read as this machine's)",
             .plan = &plans::clock},
            // Round 2
            {.id = ProbeId::Sockets,
             .round = Round::Host,
             .privileged = true,
             .without = "which process listens on each port and socket",
             .plan = &plans::sockets,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.host.readSockets(r);
                     }},
            {.id = ProbeId::System,
             .round = Round::Host,
             .without = "memory, load, disks, open files and ephemeral ports",
             .plan = &plans::system,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.host.readSystem(r);
                     }},
            {.id = ProbeId::KernelOom,
             .round = Round::Host,
             .privileged = true,
             .without = "processes the kernel killed for memory",
             .plan = &plans::kernelOom,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.host.readOom(r);
                     }},
            {.id = ProbeId::NginxDump,
             .round = Round::Host,
             .privileged = true,
             .without = "`nginx -T`: the configuration test and the whole configuration",
             .plan = &plans::nginxDump,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readNginxDump(r, round);
                     }},
            {.id = ProbeId::NginxFiles,
             .round = Round::Host,
             .without = "the nginx configuration files as the login reads them",
             .plan = &plans::nginxFiles,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readNginxFiles(r, round);
                     }},
            {.id = ProbeId::FpmConfig,
             .round = Round::Host,
             .againInTargets = true,
             .privileged = true,
             .without = "PHP-FPM's pools: listen addresses, process limits, timeouts, logs",
             .plan = &plans::fpmConfigs,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readFpmConfigs(r, round);
                     }},
            {.id = ProbeId::FpmTest,
             .round = Round::Host,
             .againInTargets = true,
             .privileged = true,
             .timeoutMs = 15000,
             .without = "`php-fpm -t`: whether PHP-FPM's configuration is valid",
             .plannedBy = ProbeId::FpmConfig,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.fpm.readTests(r);
                     }},
            {.id = ProbeId::ProcessLimits,
             .round = Round::Host,
             .privileged = true,
             .without = "open-file limits and use of the nginx and PHP-FPM processes",
             .plan = &plans::processLimits,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.host.readProcesses(r);
                     }},
            {.id = ProbeId::Firewall,
             .round = Round::Host,
             .privileged = true,
             .timeoutMs = 15000,
             .without = "firewall rules between nginx and its upstreams",
             .plan = &plans::firewall,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.network.readFirewall(r);
                     }},
            {.id = ProbeId::Selinux,
             .round = Round::Host,
             .privileged = true,
             .timeoutMs = 20000,
             .without = "SELinux denials of nginx's connections",
             .plan = &plans::selinux,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.network.readSelinux(r);
                     }},
            {.id = ProbeId::FailedUnits,
             .round = Round::Host,
             .without = "failed systemd services",
             .plan = &plans::failedUnits},
            // Round 3
            {.id = ProbeId::ErrorLog,
             .round = Round::Targets,
             .privileged = true,
             .without = "nginx's error log: what failed and when",
             .needs = nginxConfig,
             .plan = &plans::errorLogs,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readErrorLogs(r, round);
                     }},
            {.id = ProbeId::UnixSocket,
             .round = Round::Targets,
             .privileged = true,
             .without = "the upstream sockets: whether they exist and who may use them",
             .needs = nginxConfig,
             .plan = &plans::unixSockets,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readUnixSockets(r, round);
                     }},
            {.id = ProbeId::TcpUpstream,
             .round = Round::Targets,
             .timeoutMs = 15000,
             .without = "whether the TCP upstreams accept connections and answer",
             .needs = nginxConfig,
             .plan = &plans::tcpUpstreams,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readTcpUpstreams(r, round);
                     }},
            {.id = ProbeId::WorkerGroups,
             .round = Round::Targets,
             .without = "the groups of nginx's worker user (socket permissions)",
             .needs = nginxConfig,
             .plan = &plans::workerGroups,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readWorkerGroups(r, round);
                     }},
            {.id = ProbeId::Site,
             .round = Round::Targets,
             .timeoutMs = 15000,
             .without = "what the sites answer right now",
             .needs = nginxConfig,
             .plan = &plans::sites,
             .absorb =
                     [](M &m, const Raw &r, Round round) {
                         m.readSites(r, round);
                     }},
            {.id = ProbeId::FpmLog,
             .round = Round::Targets,
             .privileged = true,
             .without = "PHP-FPM's log: saturated pools, killed and slow workers",
             .needs = {ProbeId::FpmConfig},
             .plan = &plans::fpmLogs,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.fpm.readLogs(r, m.windowStartUtc);
                     }},
            {.id = ProbeId::FpmStatus,
             .round = Round::Targets,
             .privileged = true, // cgi-fcgi dials the pool's socket; a page through nginx is not
             .timeoutMs = 12000,
             .without = "the pools' status pages: busy workers and the listen queue",
             .needs = {ProbeId::FpmConfig, ProbeId::NginxDump, ProbeId::NginxFiles},
             .plan = &plans::fpmStatus,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.fpm.readStatus(r);
                     }},
            {.id = ProbeId::Dns,
             .round = Round::Targets,
             .timeoutMs = 10000,
             .without = "whether the upstream names resolve",
             .needs = nginxConfig,
             .plan = &plans::dns,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.network.readLookups(r);
                     }},
            {.id = ProbeId::Tls,
             .round = Round::Targets,
             .timeoutMs = 12000,
             .without = "TLS handshakes with https upstreams",
             .needs = nginxConfig,
             .plan = &plans::tls,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.network.readHandshakes(r);
                     }},
            {.id = ProbeId::UnitOfPid,
             .round = Round::Targets,
             .privileged = true,
             .timeoutMs = 15000,
             .without = "the service behind each upstream and its journal",
             .needs = {ProbeId::NginxDump, ProbeId::NginxFiles, ProbeId::Sockets},
             .plan = &plans::servicesBehind,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.services.readListening(r, m.windowStartUtc);
                     }},
            {.id = ProbeId::UnitForAddress,
             .round = Round::Targets,
             .privileged = true,
             .timeoutMs = 15000,
             .without = "the systemd service meant to listen where nothing does",
             .plannedBy = ProbeId::UnitOfPid,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.services.readMeant(r, m.windowStartUtc);
                     }},
            {.id = ProbeId::InitScriptFor,
             .round = Round::Targets,
             .privileged = true,
             .timeoutMs = 15000,
             .without = "the init script meant to listen where nothing does",
             .plannedBy = ProbeId::UnitOfPid,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.services.readInitScripts(r);
                     }},
            {.id = ProbeId::UnitState,
             .round = Round::Targets,
             .privileged = true,
             .timeoutMs = 15000,
             .without = "the state and journal of failed services",
             .needs = {ProbeId::FailedUnits},
             .plan = &plans::unitStates,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.services.readFailed(r, m.windowStartUtc);
                     }},
            {.id = ProbeId::AccessLog,
             .round = Round::Targets,
             .privileged = true,
             .timeoutMs = 20000,
             .without = "the access logs: how many requests in the window ended in 5xx",
             .needs = nginxConfig,
             .plan = &plans::accessLogs,
             .absorb =
                     [](M &m, const Raw &r, Round) {
                         m.traffic.readAccessLogs(r, m.nginx, m.facts.nginx.prefix);
                     }},
    };
    return list;
}

} // namespace

const QList<ProbeCatalog::Entry> &ProbeCatalog::entries()
{
    static const QList<Entry> list = [] {
        QList<Entry> made = makeEntries();
        // One entry per id, in id order: entry() indexes by id.
        for (qsizetype i = 0; i < made.size(); ++i)
            Q_ASSERT(made.at(i).id == static_cast<ProbeId>(i));
        Q_ASSERT(made.size() == kProbeIdCount);
        return made;
    }();
    return list;
}

const ProbeCatalog::Entry &ProbeCatalog::entry(ProbeId id)
{
    return entries().at(static_cast<qsizetype>(id));
}

Gatherer::Command ProbeCatalog::command(ProbeId id, const QString &subject, QString script)
{
    const Entry &declared = entry(id);
    return {ProbeKey{id, subject}.name(),
            std::move(script),
            declared.privileged,
            declared.timeoutMs};
}

} // namespace gs::checks
