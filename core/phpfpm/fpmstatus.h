#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace gs::phpfpm {

// The PHP-FPM status page (pm.status_path), plain or ?json, with or without ?full.
struct FpmStatus
{
    struct Process
    {
        qint64 pid = 0;
        QString state; // Idle, Running, Reading headers, Finishing, Ending
        qint64 requests = 0;
        qint64 requestDurationUs = 0;
        QString requestMethod;
        QString requestUri;
        QString script;
        double lastRequestCpu = 0;
        qint64 lastRequestMemory = 0;
    };

    QString pool;
    QString processManager;
    QString startTime; // as printed (plain: "21/Nov/2026:13:02:35 +0000"; json: epoch seconds)
    qint64 startSince = 0;
    qint64 acceptedConn = 0;
    qint64 listenQueue = 0;
    qint64 maxListenQueue = 0;
    qint64 listenQueueLen = 0; // stays 0 on unix sockets
    qint64 idleProcesses = 0;
    qint64 activeProcesses = 0;
    qint64 totalProcesses = 0;
    qint64 maxActiveProcesses = 0;
    qint64 maxChildrenReached = 0;
    qint64 slowRequests = 0;
    QList<Process> processes; // ?full only

    QJsonObject toJson() const;
};

} // namespace gs::phpfpm
