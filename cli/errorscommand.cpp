// gatescope-cli errors: error rates over time from nginx access logs (spec/cli.md).

#include "bundle/bundleaccesslog.h"
#include "bundletargets.h"
#include "clicommands.h"
#include "commandregistry.h"
#include "targetrunner.h"

#include "logs/accesslogjson.h"
#include "logs/duration.h"
#include "logs/errorlineclassifier.h"
#include "logs/errorratesjson.h"
#include "logs/localaccesslog.h"
#include "logs/remoteaccesslog.h"

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
        = "Usage: gatescope-cli errors (TARGET | --file PATH... | --bundle FILE) [--log PATH]\n"
          "                            [--format FORMAT]\n"
          "                            [--since DURATION] [--bucket DURATION] [--json]\n"
          "                            [--nginx-conf PATH] [connection options]\n\n"
          "Error rates over time from an nginx access log, in UTC buckets.\n\n"
          "  --file PATH...     local access logs, plain or .gz (rotated sets are read oldest "
          "first)\n"
          "  --bundle FILE      a support bundle (gatescope-cli bundle script): the access log it\n"
          "                     holds, in the format its configuration gives; --since counts\n"
          "                     back from when it was collected (default 24h)\n"
          "  --format FORMAT    the log_format string the log was written with, or 'combined'\n"
          "                     (the default)\n"
          "  --since DURATION   only requests of the last DURATION before now (this machine's\n"
          "                     clock, also for --file), e.g. 15m, 1h, 24h, 7d\n"
          "  --bucket DURATION  bucket size (default 60s)\n"
          "  --log PATH         with a TARGET or --bundle: the access log to read instead of the "
          "configured "
          "one\n"
          "  --nginx-conf PATH  with a TARGET: the nginx.conf to read the logs from (default: the\n"
          "                     running master's)\n"
          "  --json             one JSON document on stdout\n\n"
          "On a TARGET the access log and its log_format come from the server's configuration\n"
          "(nginx -T): the biggest of its access logs when there are several (the others are\n"
          "listed as candidates); with --log, that file in --format when given, else in the\n"
          "format the configuration gives it, else combined. Rotated siblings (.1, .2.gz, -DATE) "
          "are read when the window\n"
          "reaches them. Only the window travels, gzip'ed, found from the end of the files;\n"
          "--since defaults to 24h on a TARGET and is measured by the server's clock. The error\n"
          "logs add a second series (events per finding id) and reload/restart/OOM events.\n\n"
          "Durations: a number with s, m, h, d or w (seconds without a unit).\n";

struct ErrorsOptions
{
    QStringList files;
    QString bundle; // --bundle FILE
    QStringList targets;
    QString log;
    QString nginxConf;
    QString format = QStringLiteral("combined");
    bool formatGiven = false;
    std::optional<qint64> since;
    qint64 bucket = 60;
    bool json = false;
    bool help = false;
};

bool hasConnectionOptions(const ConnectionArgs &args)
{
    return args.port || !args.user.isEmpty() || !args.identities.isEmpty()
           || !args.knownHosts.isEmpty() || args.acceptNew || args.passwordStdin || args.sudo;
}

// Parses what parseConnectionArgs() left into options; returns an error message for a usage
// error.
std::optional<QString> parseErrorsArgs(const ConnectionArgs &connection, ErrorsOptions &options)
{
    const QStringList &args = connection.rest;
    options.json = connection.json;
    options.help = connection.help;
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
        if (arg == QLatin1String("--file")) {
            if (inlineValue)
                options.files.append(*inlineValue);
            // PATH...: every following argument up to the next option is a file.
            while (i + 1 < args.size() && !args.at(i + 1).startsWith(QLatin1Char('-')))
                options.files.append(args.at(++i));
            if (!inlineValue && options.files.isEmpty())
                return QStringLiteral("--file needs at least one PATH");
        } else if (arg == QLatin1String("--bundle")) {
            if (auto error = value(options.bundle))
                return error;
        } else if (arg == QLatin1String("--format")) {
            if (auto error = value(options.format))
                return error;
            options.formatGiven = true;
        } else if (arg == QLatin1String("--log")) {
            if (auto error = value(options.log))
                return error;
        } else if (arg == QLatin1String("--nginx-conf")) {
            if (auto error = value(options.nginxConf))
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
        } else if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1) {
            return QStringLiteral("unknown option %1").arg(arg);
        } else {
            options.targets.append(arg);
        }
    }
    if (options.help)
        return std::nullopt;
    const int sources = (options.targets.isEmpty() ? 0 : 1) + (options.files.isEmpty() ? 0 : 1)
                        + (options.bundle.isEmpty() ? 0 : 1);
    if (sources > 1)
        return QStringLiteral("give one of a TARGET, --file or --bundle, not both");
    if (sources == 0)
        return QStringLiteral("give a TARGET, --file PATH or --bundle FILE");
    if (!options.bundle.isEmpty()
        && (hasConnectionOptions(connection) || !options.nginxConf.isEmpty()))
        return QStringLiteral("--bundle reads no server: connection options and --nginx-conf "
                              "do not apply");
    if (options.targets.size() > 1)
        return QStringLiteral("give one TARGET (run the command once per server)");
    if (!options.files.isEmpty()
        && (hasConnectionOptions(connection) || !options.log.isEmpty()
            || !options.nginxConf.isEmpty())) {
        return QStringLiteral("--log, --nginx-conf and connection options need a TARGET");
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

void printHuman(QTextStream &out,
                const logs::AccessLogSummary &summary,
                const QStringList &sources,
                const QString &fmt)
{
    out << "Source: " << sources.join(QStringLiteral(", ")) << '\n'
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

// The error-log series, events and transfer of a remote read, after the access-log table.
void printRemoteExtras(QTextStream &out, const logs::ErrorRatesSnapshot &snapshot)
{
    const logs::TransferStats &t = snapshot.transfer;
    out << "\nTransfer: " << t.networkBytes << " bytes over SSH (" << t.compressedBytes
        << " of them the gzip'ed window) for " << t.textBytes << " bytes of log text; the log is "
        << t.logBytes << " bytes";
    if (t.logBytes > 0) {
        out << " ("
            << QString::number(100.0 * static_cast<double>(t.networkBytes)
                                       / static_cast<double>(t.logBytes),
                               'f',
                               2)
            << " % transferred)";
    }
    out << ", " << t.durationMs << " ms\n";
    if (snapshot.candidates.size() > 1) {
        out << "Other access logs (--log PATH):";
        for (const logs::AccessLogCandidate &candidate : snapshot.candidates) {
            if (candidate.path != snapshot.source)
                out << ' ' << candidate.path;
        }
        out << '\n';
    }
    std::map<QString, qint64> totals;
    for (const auto &[start, ids] : snapshot.errorBuckets) {
        for (const auto &[id, count] : ids)
            totals[id] += count;
    }
    if (!snapshot.errorSources.isEmpty()) {
        out << "Error logs: " << snapshot.errorSources.join(QStringLiteral(", ")) << '\n';
        if (totals.empty())
            out << "  nothing classified in the window\n";
        for (const auto &[id, count] : totals)
            out << "  " << count << "  " << logs::ErrorLineClassifier::label(id) << '\n';
    }
    if (!snapshot.events.isEmpty()) {
        // The most recent ones: a busy box can reload often.
        const qsizetype first = qMax<qsizetype>(0, snapshot.events.size() - 20);
        out << "Events" << (first > 0 ? " (the last 20)" : "") << ":\n";
        for (const logs::TimelineEvent &event : snapshot.events.mid(first)) {
            out << "  " << logs::isoUtc(event.time) << "  "
                << logs::ErrorLineClassifier::label(event.kind) << '\n';
        }
    }
}

// Exit code of a usage check on the number of buckets; ExitOk when it is fine.
int checkBuckets(QTextStream &err, qint64 buckets, qint64 bucket)
{
    if (buckets <= kMaxBuckets)
        return ExitOk;
    err << "gatescope-cli errors: the window spans " << buckets << " buckets of "
        << logs::formatDuration(bucket) << "; use a larger --bucket or a shorter --since\n";
    return ExitUsage;
}

int runRemote(const ErrorsOptions &options, const ConnectionArgs &connection)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    logs::RemoteAccessLogRequest request;
    request.log = options.log;
    request.nginxConfig = options.nginxConf;
    if (options.formatGiven)
        request.format = options.format.toUtf8();
    request.bucketSeconds = options.bucket;
    request.window = options.since.value_or(24 * 3600);
    if (const int code = checkBuckets(err, *request.window / options.bucket + 2, options.bucket))
        return code;
    if (options.formatGiven) {
        if (Result<nginx::LogFormat> format = nginx::LogFormat::compile(request.format); !format) {
            err << "gatescope-cli errors: --format: " << format.error().text() << '\n';
            return ExitUsage;
        }
    }

    logs::ErrorRatesSnapshot snapshot;
    std::optional<Error> failure;
    const auto outcomes = runOnTargets(
            options.targets, connection, [&](remote::RemoteHost &host, TargetOutcome &outcome) {
                logs::RemoteAccessLog log(request);
                const Result<void> loaded = log.load(host, [&outcome](const QString &step) {
                    QTextStream(stderr) << outcome.target << ": " << step << "...\n";
                });
                if (!loaded)
                    failure = loaded.error();
                else
                    snapshot = log.snapshot();
            });
    const TargetOutcome &outcome = outcomes.front();
    if (outcome.error)
        failure = outcome.error;
    if (failure) {
        if (options.json) {
            TargetOutcome failed = outcome;
            failed.error = failure;
            out << QString::fromUtf8(QJsonDocument(targetJson(failed)).toJson());
        }
        err << "gatescope-cli errors: " << outcome.target << ": " << errorCodeName(failure->code)
            << ": " << failure->message << '\n';
        if (!failure->hint.isEmpty())
            err << "  next step: " << failure->hint << '\n';
        return ExitUnreachable;
    }
    for (const QString &warning : std::as_const(snapshot.warnings))
        err << "gatescope-cli errors: warning: " << warning << '\n';
    err.flush();
    if (options.json) {
        QJsonObject document = logs::errorRatesJson(snapshot);
        const QJsonObject target = targetJson(outcome);
        for (const QString &key : {QStringLiteral("target"),
                                   QStringLiteral("host"),
                                   QStringLiteral("port"),
                                   QStringLiteral("user")}) {
            document.insert(key, target.value(key));
        }
        out << QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
    } else {
        out << "Target: " << outcome.target << " (" << outcome.options.displayName() << ")\n";
        printHuman(out, snapshot.summary, snapshot.sources, snapshot.formatName);
        printRemoteExtras(out, snapshot);
    }
    return ExitOk;
}

// errors --bundle FILE: the access log a support bundle carries.
int runBundle(const ErrorsOptions &options)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto fail = [&](const Error &error) {
        if (options.json) {
            TargetOutcome failed;
            failed.target = options.bundle;
            failed.options.port = 0;
            failed.error = error;
            out << QString::fromUtf8(QJsonDocument(targetJson(failed)).toJson());
        }
        err << "gatescope-cli errors: " << options.bundle << ": " << errorCodeName(error.code)
            << ": " << error.message << '\n';
        if (!error.hint.isEmpty())
            err << "  next step: " << error.hint << '\n';
        return ExitUnreachable;
    };
    const auto bundle = bundle::SupportBundle::open(options.bundle);
    if (!bundle)
        return fail(bundle.error());
    bundle::BundleAccessLog::Request request;
    request.log = options.log;
    if (options.formatGiven)
        request.format = options.format.toUtf8();
    request.bucketSeconds = options.bucket;
    request.window = options.since.value_or(24 * 3600);
    if (const int code = checkBuckets(err, *request.window / options.bucket + 2, options.bucket))
        return code;
    const auto analysis = bundle::BundleAccessLog::analyze(*bundle, request);
    if (!analysis)
        return fail(analysis.error());
    for (const QString &warning : analysis->warnings)
        err << "gatescope-cli errors: warning: " << warning << '\n';
    err.flush();
    if (options.json) {
        QJsonObject document = logs::accessLogJson(
                analysis->summary, {analysis->source}, analysis->formatName, analysis->warnings);
        document.insert(QStringLiteral("bundle"), bundleJson(*bundle));
        document.insert(QStringLiteral("host"), bundle->host());
        out << QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    out << "Bundle: " << options.bundle << " (" << bundle->host() << ", collected "
        << bundle->collectedUtc().toString(Qt::ISODate) << ")\n";
    printHuman(out, analysis->summary, {analysis->source}, analysis->formatName);
    if (analysis->candidates.size() > 1) {
        out << "Other access logs in the bundle (--log PATH):";
        for (const auto &candidate : analysis->candidates) {
            if (candidate.path != analysis->source)
                out << ' ' << candidate.path;
        }
        out << '\n';
    }
    return ExitOk;
}

int runErrors(const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    Result<ConnectionArgs> connection = parseConnectionArgs(args);
    if (!connection) {
        err << "gatescope-cli errors: " << connection.error().message << "\n\n" << kErrorsHelp;
        return ExitUsage;
    }
    ErrorsOptions options;
    if (const std::optional<QString> usage = parseErrorsArgs(*connection, options)) {
        err << "gatescope-cli errors: " << *usage << "\n\n" << kErrorsHelp;
        return ExitUsage;
    }
    if (options.help) {
        out << kErrorsHelp << '\n' << connectionOptionsHelp();
        return ExitOk;
    }
    if (!options.targets.isEmpty())
        return runRemote(options, *connection);
    if (!options.bundle.isEmpty())
        return runBundle(options);

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
        if (const int code = checkBuckets(err, buckets, options.bucket))
            return code;
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
    if (const int code = checkBuckets(err, analysis->summary.seriesLength(), options.bucket))
        return code;
    if (options.json) {
        const QJsonObject document = logs::accessLogJson(
                analysis->summary, analysis->sources, format->name(), analysis->warnings);
        out << QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
    } else {
        printHuman(out, analysis->summary, analysis->sources, format->name());
    }
    return ExitOk;
}

} // namespace

GS_CLI_COMMAND(errors, "errors", "error rates over time from an nginx access log", runErrors);

} // namespace gs::cli
