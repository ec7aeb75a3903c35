#pragma once

#include "clioptions.h"
#include "remote/remotehost.h"

#include <QJsonObject>

#include <functional>
#include <memory>

namespace gs::cli {

// One TARGET's run: where it went and, when the connection failed, why.
struct TargetOutcome
{
    QString target;
    ssh::ConnectOptions options;
    std::optional<Error> error;
    QJsonObject json; // what the command adds for this target (facts, checks, ...)
    QString text;     // human-readable report for this target
    int exitCode = 0; // the command's own verdict for this target
    qint64 durationMs = 0;

    // Read from a support bundle (runOnBundles), not over a session: no port, options.host is
    // the server's own name.
    bool fromBundle() const { return options.port == 0; }
};

// Connects to every target concurrently (each on its own worker thread and SSH session) and
// hands the open RemoteHost to `work`; a target that cannot be reached gets an error outcome and
// never stops the others. `firstCommand`, when given, makes what `work` runs first (for the
// connection's command time limit) ride with the login (ssh::ConnectOptions::firstCommand).
std::vector<TargetOutcome>
runOnTargets(const QStringList &targets,
             const ConnectionArgs &args,
             const std::function<void(remote::RemoteHost &host, TargetOutcome &outcome)> &work,
             QString (*firstCommand)(int defaultTimeoutMs) = nullptr);

// {"target","host","port","user","status","error"} common to every per-target JSON object.
QJsonObject targetJson(const TargetOutcome &outcome);

} // namespace gs::cli
