// gatescope-cli errors: error rates over time from nginx access logs (spec/cli.md).

#include "clicommands.h"
#include "commandregistry.h"

#include "logs/accesslogjson.h"
#include "logs/duration.h"
#include "logs/localaccesslog.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <optional>

namespace gs::cli {

namespace {

// A series wider than this is almost certainly a mistake (a 1 s bucket over a year of log).
constexpr qint64 kMaxBuckets = 200000;

const char kErrorsHelp[]
        = "Usage: gatescope-cli errors (TARGET | --file PATH...) [--log PATH] [--format FORMAT]\n"
          "                            [--since DURATION] [--bucket DURATION] [--json]\n\n"
          "Error rates over time from an nginx access log, in UTC buckets.\n\n"
          "  --file PATH...     local access logs, plain or .gz (rotated sets are read oldest "
          "first)\n"
          "  --format FORMAT    the log_format string the log was written with, or 'combined'\n"
          "                     (the default)\n"
          "  --since DURATION   only requests of the last DURATION before now (this machine's\n"
          "                     clock, also for --file), e.g. 15m, 1h, 24h, 7d\n"
          "  --bucket DURATION  bucket size (default 60s)\n"
          "  --log PATH         with a TARGET: the access log to read instead of the configured "
          "one\n"
          "  --json             one JSON document on stdout\n\n"
          "Durations: a number with s, m, h, d or w (seconds without a unit).\n"
          "Remote TARGETs are not supported yet; copy the log and use --file.\n";

struct ErrorsOptions
{
    QStringList files;
    QStringList targets;
    QString log;
    QString format = QStringLiteral("combined");
    std::optional<qint64> since;
    qint64 bucket = 60;
    bool json = false;
    bool help = false;
};

bool isConnectionOption(const QString &arg, bool &takesValue)
{
    static const QStringList withValue = {QStringLiteral("-p"),
                                          QStringLiteral("--port"),
                                          QStringLiteral("-l"),
                                          QStringLiteral("--user"),
                                          QStringLiteral("-i"),
                                          QStringLiteral("--identity"),
                                          QStringLiteral("--known-hosts"),
                                          QStringLiteral("--timeout")};
    static const QStringList flags = {QStringLiteral("--accept-new"),
                                      QStringLiteral("--password-stdin"),
                                      QStringLiteral("--sudo"),
                                      QStringLiteral("--no-sudo")};
    takesValue = withValue.contains(arg);
    return takesValue || flags.contains(arg);
}

// Parses args into options; returns an error message for a usage error.
std::optional<QString> parseErrorsArgs(const QStringList &args, ErrorsOptions &options)
{
    bool remoteOptions = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString arg = args.at(i);
        std::optional<QString> inlineValue;
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        if (arg.startsWith(QLatin1String("--")) && eq > 2) {
            inlineValue = arg.mid(eq + 1);
            arg = arg.left(eq);
        }
        const auto value = [&](QString &out) -> std::optional<QString> {
            if (inlineValue) {
                out = *inlineValue;
                return std::nullopt;
            }
            if (i + 1 >= args.size())
                return QStringLiteral("%1 needs a value").arg(arg);
            out = args.at(++i);
            return std::nullopt;
        };
        bool takesValue = false;
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            options.help = true;
        } else if (arg == QLatin1String("--json")) {
            options.json = true;
        } else if (arg == QLatin1String("--file")) {
            if (inlineValue)
                options.files.append(*inlineValue);
            // PATH...: every following argument up to the next option is a file.
            while (i + 1 < args.size() && !args.at(i + 1).startsWith(QLatin1Char('-')))
                options.files.append(args.at(++i));
            if (!inlineValue && options.files.isEmpty())
                return QStringLiteral("--file needs at least one PATH");
        } else if (arg == QLatin1String("--format")) {
            if (auto error = value(options.format))
                return error;
        } else if (arg == QLatin1String("--log")) {
            if (auto error = value(options.log))
                return error;
        } else if (arg == QLatin1String("--since") || arg == QLatin1String("--bucket")) {
            QString text;
            if (auto error = value(text))
                return error;
            const std::optional<qint64> seconds = logs::parseDuration(text);
            if (!seconds) {
                return QStringLiteral("%1: '%2' is not a duration (e.g. 30s, 15m, 1h, 7d)")
                        .arg(arg, text);
            }
            if (arg == QLatin1String("--since"))
                options.since = *seconds;
            else
                options.bucket = *seconds;
        } else if (isConnectionOption(arg, takesValue)) {
            remoteOptions = true;
            if (takesValue && !inlineValue)
                ++i;
        } else if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1) {
            return QStringLiteral("unknown option %1").arg(arg);
        } else {
            options.targets.append(arg);
        }
    }
    if (options.help)
        return std::nullopt;
    if (!options.targets.isEmpty() && !options.files.isEmpty())
        return QStringLiteral("give a TARGET or --file, not both");
    if (options.targets.isEmpty() && options.files.isEmpty())
        return QStringLiteral("give a TARGET or --file PATH");
    if (!options.targets.isEmpty() || remoteOptions || !options.log.isEmpty()) {
        return QStringLiteral("remote targets are not yet supported; copy the log and use "
                              "--file PATH");
    }
    return std::nullopt;
}

struct KeyedCountsView
{
    const char *title;
    const std::vector<logs::KeyedCounts> *list;
    const QList<QByteArray> *names;
};

QString paddedRow(const QString &label, const std::vector<qint64> &values)
{
    QString row = QStringLiteral("%1").arg(label, -17);
    for (const qint64 value : values)
        row += QStringLiteral("%1").arg(value, 9);
    return row + QLatin1Char('\n');
}

void printHuman(QTextStream &out, const logs::LocalAccessLogAnalysis &analysis, const QString &fmt)
{
    const logs::AccessLogSummary &summary = analysis.summary;
    out << "Source: " << analysis.sources.join(QStringLiteral(", ")) << '\n'
        << "Format: " << fmt << '\n'
        << "Buckets: " << logs::formatDuration(summary.bucketSeconds) << " (UTC)";
    if (summary.since) {
        out << ", since " << logs::isoUtc(*summary.since);
    }
    out << "\nLines: " << summary.lines << ", requests " << summary.requests << ", unparsed "
        << summary.unparsed;
    if (summary.since || summary.until)
        out << ", outside the window " << summary.outsideWindow;
    out << "\n\n";

    out << QStringLiteral("%1").arg(QStringLiteral("start (UTC)"), -17)
        << "requests      2xx      3xx      4xx      5xx      502      503      504\n";
    const auto rowOf = [](const logs::AccessLogBucket &b) {
        return std::vector<qint64>{b.requests,
                                   b.classes[2],
                                   b.classes[3],
                                   b.classes[4],
                                   b.classes[5],
                                   b.status.count(502),
                                   b.status.count(503),
                                   b.status.count(504)};
    };
    summary.forEachSeriesBucket([&](const logs::AccessLogBucket &bucket) {
        const QString label = QDateTime::fromSecsSinceEpoch(bucket.start, Qt::UTC)
                                      .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        out << paddedRow(label, rowOf(bucket));
    });
    logs::AccessLogBucket total;
    total.requests = summary.requests;
    total.classes = summary.classes;
    total.status = summary.status;
    out << paddedRow(QStringLiteral("total"), rowOf(total));

    out << "\nStatus:";
    for (const auto &[status, count] : summary.status.sorted())
        out << ' ' << QStringLiteral("%1").arg(status, 3, 10, QLatin1Char('0')) << '=' << count;
    out << '\n';
    for (const KeyedCountsView &view :
         {KeyedCountsView{"Upstreams", &summary.upstreams, &summary.upstreamNames},
          KeyedCountsView{"Servers", &summary.servers, &summary.serverNames}}) {
        if (view.list->empty())
            continue;
        out << view.title << ":\n";
        for (const logs::KeyedCounts &entry : *view.list) {
            out << "  " << QString::fromUtf8(view.names->at(entry.id)) << ": " << entry.requests;
            for (const auto &[status, count] : entry.status.sorted())
                out << ' ' << status << '=' << count;
            out << '\n';
        }
    }
    const auto latency = [&out](const char *title, const logs::LatencyHistogram &h) {
        if (h.isEmpty())
            return;
        out << title << " time (ms): p50 " << h.percentile(50) << ", p95 " << h.percentile(95)
            << ", p99 " << h.percentile(99) << ", max " << h.max() << '\n';
    };
    latency("Request", summary.requestTime);
    latency("Upstream", summary.upstreamTime);
    const auto paths = summary.top5xxPaths(10);
    if (!paths.empty()) {
        out << "Top paths behind 5xx:\n";
        for (const auto &[path, count] : paths)
            out << "  " << count << "  " << QString::fromUtf8(path) << '\n';
    }
    if (!summary.unparsedExamples.empty()) {
        out << "Unparsed lines (first " << summary.unparsedExamples.size() << "):\n";
        for (const logs::UnparsedExample &example : summary.unparsedExamples) {
            out << "  " << example.source << ':' << example.line << ": " << example.reason << ": "
                << example.text << '\n';
        }
    }
}

int runErrors(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    ErrorsOptions options;
    if (const std::optional<QString> usage = parseErrorsArgs(args, options)) {
        err << "gatescope-cli errors: " << *usage << "\n\n" << kErrorsHelp;
        return ExitUsage;
    }
    if (options.help) {
        out << kErrorsHelp;
        return ExitOk;
    }

    Result<nginx::LogFormat> format = nginx::LogFormat::compile(options.format.toUtf8());
    if (!format) {
        err << "gatescope-cli errors: --format: " << format.error().text() << '\n';
        return ExitUsage;
    }
    logs::AccessLogOptions aggregation;
    aggregation.bucketSeconds = options.bucket;
    if (options.since) {
        // The window ends with the bucket holding "now", so the last hour is a full hour of
        // buckets even when the log went quiet.
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        aggregation.since = now - *options.since;
        aggregation.until = (now / options.bucket + 1) * options.bucket;
        const qint64 buckets = (*aggregation.until - *aggregation.since) / options.bucket + 1;
        if (buckets > kMaxBuckets) {
            err << "gatescope-cli errors: --since " << logs::formatDuration(*options.since)
                << " makes " << buckets << " buckets of " << logs::formatDuration(options.bucket)
                << "; use a larger --bucket\n";
            return ExitUsage;
        }
    }

    Result<logs::LocalAccessLogAnalysis> analysis
            = logs::analyzeLocalAccessLogs(options.files, *format, aggregation);
    if (!analysis) {
        err << "gatescope-cli errors: " << analysis.error().text() << '\n';
        return ExitUsage;
    }
    for (const QString &warning : std::as_const(analysis->warnings))
        err << "gatescope-cli errors: warning: " << warning << '\n';
    err.flush();
    const qint64 buckets = analysis->summary.seriesLength();
    if (buckets > kMaxBuckets) {
        err << "gatescope-cli errors: the log spans " << buckets << " buckets of "
            << logs::formatDuration(options.bucket)
            << "; use a larger --bucket or a --since window\n";
        return ExitUsage;
    }
    if (options.json) {
        const QJsonObject document = logs::accessLogJson(
                analysis->summary, analysis->sources, format->name(), analysis->warnings);
        out << QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
    } else {
        printHuman(out, *analysis, format->name());
    }
    return ExitOk;
}

} // namespace

GS_CLI_COMMAND(errors, "errors", "error rates over time from an nginx access log", runErrors);

} // namespace gs::cli
