#include "checks/hostmodel.h"

#include "util/sections.h"

#include <QRegularExpression>

namespace gs::checks {

using sys::SocketTableParser;

namespace {

QHash<QString, QString> processKeyValues(const QString &line)
{
    QHash<QString, QString> values;
    const qsizetype commAt = line.indexOf(QLatin1String(" comm="));
    const QString head = commAt >= 0 ? line.left(commAt) : line;
    for (const QString &word : head.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype eq = word.indexOf(QLatin1Char('='));
        if (eq > 0)
            values.insert(word.left(eq), word.mid(eq + 1));
    }
    if (commAt >= 0)
        values.insert(QStringLiteral("comm"), line.mid(commAt + 6));
    return values;
}

qint64 number(const QString &text, qint64 fallback = -1)
{
    bool ok = false;
    const qint64 n = text.trimmed().toLongLong(&ok);
    return ok ? n : fallback;
}

} // namespace

QHash<QString, QString> HostModel::sections(const QByteArray &output)
{
    QHash<QString, QString> result;
    const QHash<QString, QByteArray> parts = splitSections(output);
    for (auto it = parts.cbegin(); it != parts.cend(); ++it)
        result.insert(it.key(), QString::fromUtf8(it.value()));
    return result;
}

QList<HostModel::OomKill> HostModel::parseOom(const QByteArray &output, qint64 serverNowEpoch)
{
    static const QRegularExpression killed(QStringLiteral("Killed process (\\d+) \\(([^)]*)\\)"));
    static const QRegularExpression isoTime(QStringLiteral(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?"));
    static const QRegularExpression dmesgTime(QStringLiteral("^\\[\\s*(\\d+)(?:\\.\\d+)?\\]"));
    const auto parts = sections(output);
    double uptime = -1;
    if (parts.contains(QStringLiteral("uptime"))) {
        bool ok = false;
        const double value = parts.value(QStringLiteral("uptime"))
                                     .section(QLatin1Char(' '), 0, 0)
                                     .trimmed()
                                     .toDouble(&ok);
        if (ok)
            uptime = value;
    }
    QList<OomKill> kills;
    for (const QString &section : {QStringLiteral("journal"), QStringLiteral("dmesg")}) {
        for (const QString &line : parts.value(section).split(QLatin1Char('\n'))) {
            const auto match = killed.match(line);
            if (!match.hasMatch())
                continue;
            OomKill kill;
            kill.pid = match.captured(1).toLongLong();
            kill.process = match.captured(2);
            kill.raw = line.trimmed();
            if (const auto t = isoTime.match(line); t.hasMatch()) {
                QString zone = t.captured(2);
                if (zone.size() == 5) // "+0100" -> "+01:00", as ISO 8601 wants it
                    zone.insert(3, QLatin1Char(':'));
                kill.utc = QDateTime::fromString(
                                   t.captured(1) + (zone.isEmpty() ? QStringLiteral("Z") : zone),
                                   Qt::ISODate)
                                   .toUTC();
            } else if (const auto d = dmesgTime.match(line); d.hasMatch() && uptime >= 0) {
                const qint64 bootEpoch = serverNowEpoch - static_cast<qint64>(uptime);
                kill.utc = QDateTime::fromSecsSinceEpoch(bootEpoch + d.captured(1).toLongLong(),
                                                         Qt::UTC);
            }
            kills << kill;
        }
    }
    return kills;
}

const HostModel::Process *HostModel::process(qint64 pid) const
{
    for (const Process &p : processes) {
        if (p.pid == pid)
            return &p;
    }
    return nullptr;
}

QList<HostModel::Process> HostModel::childrenOf(qint64 pid) const
{
    QList<Process> list;
    for (const Process &p : processes) {
        if (p.ppid == pid)
            list << p;
    }
    return list;
}

QList<SocketTableParser::Socket> HostModel::listenersFor(const QString &host, int port) const
{
    QList<SocketTableParser::Socket> list;
    for (const auto &socket : sockets) {
        if (socket.accepts(host, port))
            list << socket;
    }
    return list;
}

QList<SocketTableParser::Socket> HostModel::unixListenersAt(const QString &path) const
{
    QList<SocketTableParser::Socket> list;
    for (const auto &socket : sockets) {
        if (socket.isUnix() && socket.path == path)
            list << socket;
    }
    return list;
}

void HostModel::readSystem(const RawObservations &raw)
{
    HostModel &host = *this;
    if (const CommandOutput *system = raw.get(ProbeId::System); system && system->ran) {
        host.systemRead = true;
        const auto parts = sections(system->out);
        if (auto mem = sys::HostStatsParser::parseMemInfo(parts.value(QStringLiteral("meminfo"))))
            host.memory = *mem;
        if (auto average
            = sys::HostStatsParser::parseLoadAvg(parts.value(QStringLiteral("loadavg"))))
            host.load = *average;
        if (auto count = sys::HostStatsParser::parseNproc(parts.value(QStringLiteral("nproc"))))
            host.cpus = *count;
        if (auto df = sys::HostStatsParser::parseDf(parts.value(QStringLiteral("df"))))
            host.filesystems = *df;
        const QStringList fileNr
                = parts.value(QStringLiteral("file-nr"))
                          .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (fileNr.size() >= 3) {
            host.filesAllocated = number(fileNr.at(0));
            host.filesMax = number(fileNr.at(2));
        }
        const QStringList range
                = parts.value(QStringLiteral("port-range"))
                          .split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (range.size() >= 2) {
            host.portLow = static_cast<int>(number(range.at(0), 0));
            host.portHigh = static_cast<int>(number(range.at(1), 0));
        }
        host.timeWait
                = number(parts.value(QStringLiteral("timewait")).section(QLatin1Char('\n'), 0, 0));
        for (const QString &line :
             parts.value(QStringLiteral("timewait-peers")).split(QLatin1Char('\n'))) {
            const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
            if (words.size() == 2 && number(words.at(0)) > 0)
                host.timeWaitEndpoint.insert(words.at(1), number(words.at(0)));
        }
    }
}

void HostModel::readSockets(const RawObservations &raw)
{
    HostModel &host = *this;
    if (const CommandOutput *table = raw.get(ProbeId::Sockets); table && table->ran) {
        const auto parts = sections(table->out);
        auto add = [&host](const SocketTableParser::Result &result) {
            host.sockets += result.sockets;
        };
        // One ss for TCP and unix sockets (each -p walks every process's fds); observations
        // saved before that have the two apart.
        if (parts.contains(QStringLiteral("ss")) || parts.contains(QStringLiteral("ss-tcp"))) {
            host.socketsTool = QStringLiteral("ss");
            add(SocketTableParser::parseSs(parts.value(QStringLiteral("ss"))));
            add(SocketTableParser::parseSs(parts.value(QStringLiteral("ss-tcp"))));
            add(SocketTableParser::parseSs(parts.value(QStringLiteral("ss-unix"))));
        } else if (parts.contains(QStringLiteral("netstat"))) {
            host.socketsTool = QStringLiteral("netstat");
            add(SocketTableParser::parseNetstat(parts.value(QStringLiteral("netstat"))));
        } else if (parts.contains(QStringLiteral("proc-tcp"))) {
            host.socketsTool = QStringLiteral("/proc/net");
            // tcp and tcp6 come one after the other, each with its header line.
            add(SocketTableParser::parseProcNetTcp(parts.value(QStringLiteral("proc-tcp"))));
            add(SocketTableParser::parseProcNetUnix(parts.value(QStringLiteral("proc-unix"))));
        }
        host.socketsRead = !host.socketsTool.isEmpty();
        for (const auto &socket : host.sockets) {
            if (!socket.owners.isEmpty())
                host.socketOwnersShown = true;
        }
    }
}

void HostModel::readOom(const RawObservations &raw)
{
    HostModel &host = *this;
    if (const CommandOutput *oom = raw.get(ProbeId::KernelOom); oom && oom->ran) {
        host.oomRead = true;
        host.oomAsRoot = oom->privileged;
        const auto parts = sections(oom->out);
        host.oomSource = parts.contains(QStringLiteral("journal")) ? QStringLiteral("journal")
                                                                   : QStringLiteral("dmesg");
        for (auto it = parts.begin(); it != parts.end(); ++it) {
            if (it.key().startsWith(QLatin1String("denied")))
                host.oomDenied = it.key().mid(6).trimmed();
        }
        host.oomKills = parseOom(oom->out, raw.serverNowEpoch);
    }
}

void HostModel::readProcesses(const RawObservations &raw)
{
    HostModel &host = *this;
    if (const CommandOutput *procs = raw.get(ProbeId::ProcessLimits); procs && procs->ran) {
        host.processesRead = true;
        for (const QString &line : QString::fromUtf8(procs->out).split(QLatin1Char('\n'))) {
            if (!line.startsWith(QLatin1String("pid=")))
                continue;
            const auto values = processKeyValues(line);
            Process p;
            p.pid = number(values.value(QStringLiteral("pid")), 0);
            p.ppid = number(values.value(QStringLiteral("ppid")), 0);
            p.comm = values.value(QStringLiteral("comm"));
            p.rssKb = number(values.value(QStringLiteral("rss")));
            const QString nofile = values.value(QStringLiteral("nofile"));
            auto limit = [](const QString &text) -> qint64 {
                if (text == QLatin1String("unlimited"))
                    return 0;
                return number(text);
            };
            p.nofileSoft = limit(nofile.section(QLatin1Char('/'), 0, 0));
            p.nofileHard = limit(nofile.section(QLatin1Char('/'), 1, 1));
            p.fds = static_cast<int>(number(values.value(QStringLiteral("fds"))));
            if (p.pid > 0)
                host.processes << p;
        }
    }
}

HostModel HostModel::build(const RawObservations &raw)
{
    HostModel host;
    host.readSystem(raw);
    host.readSockets(raw);
    host.readOom(raw);
    host.readProcesses(raw);
    return host;
}

} // namespace gs::checks
