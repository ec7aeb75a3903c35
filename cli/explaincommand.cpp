// gatescope-cli explain: every line of nginx error logs and PHP-FPM logs sorted into the finding
// catalog, offline (spec/cli.md).

#include "clicommands.h"
#include "commandregistry.h"

#include "logs/explaininput.h"
#include "logs/logexplainer.h"

#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

namespace gs::cli {

namespace {

const char kExplainHelp[]
        = "Usage: gatescope-cli explain FILE... [--json]\n\n"
          "Sorts every line of nginx error logs and PHP-FPM logs into Gatescope's finding\n"
          "catalog, offline: per cause the count, the first and last time, example lines and the\n"
          "remedy; then the lines that were not understood.\n\n"
          "  FILE     an nginx error log or a PHP-FPM log, plain or .gz; '-' reads standard input\n"
          "  --json   one JSON document on stdout\n\n"
          "Times are the log's own clock (nginx and PHP-FPM write local time without a zone).\n"
          "Exit status: 0 nothing at warning or above, 1 warnings, 2 a critical cause,\n"
          "3 a file could not be read, 64 usage error.\n";

struct ExplainOptions
{
    QStringList files;
    bool json = false;
    bool help = false;
};

std::optional<QString> parseExplainArgs(const QStringList &args, ExplainOptions &options)
{
    bool onlyFiles = false;
    for (const QString &arg : args) {
        if (!onlyFiles && arg == QLatin1String("--")) {
            onlyFiles = true;
        } else if (!onlyFiles && arg == QLatin1String("--json")) {
            options.json = true;
        } else if (!onlyFiles && (arg == QLatin1String("--help") || arg == QLatin1String("-h"))) {
            options.help = true;
        } else if (!onlyFiles && arg.startsWith(QLatin1Char('-')) && arg != QLatin1String("-")) {
            return QStringLiteral("unknown option %1").arg(arg);
        } else {
            options.files.append(arg);
        }
    }
    if (options.files.isEmpty() && !options.help)
        return QStringLiteral("give at least one FILE (or - for standard input)");
    if (options.files.count(QStringLiteral("-")) > 1)
        return QStringLiteral("standard input (-) can be read only once");
    return std::nullopt;
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                          : QStringLiteral("?");
}

void printHuman(QTextStream &out, const logs::ExplainResult &result)
{
    out << "Read " << result.files.join(QLatin1String(", ")) << ": " << result.lines << " lines; "
        << result.causes.size() << (result.causes.size() == 1 ? " cause, " : " causes, ")
        << result.harmless << " lines harmless, " << result.unrecognised
        << " lines not understood.\n";
    for (const auto &cause : result.causes) {
        out << '\n'
            << findings::Finding::severityName(cause.severity).toUpper() << "  " << cause.id
            << "  x" << cause.count << "  " << timeText(cause.firstSeen) << " .. "
            << timeText(cause.lastSeen) << '\n'
            << "  " << cause.title << '\n';
        for (const QString &example : cause.examples)
            out << "  | " << QString(example).replace(QLatin1Char('\n'), QLatin1String("\n  | "))
                << '\n';
        for (const QString &step : cause.remedy)
            out << "  - " << step << '\n';
    }
    if (result.unrecognised > 0) {
        out << "\nNot understood (" << result.unrecognised << " lines), for example:\n";
        for (const QString &example : result.unrecognisedExamples)
            out << "  | " << example << '\n';
    }
}

int exitCodeFor(const logs::ExplainResult &result)
{
    const auto worst = result.worstSeverity();
    if (worst == findings::Finding::Severity::Critical)
        return ExitCritical;
    if (worst == findings::Finding::Severity::Warning)
        return ExitWarnings;
    return ExitOk;
}

int runExplain(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    ExplainOptions options;
    if (const std::optional<QString> usage = parseExplainArgs(args, options)) {
        err << "gatescope-cli explain: " << *usage << "\n\n" << kExplainHelp;
        return ExitUsage;
    }
    if (options.help) {
        out << kExplainHelp;
        return ExitOk;
    }
    logs::LogExplainer explainer;
    for (const QString &path : std::as_const(options.files)) {
        explainer.beginFile(logs::ExplainInput::displayName(path));
        const auto read = logs::ExplainInput::read(
                path, [&explainer](QByteArrayView chunk) { explainer.addData(chunk); });
        explainer.finishFile();
        if (!read) {
            // A half-read log would give counts that look complete: say so and stop.
            err << "gatescope-cli explain: " << read.error().text() << '\n';
            return ExitUnreachable;
        }
    }
    const logs::ExplainResult result = explainer.result();
    if (options.json)
        out << QString::fromUtf8(QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented));
    else
        printHuman(out, result);
    return exitCodeFor(result);
}

} // namespace

GS_CLI_COMMAND(explain,
               "explain",
               "sort the lines of nginx/PHP-FPM error logs into the finding catalog",
               runExplain);

} // namespace gs::cli
