#include "checks/initscriptreport.h"

namespace gs::checks {

std::optional<InitScriptReport> InitScriptReport::parse(const CommandOutput &output)
{
    if (!output.ran)
        return std::nullopt;
    InitScriptReport report;
    enum class Section { None, Status, Log } section = Section::None;
    for (const QString &line : QString::fromUtf8(output.out).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("@@noscript")))
            return std::nullopt;
        if (line.startsWith(QLatin1String("@@script "))) {
            report.script = line.mid(9).trimmed();
            section = Section::None;
        } else if (line.startsWith(QLatin1String("@@status "))) {
            bool ok = false;
            const int status = line.mid(9).trimmed().toInt(&ok);
            report.status = ok ? status : -1;
            section = Section::Status;
        } else if (line.startsWith(QLatin1String("@@log "))) {
            report.logs.append({line.mid(6).trimmed(), {}});
            section = Section::Log;
        } else if (!line.trimmed().isEmpty()) {
            if (section == Section::Status)
                report.statusLines << line.trimmed();
            else if (section == Section::Log)
                report.logs.last().lines << line;
        }
    }
    // Only what the script itself could be: an absolute path, one file name at its end.
    if (!report.script.startsWith(QLatin1Char('/')) || report.name().isEmpty())
        return std::nullopt;
    return report;
}

} // namespace gs::checks
