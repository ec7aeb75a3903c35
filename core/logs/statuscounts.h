#pragma once

#include <QtGlobal>

#include <utility>
#include <vector>

namespace gs::logs {

// Request counts per HTTP status code. A handful of distinct codes per bucket is the norm, so a
// small vector searched linearly beats a map on both speed and memory.
class StatusCounts
{
public:
    void add(int status, qint64 count = 1)
    {
        for (Entry &entry : m_entries) {
            if (entry.first == status) {
                entry.second += count;
                return;
            }
        }
        m_entries.emplace_back(status, count);
    }
    void merge(const StatusCounts &other)
    {
        for (const Entry &entry : other.m_entries)
            add(entry.first, entry.second);
    }
    qint64 count(int status) const
    {
        for (const Entry &entry : m_entries) {
            if (entry.first == status)
                return entry.second;
        }
        return 0;
    }
    bool isEmpty() const { return m_entries.empty(); }
    // (status, count) pairs ordered by status.
    std::vector<std::pair<int, qint64>> sorted() const;

private:
    using Entry = std::pair<int, qint64>;
    std::vector<Entry> m_entries;
};

} // namespace gs::logs
