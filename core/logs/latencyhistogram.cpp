#include "logs/latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace gs::logs {

int LatencyHistogram::binOf(qint64 ms)
{
    if (ms < 32)
        return ms < 0 ? 0 : static_cast<int>(ms);
    const auto value = static_cast<quint64>(ms);
    const int exponent = 63 - std::countl_zero(value); // >= 5
    const int sub = static_cast<int>((value >> (exponent - 4)) & 15);
    return std::min(32 + (exponent - 5) * 16 + sub, kBins - 1);
}

qint64 LatencyHistogram::valueOfBin(int bin)
{
    if (bin < 32)
        return bin;
    const int exponent = (bin - 32) / 16 + 5;
    const int sub = (bin - 32) % 16;
    const qint64 low = static_cast<qint64>(16 + sub) << (exponent - 4);
    const qint64 width = qint64(1) << (exponent - 4);
    return low + (width - 1) / 2;
}

void LatencyHistogram::add(qint64 ms)
{
    if (m_bins.empty())
        m_bins.assign(kBins, 0);
    ++m_bins[static_cast<std::size_t>(binOf(ms))];
    ++m_count;
    m_max = std::max(m_max, ms);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    if (other.m_bins.empty())
        return;
    if (m_bins.empty())
        m_bins.assign(kBins, 0);
    for (std::size_t i = 0; i < m_bins.size(); ++i)
        m_bins[i] += other.m_bins[i];
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

qint64 LatencyHistogram::percentile(double p) const
{
    if (m_count == 0)
        return -1;
    const auto rank = std::max<qint64>(
            1, static_cast<qint64>(std::ceil(p / 100.0 * static_cast<double>(m_count))));
    qint64 seen = 0;
    for (int bin = 0; bin < kBins; ++bin) {
        seen += m_bins[static_cast<std::size_t>(bin)];
        if (seen >= rank)
            return std::min(valueOfBin(bin), m_max);
    }
    return m_max;
}

} // namespace gs::logs
