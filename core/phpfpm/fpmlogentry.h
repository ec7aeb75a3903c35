#pragma once

#include "findings/findingid.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace gs::phpfpm {

// One line of the PHP-FPM master's log ("[21-Nov-2026 13:02:05] WARNING: [pool www] ..."),
// classified. Fields that do not apply stay empty / 0.
struct FpmLogEntry
{
    enum class Kind {
        Other,
        MaxChildrenReached, // server reached pm.max_children setting (N)
        SeemsBusy,          // seems busy (you may need to increase pm.start_servers ...)
        ChildExitedOnSignal,
        ChildExitedWithCode, // code 0 is a normal exit
        ExecutionTimedOut,   // request_terminate_timeout
        ExecutingTooSlow,    // request_slowlog_timeout
        ChildStderr,         // child N said into stderr: "..."
        ChildStarted,
        UnableToBind,
        AnotherInstance,
        ConfigOpenFailed,
        InitFailed,
        Ready,       // ready to handle connections
        Terminating, // Terminating ... / Finishing ... / exiting, bye-bye!
    };

    int line = 0;
    // The server's wall-clock time, naive (no zone), stored with Qt::UTC as a container; NOT UTC.
    QDateTime wallTime;
    QString rawTime; // "21-Nov-2026 13:02:05"
    QString level;   // DEBUG NOTICE WARNING ERROR ALERT
    QString pool;    // empty for master-level lines
    QString message; // after "[pool NAME] "
    Kind kind = Kind::Other;
    qint64 childPid = 0;
    int maxChildren = 0; // MaxChildrenReached
    int signal = 0;      // ChildExitedOnSignal
    QString signalName;  // "SIGKILL"
    int exitCode = -1;   // ChildExitedWithCode
    double seconds = 0;  // after/execution/too slow
    QString script;      // ExecutionTimedOut / ExecutingTooSlow
    QString request;     // "GET /sleep.php?s=8"
    QString address;     // UnableToBind / AnotherInstance
    QString raw;

    // phpfpm.max_children_reached, phpfpm.worker_killed, phpfpm.request_timeout,
    // phpfpm.slow_requests, phpfpm.config_invalid (init failures); empty otherwise.
    // A SIGTERM right after an execution timeout is that timeout, reported by the caller.
    std::optional<findings::FindingId> findingId() const;
    static QString kindName(Kind kind);
    QJsonObject toJson() const;
};

} // namespace gs::phpfpm
