#pragma once

#include "util/result.h"

#include <QByteArrayView>

namespace gs::nginx {

// nginx's stub_status page:
//   Active connections: 1
//   server accepts handled requests
//    38 38 38
//   Reading: 0 Writing: 1 Waiting: 0
class StubStatusParser
{
public:
    struct Status
    {
        qint64 active = 0;
        qint64 accepts = 0;
        qint64 handled = 0; // accepts > handled: connections dropped (worker_connections)
        qint64 requests = 0;
        qint64 reading = 0;
        qint64 writing = 0;
        qint64 waiting = 0;
        qint64 dropped() const { return accepts - handled; }
    };

    static Result<Status> parse(QByteArrayView body);
};

} // namespace gs::nginx
