#pragma once

#include <QtGlobal>

namespace gs::logs {

// The start of the UTC-aligned bucket holding time: buckets are multiples of bucketSeconds since
// the epoch, so series from different logs and servers line up. Floors for times before 1970 too.
inline qint64 bucketStartOf(qint64 time, qint64 bucketSeconds)
{
    qint64 quotient = time / bucketSeconds;
    if (time % bucketSeconds != 0 && time < 0)
        --quotient;
    return quotient * bucketSeconds;
}

} // namespace gs::logs
