#include "sys/processlistparser.h"

namespace gs::sys {

QString ProcessListParser::Process::fpmPool() const
{
    const QLatin1String prefix("php-fpm: pool ");
    return args.startsWith(prefix) ? args.mid(prefix.size()).trimmed() : QString();
}

QString ProcessListParser::Process::masterConfigPath() const
{
    if (isFpmMaster()) {
        const qsizetype open = args.indexOf(QLatin1Char('('));
        const qsizetype close = args.lastIndexOf(QLatin1Char(')'));
        return open > 0 && close > open ? args.mid(open + 1, close - open - 1) : QString();
    }
    if (isNginxMaster()) {
        const QStringList parts = args.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        const qsizetype c = parts.indexOf(QStringLiteral("-c"));
        return c >= 0 ? parts.value(c + 1) : QString();
    }
    return {};
}

QList<ProcessListParser::Process> ProcessListParser::Result::children(qint64 ppid) const
{
    QList<Process> out;
    for (const Process &p : processes) {
        if (p.ppid == ppid)
            out.append(p);
    }
    return out;
}

ProcessListParser::Result ProcessListParser::parse(QStringView output)
{
    Result r;
    int lineNo = 0;
    for (QStringView line : output.split(QLatin1Char('\n'))) {
        ++lineNo;
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1String("PID")))
            continue;
        // Three space-separated columns, then args to the end of the line.
        QStringView rest = line;
        QStringView cols[3];
        bool ok = true;
        for (QStringView &c : cols) {
            rest = rest.trimmed();
            const qsizetype sp = rest.indexOf(QLatin1Char(' '));
            if (sp < 0) {
                ok = false;
                break;
            }
            c = rest.left(sp);
            rest = rest.mid(sp);
        }
        Process p;
        bool pidOk = false, ppidOk = false;
        if (ok) {
            p.pid = cols[0].toLongLong(&pidOk);
            p.ppid = cols[1].toLongLong(&ppidOk);
        }
        if (!ok || !pidOk || !ppidOk) {
            r.diagnostics.append({{}, lineNo, QStringLiteral("not a ps line")});
            continue;
        }
        p.user = cols[2].toString();
        p.args = rest.trimmed().toString();
        r.processes.append(p);
    }
    return r;
}

} // namespace gs::sys
