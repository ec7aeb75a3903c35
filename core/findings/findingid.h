#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace gs::findings {

// The findings Gatescope can raise, one per id of spec/findings.md: checks name a finding by its
// constant, so a misspelt one does not compile. Everything else about a finding (public id,
// severity, texts, rank, what it causes) is its one entry in FindingCatalog; adding a finding is
// a value here, that entry, and the check that raises it.
enum class FindingId : unsigned char {
    NginxNotInstalled,
    NginxNotRunning,
    NginxConfigInvalid,
    NginxConfigWarning,
    NginxUpstreamHostNotFound,
    NginxNotListening,
    NginxPortConflict,
    NginxWorkerConnectionsExhausted,
    NginxTooManyOpenFiles,

    UpstreamConnectionRefused,
    UpstreamAddressMismatch,
    UpstreamSocketMissing,
    UpstreamSocketPermissionDenied,
    UpstreamTimeout,
    UpstreamPrematurelyClosed,
    UpstreamConnectionReset,
    UpstreamHeaderTooBig,
    UpstreamInvalidHeader,
    UpstreamProtocolMismatch,
    UpstreamSslHandshakeFailed,
    UpstreamNoLiveUpstreams,
    UpstreamDnsFailure,
    UpstreamUnreachable,
    UpstreamBacklogFull,
    UpstreamEphemeralPortsExhausted,
    UpstreamFirewallBlocked,
    UpstreamKeepaliveMissing,

    PhpFpmNotRunning,
    PhpFpmConfigInvalid,
    PhpFpmListenMismatch,
    PhpFpmSocketPermissions,
    PhpFpmMaxChildrenReached,
    PhpFpmWorkerKilled,
    PhpFpmRequestTimeout,
    PhpFpmSlowRequests,
    PhpFpmTimeoutMisaligned,
    PhpFpmScriptNotFound,

    SystemOomKill,
    SystemMemoryPressure,
    SystemDiskFull,
    SystemLoadHigh,
    SystemFdLimit,
    SystemSelinuxDenied,

    AppServiceDown,
    AppCrashLoop,

    TrafficErrorRateHigh,
    TrafficSiteFailing,
};

inline constexpr int kFindingIdCount = int(FindingId::TrafficSiteFailing) + 1;

// The public id ("upstream.connection_refused"), from the finding's catalog entry.
QString findingName(FindingId id);
// The same, or an empty string for none (a classifier that found nothing to diagnose).
QString findingName(std::optional<FindingId> id);
// The finding a public id names; nullopt for an id this version does not know (a saved diagnosis
// of a newer one, a typo on the command line).
std::optional<FindingId> findingIdOf(QStringView name);

} // namespace gs::findings
