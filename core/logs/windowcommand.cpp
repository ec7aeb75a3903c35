#include "logs/windowcommand.h"

#include "remote/scriptfile.h"

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
    using remote::ScriptFile;
    QStringList arguments{QString::number(options.since),
                          QString::number(qMax<qint64>(options.blockSize, 512)),
                          options.compress ? QStringLiteral("gzip") : QStringLiteral("cat")};
    arguments += options.paths;
    return ScriptFile::shCommand(u"log-window.sh",
                                 arguments,
                                 ScriptFile::assignment(u"T", awkEpochFunctions(options.timeKind)));
}

} // namespace gs::logs
