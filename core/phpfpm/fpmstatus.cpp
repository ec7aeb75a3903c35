#include "phpfpm/fpmstatus.h"

#include <QJsonArray>

namespace gs::phpfpm {

QJsonObject FpmStatus::toJson() const
{
    QJsonArray procs;
    for (const Process &p : processes)
        procs.append(QJsonObject{{QStringLiteral("pid"), p.pid},
                                 {QStringLiteral("state"), p.state},
                                 {QStringLiteral("requests"), p.requests},
                                 {QStringLiteral("request_duration_us"), p.requestDurationUs},
                                 {QStringLiteral("request_method"), p.requestMethod},
                                 {QStringLiteral("request_uri"), p.requestUri},
                                 {QStringLiteral("script"), p.script},
                                 {QStringLiteral("last_request_cpu"), p.lastRequestCpu},
                                 {QStringLiteral("last_request_memory"), p.lastRequestMemory}});
    return QJsonObject{{QStringLiteral("pool"), pool},
                       {QStringLiteral("process_manager"), processManager},
                       {QStringLiteral("start_time"), startTime},
                       {QStringLiteral("start_since"), startSince},
                       {QStringLiteral("accepted_conn"), acceptedConn},
                       {QStringLiteral("listen_queue"), listenQueue},
                       {QStringLiteral("max_listen_queue"), maxListenQueue},
                       {QStringLiteral("listen_queue_len"), listenQueueLen},
                       {QStringLiteral("idle_processes"), idleProcesses},
                       {QStringLiteral("active_processes"), activeProcesses},
                       {QStringLiteral("total_processes"), totalProcesses},
                       {QStringLiteral("max_active_processes"), maxActiveProcesses},
                       {QStringLiteral("max_children_reached"), maxChildrenReached},
                       {QStringLiteral("slow_requests"), slowRequests},
                       {QStringLiteral("processes"), procs}};
}

} // namespace gs::phpfpm
