#include "logs/statuscounts.h"

#include <algorithm>

namespace gs::logs {

std::vector<std::pair<int, qint64>> StatusCounts::sorted() const
{
    std::vector<std::pair<int, qint64>> result = m_entries;
    std::sort(result.begin(), result.end());
    return result;
}

} // namespace gs::logs
