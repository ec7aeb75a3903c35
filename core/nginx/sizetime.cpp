#include "nginx/sizetime.h"

#include <limits>

namespace gs::nginx {

std::optional<qint64> parseSize(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    qint64 scale = 1;
    const QChar last = text.back().toLower();
    if (last == QLatin1Char('k'))
        scale = 1024;
    else if (last == QLatin1Char('m'))
        scale = 1024 * 1024;
    else if (last == QLatin1Char('g'))
        scale = 1024LL * 1024 * 1024;
    if (scale != 1)
        text.chop(1);
    bool ok = false;
    const qint64 n = text.toLongLong(&ok);
    // A size too big for qint64 is malformed too (and n * scale would overflow).
    if (!ok || n < 0 || text.startsWith(QLatin1Char('+'))
        || n > std::numeric_limits<qint64>::max() / scale)
        return std::nullopt;
    return n * scale;
}

std::optional<qint64> parseDurationMs(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && text[i].isSpace())
            ++i;
        if (i >= n)
            break;
        qint64 value = 0;
        const qsizetype digitsStart = i;
        while (i < n && text[i].isDigit()) {
            value = value * 10 + text[i].digitValue();
            if (value > 1000000000000LL)
                return std::nullopt;
            ++i;
        }
        if (i == digitsStart)
            return std::nullopt;
        qint64 unit = 1000; // bare number: seconds
        if (i < n && !text[i].isSpace()) {
            const QChar u = text[i];
            if (u == QLatin1Char('m') && i + 1 < n && text[i + 1] == QLatin1Char('s')) {
                unit = 1;
                i += 2;
            } else {
                ++i;
                switch (u.unicode()) {
                case 's': unit = 1000; break;
                case 'm': unit = 60 * 1000; break;
                case 'h': unit = 3600 * 1000; break;
                case 'd': unit = 24LL * 3600 * 1000; break;
                case 'w': unit = 7LL * 24 * 3600 * 1000; break;
                case 'M': unit = 30LL * 24 * 3600 * 1000; break;
                case 'y': unit = 365LL * 24 * 3600 * 1000; break;
                default: return std::nullopt;
                }
            }
        }
        // value * unit reaches 3e22 ("999999999999y"); past ~292 million years is malformed.
        if (value > (std::numeric_limits<qint64>::max() - total) / unit)
            return std::nullopt;
        total += value * unit;
    }
    return total;
}

QString formatDurationMs(qint64 ms)
{
    if (ms % (3600 * 1000) == 0 && ms != 0)
        return QString::number(ms / (3600 * 1000)) + QLatin1Char('h');
    if (ms % 1000 == 0)
        return QString::number(ms / 1000) + QLatin1Char('s');
    return QString::number(ms) + QLatin1String("ms");
}

} // namespace gs::nginx
