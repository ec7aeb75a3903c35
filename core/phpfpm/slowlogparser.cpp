#include "phpfpm/slowlogparser.h"

#include "phpfpm/fpmlogparser.h"

#include <QJsonArray>

namespace gs::phpfpm {

QJsonObject SlowlogParser::Entry::toJson() const
{
    return QJsonObject{{QStringLiteral("line"), line},
                       {QStringLiteral("time"), rawTime},
                       {QStringLiteral("pool"), pool},
                       {QStringLiteral("pid"), pid},
                       {QStringLiteral("script_filename"), scriptFilename},
                       {QStringLiteral("frames"), QJsonArray::fromStringList(frames)}};
}

QList<SlowlogParser::Entry> SlowlogParser::parse(QByteArrayView text)
{
    QList<Entry> out;
    const QString all = QString::fromUtf8(text);
    Entry *current = nullptr;
    int lineNo = 0;
    for (QStringView line : QStringView(all).split(QLatin1Char('\n'))) {
        ++lineNo;
        line = line.trimmed();
        if (line.isEmpty()) {
            current = nullptr;
            continue;
        }
        // The header reuses the FPM log timestamp: "[date]  [pool www] pid 23480".
        if (line.startsWith(QLatin1Char('[')) && line.contains(QLatin1String("[pool "))) {
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            const QStringView rest = line.mid(close + 1).trimmed();
            const qsizetype poolEnd = rest.indexOf(QLatin1Char(']'));
            FpmLogEntry stamp;
            // Borrow the date parsing of the log parser with a neutral level.
            const QString probe = line.left(close + 1) + QLatin1String(" NOTICE: x");
            if (close > 0 && poolEnd > 6 && FpmLogParser::parseLine(probe, &stamp)) {
                Entry e;
                e.line = lineNo;
                e.wallTime = stamp.wallTime;
                e.rawTime = stamp.rawTime;
                e.pool = rest.mid(6, poolEnd - 6).toString();
                const QStringView after = rest.mid(poolEnd + 1).trimmed();
                if (after.startsWith(QLatin1String("pid ")))
                    e.pid = after.mid(4).toLongLong();
                out.append(e);
                current = &out.last();
                continue;
            }
        }
        if (!current)
            continue;
        if (line.startsWith(QLatin1String("script_filename = "))) {
            current->scriptFilename = line.mid(18).toString();
        } else if (line.startsWith(QLatin1String("[0x"))) {
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            current->frames.append(line.mid(close + 1).trimmed().toString());
        }
    }
    return out;
}

} // namespace gs::phpfpm
