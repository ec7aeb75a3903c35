#pragma once

#include "logs/keyedcounts.h"
#include "logs/latencyhistogram.h"
#include "logs/statuscounts.h"

#include <array>
#include <vector>

namespace gs::logs {

// What happened in one time bucket [start, start + bucket seconds).
struct AccessLogBucket
{
    qint64 start = 0; // epoch seconds, UTC, a multiple of the bucket size
    qint64 requests = 0;
    // By status / 100: [2] is 2xx ... [5] is 5xx; [0] holds codes below 100 or above 599.
    std::array<qint64, 6> classes{};
    StatusCounts status;
    std::vector<KeyedCounts> upstreams; // per attempt, with the upstream's status
    std::vector<KeyedCounts> servers;   // per $server_name (or $host), with the response status
    LatencyHistogram requestTime;
    LatencyHistogram upstreamTime; // all attempts of a request summed

    static int classOf(int status) { return status >= 100 && status < 600 ? status / 100 : 0; }
};

} // namespace gs::logs
