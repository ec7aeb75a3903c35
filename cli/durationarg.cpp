#include "durationarg.h"

namespace gs::cli {

std::optional<qint64> parseDuration(const QString &text)
{
    if (text.isEmpty())
        return std::nullopt;
    qint64 unit = 1;
    QString number = text;
    switch (text.back().toLatin1()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    case 'w': unit = 7 * 86400; break;
    default: number += QLatin1Char('s'); break;
    }
    number.chop(1);
    bool ok = false;
    const qint64 value = number.toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value * unit;
}

} // namespace gs::cli
