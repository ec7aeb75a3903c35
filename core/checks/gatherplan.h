#pragma once

#include "checks/diagnosismodel.h"
#include "checks/gatherer.h"

namespace gs::checks {

// The commands that read PHP-FPM, the host's limits and the network around the upstreams, added
// to the rounds of diagnosisplan. Pure: no I/O here.
namespace gatherplan {

// Second round (needs only the facts): FPM configurations with their includes, php-fpm -t,
// process limits of the nginx and FPM masters, firewall rules, SELinux, failed systemd units.
QList<Gatherer::Command> second(const discovery::HostFacts &facts);
// Third round (needs the configurations and sockets): FPM logs and status pages, DNS of
// upstream names, TLS handshakes to https upstreams, the systemd units behind the upstreams.
QList<Gatherer::Command> third(const DiagnosisModel &model);

// Whether an nginx location (modifier + path) matches a request path, as nginx would pick it
// for that one path (exact, prefix, or regular expression).
bool locationMatches(const QString &modifier, const QString &path, const QString &uri);

} // namespace gatherplan

} // namespace gs::checks
