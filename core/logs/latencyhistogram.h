#pragma once

#include <QtGlobal>

#include <vector>

namespace gs::logs {

// A fixed-size log-linear histogram of durations in milliseconds: exact below 32 ms, then 16 bins
// per power of two (a value is reported within about 3 % of the truth), capped at ~4.6 hours.
// Percentiles come out without storing values, so memory does not grow with the log. The bins are
// allocated on the first add, so an unused histogram costs a few bytes.
class LatencyHistogram
{
public:
    void add(qint64 ms);
    void merge(const LatencyHistogram &other);
    qint64 count() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    // Nearest-rank percentile (0 < p <= 100) in ms; -1 when empty.
    qint64 percentile(double p) const;
    qint64 max() const { return m_max; }

    static int binOf(qint64 ms);
    // The value a bin stands for: the value itself when exact, else the middle of its range.
    static qint64 valueOfBin(int bin);
    static constexpr int kBins = 32 + 20 * 16;

private:
    std::vector<quint32> m_bins;
    qint64 m_count = 0;
    qint64 m_max = -1;
};

} // namespace gs::logs
