#pragma once

#include "checks/diagnosismodel.h"
#include "checks/probecatalog.h"

namespace gs::checks {

// The planners of ProbeCatalog's entries: which commands each kind of probe runs, from the model
// of the rounds before. Pure: no I/O here.
namespace probeplans {

// Bytes read from the end of each log: enough for hours of errors, bounded for huge logs.
inline constexpr qint64 kLogTailBytes = 4 * 1024 * 1024;
inline constexpr int kMaxSites = 12;
inline constexpr int kMaxProbes = 24;

// Round 1
void facts(const PlanInput &input, QList<Gatherer::Command> &batch);
void clock(const PlanInput &input, QList<Gatherer::Command> &batch);
// Round 2
void sockets(const PlanInput &input, QList<Gatherer::Command> &batch);
void system(const PlanInput &input, QList<Gatherer::Command> &batch);
void kernelOom(const PlanInput &input, QList<Gatherer::Command> &batch);
void nginxDump(const PlanInput &input, QList<Gatherer::Command> &batch);
void nginxFiles(const PlanInput &input, QList<Gatherer::Command> &batch);
// Configurations and `php-fpm -t` of the running FPMs; in round three, of the stopped ones.
void fpmConfigs(const PlanInput &input, QList<Gatherer::Command> &batch);
void processLimits(const PlanInput &input, QList<Gatherer::Command> &batch);
void firewall(const PlanInput &input, QList<Gatherer::Command> &batch);
void selinux(const PlanInput &input, QList<Gatherer::Command> &batch);
void failedUnits(const PlanInput &input, QList<Gatherer::Command> &batch);
// Round 3
void errorLogs(const PlanInput &input, QList<Gatherer::Command> &batch);
void unixSockets(const PlanInput &input, QList<Gatherer::Command> &batch);
void tcpUpstreams(const PlanInput &input, QList<Gatherer::Command> &batch);
void workerGroups(const PlanInput &input, QList<Gatherer::Command> &batch);
void sites(const PlanInput &input, QList<Gatherer::Command> &batch);
void fpmLogs(const PlanInput &input, QList<Gatherer::Command> &batch);
void fpmStatus(const PlanInput &input, QList<Gatherer::Command> &batch);
void dns(const PlanInput &input, QList<Gatherer::Command> &batch);
void tls(const PlanInput &input, QList<Gatherer::Command> &batch);
// The service behind each local upstream: the unit of the process listening, else the unit or
// init script that names the address.
void servicesBehind(const PlanInput &input, QList<Gatherer::Command> &batch);
void unitStates(const PlanInput &input, QList<Gatherer::Command> &batch);
// The window's lines of each access log the configuration names (TrafficModel::kMaxLogs), of the
// last kLogTailBytes only.
void accessLogs(const PlanInput &input, QList<Gatherer::Command> &batch);

// The URLs of the sites this nginx serves, as fetched from the server itself (loopback).
QList<SiteProbe> sitesToProbe(const nginx::ConfigModel &nginx);
// Whether an nginx location (modifier + path) matches a request path, as nginx would pick it
// for that one path (exact, prefix, or regular expression).
bool locationMatches(const QString &modifier, const QString &path, const QString &uri);

} // namespace probeplans

} // namespace gs::checks
