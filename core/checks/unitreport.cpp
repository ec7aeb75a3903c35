#include "checks/unitreport.h"

#include <QRegularExpression>

#include <algorithm>

namespace gs::checks {

std::optional<UnitReport> UnitReport::parse(const CommandOutput &output,
                                            const QDateTime &windowStart)
{
    static const QRegularExpression isoTime(QStringLiteral(
            "^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?"));
    if (!output.ran)
        return std::nullopt;
    UnitReport report;
    bool inJournal = false;
    int exits = 0;
    int restarts = 0;
    for (const QString &line : QString::fromUtf8(output.out).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("@@unit "))) {
            report.unit = line.mid(7).trimmed();
            continue;
        }
        if (line.startsWith(QLatin1String("@@nounit")))
            return std::nullopt;
        if (line.startsWith(QLatin1String("@@journal"))) {
            inJournal = true;
            continue;
        }
        if (!inJournal) {
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            if (eq > 0)
                report.properties.insert(line.left(eq), line.mid(eq + 1));
            continue;
        }
        const auto t = isoTime.match(line);
        if (!t.hasMatch())
            continue;
        QString zone = t.captured(2);
        if (zone.size() == 5)
            zone.insert(3, QLatin1Char(':'));
        const QDateTime when
                = QDateTime::fromString(t.captured(1)
                                                + (zone.isEmpty() ? QStringLiteral("Z") : zone),
                                        Qt::ISODate)
                          .toUTC();
        if (when.isValid() && when < windowStart)
            continue;
        report.journal.append({when, line.trimmed()});
        if (line.contains(QLatin1String("Main process exited"))
            && !line.contains(QLatin1String("status=0/SUCCESS")))
            ++exits;
        if (line.contains(QLatin1String("Scheduled restart job")))
            ++restarts;
    }
    if (report.unit.isEmpty())
        return std::nullopt;
    report.crashes = std::max(exits, restarts);
    return report;
}

} // namespace gs::checks
