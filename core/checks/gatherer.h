#pragma once

#include "checks/rawobservations.h"
#include "remote/remotehost.h"

#include <QList>
#include <QPair>

#include <atomic>
#include <functional>

namespace gs::checks {

// The I/O half of a diagnosis: runs a batch of read-only commands on the server at once (one
// channel each, over the one session) and stores what they gave, verbatim, in RawObservations.
// Runs on a worker thread (it waits for the batch); never parses.
class Gatherer
{
public:
    struct Command
    {
        QString key;
        QString command;
        bool privileged = false;
        int timeoutMs = -1;
    };

    Gatherer(remote::RemoteHost &host, const std::atomic<bool> *cancelled = nullptr);

    // Runs the batch concurrently; a command that needs privileges the login lacks still runs,
    // unprivileged (its output then shows what was denied).
    void run(const QList<Command> &batch, RawObservations &raw);

private:
    remote::RemoteHost &m_host;
    const std::atomic<bool> *m_cancelled;
};

} // namespace gs::checks
