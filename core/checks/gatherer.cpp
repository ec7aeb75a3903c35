#include "checks/gatherer.h"

#include "checks/commandbundle.h"

#include <QThread>

namespace gs::checks {

namespace {

CommandOutput
fromResult(const QString &command, bool privileged, const Result<remote::CommandResult> &result)
{
    CommandOutput output;
    output.command = command;
    output.privileged = privileged;
    if (result) {
        output.ran = true;
        output.exitStatus = result->exitStatus;
        output.out = result->stdOut;
        output.err = result->stdErr;
    } else {
        output.error = result.error().text();
    }
    return output;
}

} // namespace

Gatherer::Gatherer(remote::RemoteHost &host, const std::atomic<bool> *cancelled)
    : m_host(host)
    , m_cancelled(cancelled)
{
    // Direct: the session's thread says so while this one waits for the batch.
    m_lostConnection = QObject::connect(
            &m_host,
            &remote::RemoteHost::connectionLost,
            &m_host,
            [lost = m_lost](const Error &reason) {
                const QMutexLocker locker(&lost->mutex);
                if (!lost->reason)
                    lost->reason = reason;
            },
            Qt::DirectConnection);
}

Gatherer::~Gatherer()
{
    QObject::disconnect(m_lostConnection);
}

CommandBundle::Part Gatherer::partOf(const Command &command, int defaultTimeoutMs)
{
    const int timeoutMs = command.timeoutMs > 0 ? command.timeoutMs : defaultTimeoutMs;
    return {command.command, (timeoutMs + 999) / 1000};
}

QString Gatherer::unprivilegedCommand(const QList<Command> &batch, int defaultTimeoutMs)
{
    QList<CommandBundle::Part> parts;
    for (const Command &command : batch) {
        if (command.privileged)
            return {};
        parts << partOf(command, defaultTimeoutMs);
    }
    return parts.size() > 1 ? CommandBundle::command(parts, false) : QString();
}

Gatherer::Started Gatherer::startOne(const QString &command,
                                     bool privileged,
                                     int timeoutMs,
                                     const QString &label,
                                     qint64 maxOutputBytes)
{
    remote::CommandRequest request;
    request.command = command;
    request.privileged = privileged;
    request.timeoutMs = timeoutMs;
    request.label = label;
    if (maxOutputBytes > 0)
        request.maxOutputBytes = maxOutputBytes;
    Started started;
    started.future = m_host.start(std::move(request), &started.id);
    return started;
}

Result<remote::CommandResult> Gatherer::wait(Started &started)
{
    // Poll so that a cancel from the user stops the wait at once.
    bool cancelSent = false;
    while (!started.future.isFinished()) {
        if (!cancelSent && m_cancelled && m_cancelled->load()) {
            m_host.cancel(started.id);
            cancelSent = true;
        }
        QThread::msleep(5);
    }
    return started.future.result();
}

void Gatherer::run(const QList<Command> &batch, RawObservations &raw)
{
    Pending pending = start(batch);
    collect(pending, raw);
}

Gatherer::Pending Gatherer::start(const QList<Command> &batch, bool yield)
{
    Pending pending;
    pending.batch = batch;
    {
        const QMutexLocker locker(&m_lost->mutex);
        pending.lost = m_lost->reason;
    }
    if (pending.lost)
        return pending;
    const bool privileged = m_host.canRunPrivileged();
    // Commands that run alike (with sudo, or without) go as one bundle when there are two or
    // more: one channel and one sudo for many small commands.
    pending.bundles.resize(2);
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const Command &command = batch.at(i);
        Bundle &bundle = pending.bundles[command.privileged && privileged ? 1 : 0];
        bundle.privileged = command.privileged && privileged;
        bundle.indexes << i;
        bundle.parts << partOf(command, m_host.options().commandTimeoutMs);
    }
    QList<qsizetype> alone;
    for (Bundle &bundle : pending.bundles) {
        if (bundle.indexes.size() == 1 && !yield) {
            alone << bundle.indexes.first();
        } else if (!bundle.indexes.isEmpty()) {
            // Named by what it reads ("facts, clock, ..."): the progress and the debug log.
            QStringList keys;
            for (const qsizetype i : std::as_const(bundle.indexes))
                keys << batch.at(i).key;
            bundle.started
                    = startOne(CommandBundle::command(bundle.parts, bundle.privileged, yield),
                               bundle.privileged,
                               CommandBundle::timeoutMs(bundle.parts),
                               QStringLiteral("diagnosis commands (%1): %2")
                                       .arg(bundle.parts.size())
                                       .arg(keys.join(QStringLiteral(", "))),
                               remote::CommandRequest{}.maxOutputBytes * bundle.parts.size());
        }
    }
    pending.singles = startEach(batch, alone);
    return pending;
}

void Gatherer::collect(Pending &pending, RawObservations &raw)
{
    if (pending.lost) {
        for (const Command &command : std::as_const(pending.batch)) {
            CommandOutput output;
            output.command = command.command;
            output.error = QStringLiteral("Not run: the connection was lost earlier in this "
                                          "diagnosis (%1)")
                                   .arg(pending.lost->message);
            raw.outputs.insert(command.key, output);
        }
        return;
    }
    collectEach(pending.batch, pending.singles, raw);
    for (Bundle &bundle : pending.bundles) {
        if (bundle.started)
            collectBundle(pending.batch, bundle, raw);
    }
}

std::vector<std::pair<qsizetype, Gatherer::Started>>
Gatherer::startEach(const QList<Command> &batch, const QList<qsizetype> &indexes)
{
    std::vector<std::pair<qsizetype, Started>> started;
    for (qsizetype index : indexes) {
        const Command &command = batch.at(index);
        started.emplace_back(index,
                             startOne(command.command,
                                      command.privileged && m_host.canRunPrivileged(),
                                      command.timeoutMs,
                                      command.key,
                                      0));
    }
    return started;
}

void Gatherer::collectEach(const QList<Command> &batch,
                           std::vector<std::pair<qsizetype, Started>> &started,
                           RawObservations &raw)
{
    for (auto &[index, one] : started) {
        const Command &command = batch.at(index);
        raw.outputs.insert(command.key,
                           fromResult(command.command,
                                      command.privileged && m_host.canRunPrivileged(),
                                      wait(one)));
    }
}

void Gatherer::collectBundle(const QList<Command> &batch, Bundle &bundle, RawObservations &raw)
{
    const QList<CommandBundle::Part> &parts = bundle.parts;
    const auto result = wait(*bundle.started);
    const auto results = result && result->exitStatus == 0 && !result->stdOutTruncated
                                 ? CommandBundle::parse(result->stdOut, parts.size())
                                 : std::nullopt;
    if (!results && result && !(m_cancelled && m_cancelled->load())) {
        // The bundle itself could not work (no temporary directory, output too big to carry
        // whole): the commands run one by one, as they would without bundling.
        auto started = startEach(batch, bundle.indexes);
        collectEach(batch, started, raw);
        return;
    }
    for (qsizetype i = 0; i < bundle.indexes.size(); ++i) {
        const Command &command = batch.at(bundle.indexes.at(i));
        CommandOutput output;
        output.command = command.command;
        output.privileged = bundle.privileged;
        if (!result) {
            output.error = result.error().text(); // the connection, or the whole bundle's limit
        } else if (!results) {
            output.error = QStringLiteral("Cancelled.");
        } else {
            const CommandBundle::PartResult &part = results->at(i);
            output.out = part.out;
            output.err = part.err;
            if (part.timedOut) {
                output.error = QStringLiteral("The command did not finish within %1 seconds: %2")
                                       .arg(parts.at(i).timeoutSeconds)
                                       .arg(command.key);
            } else if (!part.ran) {
                output.error
                        = QStringLiteral("The command left no exit status: %1").arg(command.key);
            } else {
                output.ran = true;
                output.exitStatus = part.exitStatus;
            }
        }
        raw.outputs.insert(command.key, output);
    }
}

} // namespace gs::checks
