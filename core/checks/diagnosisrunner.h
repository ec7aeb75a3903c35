#pragma once

#include "checks/diagnosisengine.h"
#include "checks/gatherer.h"
#include "remote/remotehost.h"

#include <atomic>
#include <functional>

namespace gs::checks {

// A whole diagnosis of one server over an open RemoteHost: three concurrent rounds of read-only
// commands, then the checklist. Blocks the calling worker thread (never call it on the GUI
// thread); progress and each check's result are reported through the callbacks as they come.
class DiagnosisRunner
{
public:
    struct Options
    {
        qint64 windowSeconds = 3600; // --since
        // Above this share of 5xx answers the error rate is critical (--error-rate-threshold,
        // the app's setting: ErrorRateSetting).
        double errorRateThresholdPercent = kDefaultErrorRateThresholdPercent;
        QString nginxConfig; // which nginx to diagnose when several run (its -c file)
        // After a service action: while what a service coming up clears is still current (a
        // socket missing, a refused connection, a process not yet running), diagnose again
        // once a second for at most this long, so the answer is not a race with the start.
        int settleSeconds = 0;
    };
    using Progress = std::function<void(const QString &step)>;

    static DiagnosisReport run(remote::RemoteHost &host,
                               const Options &options,
                               const Progress &progress = {},
                               const DiagnosisEngine::CheckDone &onCheck = {},
                               const std::atomic<bool> *cancelled = nullptr);

    // The same rounds over any source of command outputs (a live host's Gatherer, a support
    // bundle): `gather` answers each round's batch into `raw`, which arrives with what is known
    // of the login's privileges.
    using Gather = std::function<void(const QList<Gatherer::Command> &batch, RawObservations &raw)>;
    static DiagnosisReport runRounds(const Gather &gather,
                                     RawObservations raw,
                                     const Options &options,
                                     const Progress &progress = {},
                                     const DiagnosisEngine::CheckDone &onCheck = {},
                                     const std::atomic<bool> *cancelled = nullptr);

    // The first round as the one command a Gatherer sends for it: set it as the connection's
    // ssh::ConnectOptions::firstCommand and that round costs no round trip of its own.
    static QString firstCommand(int defaultTimeoutMs);

    // Whether a finding is one a service still starting shows (see Options::settleSeconds).
    static bool isStartupRace(const findings::Finding &finding);

private:
    // A batch sent; calling it waits for the batch and stores its outputs. `yield`: the batch
    // is waited for after another one sent with it (Gatherer::start).
    using Collect = std::function<void(RawObservations &raw)>;
    using Start = std::function<Collect(const QList<Gatherer::Command> &batch, bool yield)>;
    static DiagnosisReport pipeline(const Start &start,
                                    RawObservations raw,
                                    const Options &options,
                                    const Progress &progress,
                                    const DiagnosisEngine::CheckDone &onCheck,
                                    const std::atomic<bool> *cancelled);
    static DiagnosisReport runOnce(remote::RemoteHost &host,
                                   const Options &options,
                                   const Progress &progress,
                                   const DiagnosisEngine::CheckDone &onCheck,
                                   const std::atomic<bool> *cancelled);
};

} // namespace gs::checks
