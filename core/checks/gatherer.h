#pragma once

#include "checks/commandbundle.h"
#include "checks/rawobservations.h"
#include "remote/remotehost.h"

#include <QList>
#include <QMutex>
#include <QPair>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace gs::checks {

// The I/O half of a diagnosis: runs a batch of read-only commands on the server at once (one
// channel for those that need sudo and one for the rest, each a CommandBundle) and
// stores what they gave, verbatim, in RawObservations. Runs on a worker thread (it waits for the
// batch); never parses. Once the connection is lost (the server stopped answering, the network
// dropped), later batches run nothing: each command says the connection was lost, instead of
// reconnecting to a server that just went silent and waiting out every limit again.
class Gatherer
{
    struct Started
    {
        QFuture<Result<remote::CommandResult>> future;
        quint64 id = 0;
    };

    // Commands of a batch that run alike (all with sudo, or all without), as one CommandBundle.
    struct Bundle
    {
        bool privileged = false;
        QList<qsizetype> indexes; // into the batch
        QList<CommandBundle::Part> parts;
        std::optional<Started> started;
    };

public:
    struct Command
    {
        QString key;
        QString command;
        bool privileged = false;
        int timeoutMs = -1;
    };

    Gatherer(remote::RemoteHost &host, const std::atomic<bool> *cancelled = nullptr);
    ~Gatherer();
    Gatherer(const Gatherer &) = delete;
    Gatherer &operator=(const Gatherer &) = delete;

    // A batch under way: start() sends it, collect() waits for it.
    struct Pending
    {
        QList<Command> batch;
        std::optional<Error> lost; // nothing was sent: the connection was lost before
        std::vector<Bundle> bundles;
        std::vector<std::pair<qsizetype, Started>> singles;
    };

    // Runs the batch concurrently; a command that needs privileges the login lacks still runs,
    // unprivileged (its output then shows what was denied).
    void run(const QList<Command> &batch, RawObservations &raw);
    // run() in two halves, so that batches overlap: sends the batch and returns at once.
    // `yield`: a batch waited for after another one sent with it; it runs at a lower CPU
    // priority, as bundles (even of one command), so the other one's answer comes first.
    Pending start(const QList<Command> &batch, bool yield = false);
    // Waits for a started batch and stores what it gave.
    void collect(Pending &pending, RawObservations &raw);

    // The one command run() sends for `batch` when none of it asks for privileges and it holds
    // two or more commands (its bundle); empty otherwise. A session can run it with its login
    // (ssh::ConnectOptions::firstCommand) and answer the batch from there.
    static QString unprivilegedCommand(const QList<Command> &batch, int defaultTimeoutMs);

private:
    static CommandBundle::Part partOf(const Command &command, int defaultTimeoutMs);
    Started startOne(const QString &command,
                     bool privileged,
                     int timeoutMs,
                     const QString &label,
                     qint64 maxOutputBytes);
    Result<remote::CommandResult> wait(Started &started);
    // One channel per command (a bundle of one, or a bundle that could not work).
    std::vector<std::pair<qsizetype, Started>> startEach(const QList<Command> &batch,
                                                         const QList<qsizetype> &indexes);
    void collectEach(const QList<Command> &batch,
                     std::vector<std::pair<qsizetype, Started>> &started,
                     RawObservations &raw);
    void collectBundle(const QList<Command> &batch, Bundle &bundle, RawObservations &raw);

    // Set from the session's thread when the connection is lost.
    struct Lost
    {
        QMutex mutex;
        std::optional<Error> reason;
    };

    remote::RemoteHost &m_host;
    const std::atomic<bool> *m_cancelled;
    std::shared_ptr<Lost> m_lost = std::make_shared<Lost>();
    QMetaObject::Connection m_lostConnection;
};

} // namespace gs::checks
