#pragma once

#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace gs::sys {

// Small host facts: /proc/meminfo, `df -P`, /proc/loadavg, `nproc`.
class HostStatsParser
{
public:
    struct MemInfo
    {
        qint64 totalKb = 0;
        qint64 freeKb = 0;
        qint64 availableKb = 0; // MemAvailable; estimated from free+buffers+cached on old kernels
        qint64 buffersKb = 0;
        qint64 cachedKb = 0;
        qint64 swapTotalKb = 0;
        qint64 swapFreeKb = 0;
        double availablePercent() const { return totalKb ? 100.0 * availableKb / totalKb : 0; }
        double swapUsedPercent() const
        {
            return swapTotalKb ? 100.0 * (swapTotalKb - swapFreeKb) / swapTotalKb : 0;
        }
    };

    struct Filesystem
    {
        QString device;
        qint64 sizeKb = 0;
        qint64 usedKb = 0;
        qint64 availableKb = 0;
        int capacityPercent = 0; // as df prints it (rounded up)
        QString mountPoint;
    };

    struct LoadAvg
    {
        double load1 = 0;
        double load5 = 0;
        double load15 = 0;
        int running = 0;
        int total = 0;
    };

    static Result<MemInfo> parseMemInfo(QStringView text);
    static Result<QList<Filesystem>> parseDf(QStringView output);
    static Result<LoadAvg> parseLoadAvg(QStringView text);
    static Result<int> parseNproc(QStringView output);

    // The filesystem holding `path` (longest mount point prefix), or nullptr.
    static const Filesystem *filesystemFor(const QList<Filesystem> &filesystems,
                                           const QString &path);
};

} // namespace gs::sys
