#pragma once

#include "checks/diagnosismodel.h"
#include "checks/gatherer.h"

namespace gs::checks {

// Which commands a diagnosis runs, in three rounds: each round is one concurrent batch, and what
// one round finds decides the next (the configuration names the logs and upstreams to probe).
// Pure: no I/O here.
namespace diagnosisplan {

// Bytes read from the end of each log: enough for hours of errors, bounded for huge logs.
inline constexpr qint64 kLogTailBytes = 4 * 1024 * 1024;
inline constexpr int kMaxSites = 12;
inline constexpr int kMaxProbes = 24;

QList<Gatherer::Command> first();
QList<Gatherer::Command> second(const discovery::HostFacts &facts, qint64 windowStartEpoch);
QList<Gatherer::Command> third(const DiagnosisModel &model);

// The URLs of the sites this nginx serves, as fetched from the server itself (loopback).
QList<SiteProbe> sitesToProbe(const nginx::ConfigModel &nginx);

} // namespace diagnosisplan

} // namespace gs::checks
