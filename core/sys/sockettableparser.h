#pragma once

#include "sys/parsediagnostic.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

namespace gs::sys {

// Listening sockets from whichever tool the server has: `ss -ltnpxH` (or `ss -ltnp`, `ss -lxnp`,
// with or without header), `netstat -ltnp`, or /proc/net/tcp, tcp6 and unix. Rows that are not
// listening (UNCONN unix sockets, established TCP) are skipped. Process owners appear only
// where the tool shows them (ss/netstat run with enough privileges).
class SocketTableParser
{
public:
    struct Owner
    {
        QString process; // "nginx", "php-fpm8.2"
        qint64 pid = 0;
    };

    struct Socket
    {
        QString proto;   // "tcp", "tcp6", "unix"
        QString address; // "127.0.0.1", "::", "0.0.0.0", "*" (ss: all families); empty for unix
        int port = 0;
        QString path;     // unix socket path ("@name" for abstract); empty for tcp
        qint64 inode = 0; // when shown (ss unix, /proc)
        int recvQ = 0;    // LISTEN: connections waiting in the accept queue
        int sendQ = 0;    // LISTEN: the backlog
        QList<Owner> owners;

        bool isUnix() const { return proto == QLatin1String("unix"); }
        // "127.0.0.1:80", "[::1]:80", "unix:/run/php/php8.2-fpm.sock"
        QString endpoint() const;
        // Whether a connection to host:port (as nginx dials it) reaches this socket:
        // wildcards (0.0.0.0, ::, *) accept any local address of their family ("*" both).
        bool accepts(const QString &host, int port) const;
        QJsonObject toJson() const;
    };

    struct Result
    {
        QList<Socket> sockets;
        ParseDiagnostics diagnostics;
    };

    static Result parseSs(QStringView output);
    static Result parseNetstat(QStringView output);
    // /proc/net/tcp or /proc/net/tcp6 (the family is taken from the address width).
    static Result parseProcNetTcp(QStringView text);
    static Result parseProcNetUnix(QStringView text);
};

} // namespace gs::sys
