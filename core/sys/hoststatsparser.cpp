#include "sys/hoststatsparser.h"

namespace gs::sys {

Result<HostStatsParser::MemInfo> HostStatsParser::parseMemInfo(QStringView text)
{
    MemInfo m;
    bool sawTotal = false;
    bool sawAvailable = false;
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QStringView key = line.left(colon);
        QStringView v = line.mid(colon + 1).trimmed();
        if (v.endsWith(QLatin1String(" kB")))
            v.chop(3);
        const qint64 n = v.toLongLong();
        if (key == QLatin1String("MemTotal")) {
            m.totalKb = n;
            sawTotal = true;
        } else if (key == QLatin1String("MemFree")) {
            m.freeKb = n;
        } else if (key == QLatin1String("MemAvailable")) {
            m.availableKb = n;
            sawAvailable = true;
        } else if (key == QLatin1String("Buffers")) {
            m.buffersKb = n;
        } else if (key == QLatin1String("Cached")) {
            m.cachedKb = n;
        } else if (key == QLatin1String("SwapTotal")) {
            m.swapTotalKb = n;
        } else if (key == QLatin1String("SwapFree")) {
            m.swapFreeKb = n;
        }
    }
    if (!sawTotal)
        return makeError(ErrorCode::ParseError, QStringLiteral("No MemTotal in /proc/meminfo."));
    if (!sawAvailable) // kernels before 3.14
        m.availableKb = m.freeKb + m.buffersKb + m.cachedKb;
    return m;
}

Result<QList<HostStatsParser::Filesystem>> HostStatsParser::parseDf(QStringView output)
{
    QList<Filesystem> out;
    bool sawHeader = false;
    for (QStringView line : output.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("Filesystem"))) {
            sawHeader = true;
            continue;
        }
        const auto t = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (t.size() < 6)
            continue;
        Filesystem f;
        f.device = t.at(0).toString();
        f.sizeKb = t.at(1).toLongLong();
        f.usedKb = t.at(2).toLongLong();
        f.availableKb = t.at(3).toLongLong();
        QStringView cap = t.at(4);
        if (cap.endsWith(QLatin1Char('%')))
            cap.chop(1);
        f.capacityPercent = cap == QLatin1String("-") ? 0 : cap.toInt();
        // The mount point is the rest of the line after the capacity column (it may hold spaces).
        const qsizetype capEnd = (t.at(4).data() - line.data()) + t.at(4).size();
        f.mountPoint = line.mid(capEnd).trimmed().toString();
        out.append(f);
    }
    if (!sawHeader && out.isEmpty())
        return makeError(ErrorCode::ParseError, QStringLiteral("This is not df -P output."));
    return out;
}

Result<HostStatsParser::LoadAvg> HostStatsParser::parseLoadAvg(QStringView text)
{
    const auto t = text.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    LoadAvg l;
    bool ok1 = false, ok2 = false, ok3 = false;
    if (t.size() >= 3) {
        l.load1 = t.at(0).toDouble(&ok1);
        l.load5 = t.at(1).toDouble(&ok2);
        l.load15 = t.at(2).toDouble(&ok3);
    }
    if (!(ok1 && ok2 && ok3))
        return makeError(ErrorCode::ParseError, QStringLiteral("This is not /proc/loadavg."));
    if (t.size() >= 4) {
        const qsizetype slash = t.at(3).indexOf(QLatin1Char('/'));
        if (slash > 0) {
            l.running = t.at(3).left(slash).toInt();
            l.total = t.at(3).mid(slash + 1).toInt();
        }
    }
    return l;
}

Result<int> HostStatsParser::parseNproc(QStringView output)
{
    bool ok = false;
    const int n = output.trimmed().toInt(&ok);
    if (!ok || n <= 0)
        return makeError(ErrorCode::ParseError, QStringLiteral("nproc printed no CPU count."));
    return n;
}

const HostStatsParser::Filesystem *
HostStatsParser::filesystemFor(const QList<Filesystem> &filesystems, const QString &path)
{
    const Filesystem *best = nullptr;
    for (const Filesystem &f : filesystems) {
        const QString &mp = f.mountPoint;
        const bool under
                = path == mp || mp == QLatin1String("/") || path.startsWith(mp + QLatin1Char('/'));
        if (under && (!best || mp.size() > best->mountPoint.size()))
            best = &f;
    }
    return best;
}

} // namespace gs::sys
