#include "logs/windowcommand.h"

#include "remote/scriptfile.h"
#include "util/shellquote.h"

namespace gs::logs {

QString awkEpochFunctions(nginx::LogFormat::TimeKind kind)
{
    using remote::ScriptFile;
    switch (kind) {
    case nginx::LogFormat::TimeKind::Iso8601:
        return ScriptFile::text(u"epoch-civil.awk") + ScriptFile::text(u"epoch-iso.awk");
    case nginx::LogFormat::TimeKind::Msec: return ScriptFile::text(u"epoch-msec.awk");
    case nginx::LogFormat::TimeKind::Local:
    case nginx::LogFormat::TimeKind::None: break;
    }
    return ScriptFile::text(u"epoch-civil.awk") + ScriptFile::text(u"epoch-local.awk");
}

QString buildWindowCommand(const WindowCommandOptions &options)
{
    using gs::shellQuote;
    const QString script = QStringLiteral("T=") + shellQuote(awkEpochFunctions(options.timeKind))
                           + QLatin1Char('\n') + remote::ScriptFile::text(u"log-window.sh");
    QString command = QStringLiteral("sh -c ") + shellQuote(script) + QStringLiteral(" sh ")
                      + QString::number(options.since) + QLatin1Char(' ')
                      + QString::number(qMax<qint64>(options.blockSize, 512))
                      + (options.compress ? QStringLiteral(" gzip") : QStringLiteral(" cat"));
    for (const QString &path : options.paths)
        command += QLatin1Char(' ') + shellQuote(path);
    return command;
}

} // namespace gs::logs
