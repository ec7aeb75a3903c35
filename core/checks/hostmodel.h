#pragma once

#include "checks/rawobservations.h"
#include "sys/hoststatsparser.h"
#include "sys/sockettableparser.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <optional>

namespace gs::checks {

// The host's state as the diagnosis saw it: memory, load, disks, ports, listening sockets,
// kernel OOM kills and the open-file limits of nginx and PHP-FPM. Pure: parsed from
// RawObservations ("system", "sockets", "oom", "procs").
struct HostModel
{
    struct Process
    {
        qint64 pid = 0;
        qint64 ppid = 0;
        QString comm;
        qint64 rssKb = -1;      // -1: unknown
        qint64 nofileSoft = -1; // -1: unknown; 0 stands for unlimited
        qint64 nofileHard = -1;
        int fds = -1; // -1: /proc/PID/fd not readable (needs sudo)
    };

    struct OomKill
    {
        QDateTime utc; // invalid when the log line has no usable time
        qint64 pid = 0;
        QString process;
        QString raw;
    };

    // "system"
    bool systemRead = false;
    std::optional<sys::HostStatsParser::MemInfo> memory;
    std::optional<sys::HostStatsParser::LoadAvg> load;
    int cpus = 0;
    QList<sys::HostStatsParser::Filesystem> filesystems;
    qint64 filesAllocated = -1; // /proc/sys/fs/file-nr
    qint64 filesMax = -1;
    int portLow = 0; // ip_local_port_range
    int portHigh = 0;
    qint64 timeWait = -1;                    // sockets in TIME_WAIT; -1: unknown (no ss)
    QHash<QString, qint64> timeWaitEndpoint; // "127.0.0.1:3000" -> TIME_WAIT sockets using it

    // "sockets"
    bool socketsRead = false;
    QString socketsTool; // "ss", "netstat", "/proc/net"
    QList<sys::SocketTableParser::Socket> sockets;
    bool socketOwnersShown = false; // some socket had its process (ss -p as root)

    // "oom"
    bool oomRead = false;
    bool oomAsRoot = false; // read through sudo: an ordinary user's journal hides the kernel
    QString oomSource;      // "journal", "dmesg"
    QString oomDenied;      // why the kernel log could not be read
    QList<OomKill> oomKills;

    // "procs"
    bool processesRead = false;
    QList<Process> processes;

    int portRangeSize() const
    {
        return portHigh >= portLow && portLow > 0 ? portHigh - portLow + 1 : 0;
    }
    const Process *process(qint64 pid) const;
    QList<Process> childrenOf(qint64 pid) const;
    // Listening TCP sockets that accept host:port, and unix sockets at path.
    QList<sys::SocketTableParser::Socket> listenersFor(const QString &host, int port) const;
    QList<sys::SocketTableParser::Socket> unixListenersAt(const QString &path) const;

    // "@@name" sections of a command's output: name -> the lines after it.
    static QHash<QString, QString> sections(const QByteArray &output);
    static QList<OomKill> parseOom(const QByteArray &output, qint64 serverNowEpoch);

    // What each probe gave, read once (DiagnosisModel::absorb calls these round by round).
    void readSystem(const RawObservations &raw);
    void readSockets(const RawObservations &raw);
    void readOom(const RawObservations &raw);
    void readProcesses(const RawObservations &raw);

    static HostModel build(const RawObservations &raw);
};

} // namespace gs::checks
