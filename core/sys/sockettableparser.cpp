#include "sys/sockettableparser.h"

#include <QHostAddress>
#include <QJsonArray>

namespace gs::sys {

namespace {

using Socket = SocketTableParser::Socket;

// "127.0.0.1:80", "[::]:80", "*:80", "127.0.0.53%lo:53", ":::80" (netstat) -> address, port.
bool splitEndpoint(QStringView ep, QString *address, int *port)
{
    const qsizetype colon = ep.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return false;
    bool ok = false;
    *port = ep.mid(colon + 1).toInt(&ok);
    if (!ok)
        return false;
    QStringView host = ep.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    const qsizetype pct = host.indexOf(QLatin1Char('%'));
    if (pct >= 0)
        host = host.left(pct);
    *address = host.toString();
    return true;
}

QString familyOf(const QString &address)
{
    return address.contains(QLatin1Char(':')) ? QStringLiteral("tcp6") : QStringLiteral("tcp");
}

// users:(("nginx",pid=20997,fd=8),("nginx",pid=20996,fd=8))
QList<SocketTableParser::Owner> parseUsers(QStringView s)
{
    QList<SocketTableParser::Owner> out;
    qsizetype pos = 0;
    while ((pos = s.indexOf(QLatin1String("(\""), pos)) >= 0) {
        const qsizetype nameEnd = s.indexOf(QLatin1Char('"'), pos + 2);
        if (nameEnd < 0)
            break;
        SocketTableParser::Owner o;
        o.process = s.mid(pos + 2, nameEnd - pos - 2).toString();
        const qsizetype pidAt = s.indexOf(QLatin1String("pid="), nameEnd);
        if (pidAt >= 0) {
            qsizetype p = pidAt + 4;
            while (p < s.size() && s[p].isDigit())
                ++p;
            o.pid = s.mid(pidAt + 4, p - pidAt - 4).toLongLong();
        }
        out.append(o);
        pos = nameEnd;
    }
    return out;
}

bool isNetid(QStringView t)
{
    return t == QLatin1String("tcp") || t == QLatin1String("udp")
           || t.startsWith(QLatin1String("u_")) || t == QLatin1String("raw")
           || t == QLatin1String("nl") || t == QLatin1String("p_raw") || t == QLatin1String("p_dgr")
           || t == QLatin1String("v_str") || t == QLatin1String("tcp6");
}

QString hexIpv4(QStringView hex)
{
    const quint32 v = hex.toUInt(nullptr, 16);
    // The kernel prints the address in host (little-endian) order.
    return QStringLiteral("%1.%2.%3.%4")
            .arg(v & 0xff)
            .arg((v >> 8) & 0xff)
            .arg((v >> 16) & 0xff)
            .arg((v >> 24) & 0xff);
}

QString hexIpv6(QStringView hex)
{
    Q_IPV6ADDR addr;
    for (int word = 0; word < 4; ++word) {
        const quint32 v = hex.mid(word * 8, 8).toUInt(nullptr, 16);
        for (int b = 0; b < 4; ++b)
            addr[word * 4 + b] = static_cast<quint8>((v >> (8 * b)) & 0xff);
    }
    return QHostAddress(addr).toString();
}

} // namespace

QString SocketTableParser::Socket::endpoint() const
{
    if (isUnix())
        return QLatin1String("unix:") + path;
    if (address.contains(QLatin1Char(':')))
        return QLatin1Char('[') + address + QLatin1String("]:") + QString::number(port);
    return address + QLatin1Char(':') + QString::number(port);
}

bool SocketTableParser::Socket::accepts(const QString &host, int wantedPort) const
{
    if (isUnix() || port != wantedPort)
        return false;
    const bool wantV6 = host.contains(QLatin1Char(':'));
    if (address == QLatin1String("*"))
        return true;
    if (address == QLatin1String("0.0.0.0"))
        return !wantV6;
    if (address == QLatin1String("::"))
        return true; // dual-stack by default on Linux (bindv6only=0)
    if (wantV6 != address.contains(QLatin1Char(':')))
        return false;
    return QHostAddress(address) == QHostAddress(host)
           || (host == QLatin1String("localhost") && QHostAddress(address).isLoopback());
}

QJsonObject SocketTableParser::Socket::toJson() const
{
    QJsonArray os;
    for (const Owner &o : owners)
        os.append(QJsonObject{{QStringLiteral("process"), o.process},
                              {QStringLiteral("pid"), o.pid}});
    QJsonObject j{{QStringLiteral("proto"), proto},
                  {QStringLiteral("endpoint"), endpoint()},
                  {QStringLiteral("recv_q"), recvQ},
                  {QStringLiteral("send_q"), sendQ},
                  {QStringLiteral("owners"), os}};
    if (inode)
        j.insert(QStringLiteral("inode"), inode);
    return j;
}

SocketTableParser::Result SocketTableParser::parseSs(QStringView output)
{
    Result r;
    int lineNo = 0;
    for (QStringView line : output.split(QLatin1Char('\n'))) {
        ++lineNo;
        const auto t = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (t.isEmpty() || t.first() == QLatin1String("State")
            || t.first() == QLatin1String("Netid"))
            continue;
        qsizetype i = 0;
        QString netid;
        if (isNetid(t.first()))
            netid = t.at(i++).toString();
        if (t.size() < i + 5) {
            r.diagnostics.append({{}, lineNo, QStringLiteral("too few columns")});
            continue;
        }
        const QStringView state = t.value(i++);
        if (state != QLatin1String("LISTEN"))
            continue;
        Socket s;
        s.recvQ = t.value(i++).toInt();
        s.sendQ = t.value(i++).toInt();
        const QStringView local = t.value(i++);
        const bool unixRow = netid.startsWith(QLatin1String("u_"))
                             || (netid.isEmpty() && !local.contains(QLatin1Char(':')));
        if (unixRow) {
            s.proto = QStringLiteral("unix");
            s.path = local.toString();
            s.inode = t.value(i++).toLongLong();
            i += 2; // peer address and peer inode
        } else {
            if (!splitEndpoint(local, &s.address, &s.port)) {
                r.diagnostics.append({{}, lineNo, QStringLiteral("unreadable local address")});
                continue;
            }
            s.proto = familyOf(s.address);
            if (netid == QLatin1String("udp"))
                continue;
            ++i; // peer
        }
        if (i < t.size())
            s.owners = parseUsers(line.mid(line.indexOf(QLatin1String("users:"))));
        r.sockets.append(s);
    }
    return r;
}

SocketTableParser::Result SocketTableParser::parseNetstat(QStringView output)
{
    Result r;
    int lineNo = 0;
    for (QStringView line : output.split(QLatin1Char('\n'))) {
        ++lineNo;
        const auto t = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (t.size() < 6
            || !(t.first() == QLatin1String("tcp") || t.first() == QLatin1String("tcp6")))
            continue;
        if (t.at(5) != QLatin1String("LISTEN"))
            continue;
        Socket s;
        s.recvQ = t.at(1).toInt();
        s.sendQ = t.at(2).toInt();
        if (!splitEndpoint(t.at(3), &s.address, &s.port)) {
            r.diagnostics.append({{}, lineNo, QStringLiteral("unreadable local address")});
            continue;
        }
        if (s.address.isEmpty() || s.address == QLatin1String("::"))
            s.address = QStringLiteral("::"); // netstat prints ":::80"
        s.proto = t.first() == QLatin1String("tcp6") ? QStringLiteral("tcp6")
                                                     : QStringLiteral("tcp");
        if (t.size() >= 7 && t.at(6) != QLatin1String("-")) {
            // "20996/nginx: master" - the program name may contain spaces.
            const qsizetype at = line.indexOf(t.at(6).toString(), 0);
            const QStringView rest = line.mid(at).trimmed();
            const qsizetype slash = rest.indexOf(QLatin1Char('/'));
            Owner o;
            o.pid = rest.left(slash).toLongLong();
            o.process = rest.mid(slash + 1).toString();
            s.owners.append(o);
        }
        r.sockets.append(s);
    }
    return r;
}

SocketTableParser::Result SocketTableParser::parseProcNetTcp(QStringView text)
{
    Result r;
    int lineNo = 0;
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        ++lineNo;
        const auto t = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (t.size() < 10 || t.first() == QLatin1String("sl"))
            continue;
        if (t.at(3) != QLatin1String("0A")) // TCP_LISTEN
            continue;
        const QStringView local = t.at(1);
        const qsizetype colon = local.indexOf(QLatin1Char(':'));
        if (colon != 8 && colon != 32) {
            r.diagnostics.append({{}, lineNo, QStringLiteral("unreadable local address")});
            continue;
        }
        Socket s;
        s.address = colon == 8 ? hexIpv4(local.left(8)) : hexIpv6(local.left(32));
        s.proto = colon == 8 ? QStringLiteral("tcp") : QStringLiteral("tcp6");
        s.port = static_cast<int>(local.mid(colon + 1).toUInt(nullptr, 16));
        // tx_queue:rx_queue; for a listener rx_queue is the accept queue.
        const QStringView queues = t.at(4);
        s.recvQ = static_cast<int>(
                queues.mid(queues.indexOf(QLatin1Char(':')) + 1).toUInt(nullptr, 16));
        s.inode = t.at(9).toLongLong();
        r.sockets.append(s);
    }
    return r;
}

SocketTableParser::Result SocketTableParser::parseProcNetUnix(QStringView text)
{
    Result r;
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        const auto t = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (t.size() < 7 || t.first() == QLatin1String("Num"))
            continue;
        const quint32 flags = t.at(3).toUInt(nullptr, 16);
        if (!(flags & 0x10000)) // __SO_ACCEPTCON: a listening socket
            continue;
        Socket s;
        s.proto = QStringLiteral("unix");
        s.inode = t.at(6).toLongLong();
        if (t.size() >= 8)
            s.path = line.mid(line.indexOf(t.at(7).toString(), 0)).trimmed().toString();
        r.sockets.append(s);
    }
    return r;
}

} // namespace gs::sys
