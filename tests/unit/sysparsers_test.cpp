#include "golden.h"
#include "sys/hoststatsparser.h"
#include "sys/processlistparser.h"
#include "sys/sockettableparser.h"

#include <QJsonArray>
#include <QSet>

#include <gtest/gtest.h>

using namespace gs::sys;
using gs::test::expectGoldenJson;
using gs::test::readText;

namespace {

QJsonObject socketsJson(const SocketTableParser::Result &r)
{
    QJsonArray a;
    for (const auto &s : r.sockets)
        a.append(s.toJson());
    return QJsonObject{{QStringLiteral("sockets"), a},
                       {QStringLiteral("diagnostics"), static_cast<int>(r.diagnostics.size())}};
}

const SocketTableParser::Socket *findEndpoint(const SocketTableParser::Result &r, const QString &ep)
{
    for (const auto &s : r.sockets) {
        if (s.endpoint() == ep)
            return &s;
    }
    return nullptr;
}

QSet<QString> endpoints(const SocketTableParser::Result &r)
{
    QSet<QString> out;
    for (const auto &s : r.sockets)
        out.insert(s.endpoint());
    return out;
}

} // namespace

TEST(SocketTableParser, ReadsTcpAndUnixListeners_WhenSsLtnpxH)
{
    const auto r = SocketTableParser::parseSs(
            readText(QStringLiteral("sys-lab"), QStringLiteral("ss-ltnpxH.txt")));
    EXPECT_TRUE(r.diagnostics.isEmpty());
    const auto *php = findEndpoint(r, QStringLiteral("unix:/tmp/gsd/lab/php.sock"));
    ASSERT_NE(php, nullptr);
    EXPECT_EQ(php->sendQ, 4096);
    EXPECT_EQ(php->inode, 52122);
    ASSERT_EQ(php->owners.size(), 2);
    EXPECT_EQ(php->owners[1].process, QStringLiteral("php-fpm8.2"));
    EXPECT_EQ(php->owners[1].pid, 23470);
    const auto *backlog = findEndpoint(r, QStringLiteral("unix:/tmp/gsd/lab/backlog.sock"));
    ASSERT_NE(backlog, nullptr);
    EXPECT_EQ(backlog->recvQ, 1); // the queue nginx found full
    const auto *slow = findEndpoint(r, QStringLiteral("127.0.0.1:18901"));
    ASSERT_NE(slow, nullptr);
    EXPECT_EQ(slow->owners.value(0).process, QStringLiteral("python3"));
    for (const auto &s : r.sockets)
        EXPECT_FALSE(s.isUnix() && s.path == QStringLiteral("*")); // UNCONN rows skipped
    expectGoldenJson(
            QStringLiteral("sys-lab"), QStringLiteral("ss-ltnpxH.expected.json"), socketsJson(r));
}

TEST(SocketTableParser, AgreesAcrossTools_WhenSameMoment)
{
    const QString d = QStringLiteral("sys-lab");
    const auto ssTcp = SocketTableParser::parseSs(readText(d, QStringLiteral("ss-ltnp.txt")));
    const auto netstat
            = SocketTableParser::parseNetstat(readText(d, QStringLiteral("netstat-ltnp.txt")));
    const auto proc
            = SocketTableParser::parseProcNetTcp(readText(d, QStringLiteral("proc-net-tcp.txt")));
    EXPECT_FALSE(ssTcp.sockets.isEmpty());
    EXPECT_EQ(endpoints(ssTcp), endpoints(netstat));
    EXPECT_EQ(endpoints(ssTcp), endpoints(proc));
    const auto ssUnix = SocketTableParser::parseSs(readText(d, QStringLiteral("ss-lxnp.txt")));
    const auto procUnix
            = SocketTableParser::parseProcNetUnix(readText(d, QStringLiteral("proc-net-unix.txt")));
    EXPECT_EQ(endpoints(ssUnix), endpoints(procUnix));
    EXPECT_EQ(ssUnix.sockets.size(), 3);
}

TEST(SocketTableParser, KeepsProgramNameWithSpaces_WhenNetstat)
{
    const auto r = SocketTableParser::parseNetstat(
            readText(QStringLiteral("sys-host"), QStringLiteral("netstat-ltnp.txt")));
    ASSERT_FALSE(r.sockets.isEmpty());
    bool sawMaster = false;
    for (const auto &s : r.sockets) {
        if (s.owners.value(0).process == QStringLiteral("nginx: master"))
            sawMaster = true;
    }
    EXPECT_TRUE(sawMaster);
}

TEST(SocketTableParser, DecodesIpv6AndWildcards_WhenProcNetTcp6AndSs)
{
    const auto r6 = SocketTableParser::parseProcNetTcp(
            u"  sl  local_address                         remote_address                        st "
            "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A "
            "00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 "
            "10 0\n"
            "   1: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A "
            "00000000:00000003 00:00000000 00000000     0        0 4243 1 0000000000000000 100 0 0 "
            "10 0\n");
    ASSERT_EQ(r6.sockets.size(), 2);
    EXPECT_EQ(r6.sockets[0].endpoint(), QStringLiteral("[::1]:8080"));
    EXPECT_EQ(r6.sockets[1].address, QStringLiteral("::"));
    EXPECT_EQ(r6.sockets[1].recvQ, 3);
    const auto ss
            = SocketTableParser::parseSs(u"LISTEN 0 511 *:80 *:* users:((\"nginx\",pid=1,fd=6))\n"
                                         "LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*\n"
                                         "LISTEN 0 511 [::ffff:127.0.0.1]:8080 *:*\n");
    ASSERT_EQ(ss.sockets.size(), 3);
    EXPECT_TRUE(ss.sockets[0].accepts(QStringLiteral("127.0.0.1"), 80));
    EXPECT_TRUE(ss.sockets[0].accepts(QStringLiteral("::1"), 80));
    EXPECT_EQ(ss.sockets[1].address, QStringLiteral("127.0.0.53"));
    EXPECT_FALSE(ss.sockets[1].accepts(QStringLiteral("127.0.0.1"), 53));
    EXPECT_TRUE(r6.sockets[1].accepts(QStringLiteral("127.0.0.1"), 80));
    EXPECT_FALSE(r6.sockets[0].accepts(QStringLiteral("127.0.0.1"), 8080)); // ::1 only
}

TEST(ProcessListParser, FindsMastersAndPools_WhenRealPs)
{
    const auto r = ProcessListParser::parse(
            readText(QStringLiteral("sys-host"), QStringLiteral("ps.txt")));
    EXPECT_TRUE(r.diagnostics.isEmpty());
    ASSERT_GT(r.processes.size(), 50);
    int nginxMasters = 0;
    int fpmMasters = 0;
    for (const auto &p : r.processes) {
        if (p.isNginxMaster()) {
            ++nginxMasters;
            EXPECT_TRUE(p.masterConfigPath().endsWith(QStringLiteral("nginx.conf")));
            EXPECT_FALSE(r.children(p.pid).isEmpty());
            EXPECT_TRUE(r.children(p.pid).first().isNginxWorker());
        }
        if (p.isFpmMaster()) {
            ++fpmMasters;
            EXPECT_TRUE(p.masterConfigPath().endsWith(QStringLiteral("php-fpm.conf")));
            for (const auto &c : r.children(p.pid))
                EXPECT_EQ(c.fpmPool(), QStringLiteral("gslab"));
        }
    }
    EXPECT_GE(nginxMasters, 1);
    EXPECT_GE(fpmMasters, 1);
    EXPECT_EQ(r.processes.first().args, QStringLiteral("[kthreadd]"));
    EXPECT_TRUE(r.processes.first().isKernelThread());
}

TEST(HostStatsParser, ReadsMemInfo_WhenRealProcFile)
{
    const auto m = HostStatsParser::parseMemInfo(
            readText(QStringLiteral("sys-host"), QStringLiteral("meminfo.txt")));
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->totalKb, 24684092);
    EXPECT_EQ(m->availableKb, 23621080);
    EXPECT_GT(m->availablePercent(), 90.0);
    const auto old = HostStatsParser::parseMemInfo(
            u"MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 150 kB\n");
    ASSERT_TRUE(old.ok());
    EXPECT_EQ(old->availableKb, 300);
    EXPECT_FALSE(HostStatsParser::parseMemInfo(u"garbage").ok());
}

TEST(HostStatsParser, ReadsFilesystems_WhenRealDfP)
{
    const auto fs = HostStatsParser::parseDf(
            readText(QStringLiteral("sys-host"), QStringLiteral("df-P.txt")));
    ASSERT_TRUE(fs.ok());
    ASSERT_EQ(fs->size(), 4);
    const auto *root
            = HostStatsParser::filesystemFor(*fs, QStringLiteral("/var/log/nginx/error.log"));
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->mountPoint, QStringLiteral("/"));
    EXPECT_EQ(root->capacityPercent, 17);
    EXPECT_EQ(root->sizeKb, 264212084);
    const auto *shm = HostStatsParser::filesystemFor(*fs, QStringLiteral("/dev/shm/x"));
    ASSERT_NE(shm, nullptr);
    EXPECT_EQ(shm->mountPoint, QStringLiteral("/dev/shm"));
    const auto spaced = HostStatsParser::parseDf(
            u"Filesystem 1024-blocks Used Available Capacity Mounted on\n"
            "/dev/sdb1 100 99 1 99% /mnt/my disk\n");
    ASSERT_TRUE(spaced.ok());
    EXPECT_EQ(spaced->first().mountPoint, QStringLiteral("/mnt/my disk"));
}

TEST(HostStatsParser, ReadsLoadAndCpuCount_WhenRealFiles)
{
    const auto l = HostStatsParser::parseLoadAvg(
            readText(QStringLiteral("sys-host"), QStringLiteral("loadavg.txt")));
    ASSERT_TRUE(l.ok());
    EXPECT_DOUBLE_EQ(l->load1, 3.40);
    EXPECT_DOUBLE_EQ(l->load15, 0.85);
    EXPECT_EQ(l->total, 141);
    const auto n = HostStatsParser::parseNproc(
            readText(QStringLiteral("sys-host"), QStringLiteral("nproc.txt")));
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 2);
    EXPECT_FALSE(HostStatsParser::parseNproc(u"sh: nproc: not found").ok());
}
