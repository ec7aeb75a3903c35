#pragma once

#include "logs/statuscounts.h"

#include <vector>

namespace gs::logs {

// Requests and their statuses for one upstream address or server name, identified by its index in
// AccessLogSummary::upstreamNames / serverNames.
struct KeyedCounts
{
    int id = 0;
    qint64 requests = 0;
    StatusCounts status;

    // The entry for id in list, added when missing. Lists hold a few entries, so linear is fine.
    static KeyedCounts &in(std::vector<KeyedCounts> &list, int id)
    {
        for (KeyedCounts &entry : list) {
            if (entry.id == id)
                return entry;
        }
        list.push_back(KeyedCounts{id, 0, {}});
        return list.back();
    }
    static const KeyedCounts *find(const std::vector<KeyedCounts> &list, int id)
    {
        for (const KeyedCounts &entry : list) {
            if (entry.id == id)
                return &entry;
        }
        return nullptr;
    }
};

} // namespace gs::logs
