#include "phpfpm/fpmlogentry.h"

namespace gs::phpfpm {

std::optional<findings::FindingId> FpmLogEntry::findingId() const
{
    using findings::FindingId;
    switch (kind) {
    case Kind::MaxChildrenReached: return FindingId::PhpFpmMaxChildrenReached;
    case Kind::ChildExitedOnSignal: return FindingId::PhpFpmWorkerKilled;
    // A worker that exits with an error (255 after a fatal) drops the request it was serving.
    case Kind::ChildExitedWithCode:
        if (exitCode > 0)
            return FindingId::PhpFpmWorkerKilled;
        return std::nullopt;
    case Kind::ExecutionTimedOut: return FindingId::PhpFpmRequestTimeout;
    case Kind::ExecutingTooSlow: return FindingId::PhpFpmSlowRequests;
    case Kind::ConfigOpenFailed:
    case Kind::InitFailed:
    case Kind::UnableToBind: return FindingId::PhpFpmConfigInvalid;
    default: return std::nullopt;
    }
}

QString FpmLogEntry::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Other: return QStringLiteral("other");
    case Kind::MaxChildrenReached: return QStringLiteral("max_children_reached");
    case Kind::SeemsBusy: return QStringLiteral("seems_busy");
    case Kind::ChildExitedOnSignal: return QStringLiteral("child_exited_on_signal");
    case Kind::ChildExitedWithCode: return QStringLiteral("child_exited_with_code");
    case Kind::ExecutionTimedOut: return QStringLiteral("execution_timed_out");
    case Kind::ExecutingTooSlow: return QStringLiteral("executing_too_slow");
    case Kind::ChildStderr: return QStringLiteral("child_stderr");
    case Kind::ChildStarted: return QStringLiteral("child_started");
    case Kind::UnableToBind: return QStringLiteral("unable_to_bind");
    case Kind::AnotherInstance: return QStringLiteral("another_instance");
    case Kind::ConfigOpenFailed: return QStringLiteral("config_open_failed");
    case Kind::InitFailed: return QStringLiteral("init_failed");
    case Kind::Ready: return QStringLiteral("ready");
    case Kind::Terminating: return QStringLiteral("terminating");
    }
    return QStringLiteral("other");
}

QJsonObject FpmLogEntry::toJson() const
{
    QJsonObject o{{QStringLiteral("line"), line},
                  {QStringLiteral("time"), rawTime},
                  {QStringLiteral("level"), level},
                  {QStringLiteral("kind"), kindName(kind)},
                  {QStringLiteral("message"), message}};
    if (!pool.isEmpty())
        o.insert(QStringLiteral("pool"), pool);
    if (childPid)
        o.insert(QStringLiteral("child_pid"), childPid);
    if (maxChildren)
        o.insert(QStringLiteral("max_children"), maxChildren);
    if (signal) {
        o.insert(QStringLiteral("signal"), signal);
        o.insert(QStringLiteral("signal_name"), signalName);
    }
    if (exitCode >= 0)
        o.insert(QStringLiteral("exit_code"), exitCode);
    if (seconds > 0)
        o.insert(QStringLiteral("seconds"), seconds);
    if (!script.isEmpty())
        o.insert(QStringLiteral("script"), script);
    if (!request.isEmpty())
        o.insert(QStringLiteral("request"), request);
    if (!address.isEmpty())
        o.insert(QStringLiteral("address"), address);
    if (const auto id = findingId())
        o.insert(QStringLiteral("finding"), findings::findingName(*id));
    return o;
}

} // namespace gs::phpfpm
