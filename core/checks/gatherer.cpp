#include "checks/gatherer.h"

#include <QThread>

namespace gs::checks {

Gatherer::Gatherer(remote::RemoteHost &host, const std::atomic<bool> *cancelled)
    : m_host(host)
    , m_cancelled(cancelled)
{}

void Gatherer::run(const QList<Command> &batch, RawObservations &raw)
{
    std::vector<std::pair<quint64, QFuture<Result<remote::CommandResult>>>> running;
    for (const Command &command : batch) {
        remote::CommandRequest request;
        request.command = command.command;
        request.privileged = command.privileged && m_host.canRunPrivileged();
        request.timeoutMs = command.timeoutMs;
        request.label = command.key;
        quint64 id = 0;
        running.emplace_back(0, m_host.start(std::move(request), &id));
        running.back().first = id;
    }
    for (size_t i = 0; i < running.size(); ++i) {
        auto &[id, future] = running[i];
        // Poll so that a cancel from the user stops the wait at once.
        bool cancelSent = false;
        while (!future.isFinished()) {
            if (!cancelSent && m_cancelled && m_cancelled->load()) {
                m_host.cancel(id);
                cancelSent = true;
            }
            QThread::msleep(5);
        }
        const Command &command = batch.at(static_cast<qsizetype>(i));
        CommandOutput output;
        output.command = command.command;
        output.privileged = command.privileged && m_host.canRunPrivileged();
        const auto result = future.result();
        if (result) {
            output.ran = true;
            output.exitStatus = result->exitStatus;
            output.out = result->stdOut;
            output.err = result->stdErr;
        } else {
            output.error = result.error().text();
        }
        raw.outputs.insert(command.key, output);
    }
}

} // namespace gs::checks
