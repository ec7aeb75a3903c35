#pragma once

#include "checks/diagnosisengine.h"
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
        QString nginxConfig;         // which nginx to diagnose when several run (its -c file)
    };
    using Progress = std::function<void(const QString &step)>;

    static DiagnosisReport run(remote::RemoteHost &host,
                               const Options &options,
                               const Progress &progress = {},
                               const DiagnosisEngine::CheckDone &onCheck = {},
                               const std::atomic<bool> *cancelled = nullptr);
};

} // namespace gs::checks
