// libFuzzer target: socket tables (ss, netstat, /proc/net/tcp and unix), the process list and
// the host statistics the system checks read.

#include "sys/hoststatsparser.h"
#include "sys/processlistparser.h"
#include "sys/sockettableparser.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::sys;
    const QString text = QString::fromUtf8(
            QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    for (const auto &result : {SocketTableParser::parseSs(text),
                               SocketTableParser::parseNetstat(text),
                               SocketTableParser::parseProcNetTcp(text),
                               SocketTableParser::parseProcNetUnix(text)}) {
        for (const SocketTableParser::Socket &s : result.sockets) {
            (void)s.toJson();
            (void)s.accepts(QStringLiteral("127.0.0.1"), 80);
        }
    }
    const ProcessListParser::Result processes = ProcessListParser::parse(text);
    if (!processes.processes.isEmpty())
        (void)processes.children(processes.processes.first().pid);
    (void)HostStatsParser::parseMemInfo(text);
    (void)HostStatsParser::parseDf(text);
    (void)HostStatsParser::parseLoadAvg(text);
    (void)HostStatsParser::parseNproc(text);
    return 0;
}
