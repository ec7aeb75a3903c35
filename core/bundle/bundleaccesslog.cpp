#include "bundle/bundleaccesslog.h"

#include "discovery/factsscript.h"
#include "nginx/configparser.h"

namespace gs::bundle {

namespace {

constexpr auto kAccessLogKey = QLatin1String("accesslog:");

} // namespace

QList<logs::AccessLogCandidate> BundleAccessLog::candidates(const SupportBundle &bundle)
{
    const checks::CommandOutput *factsOutput = bundle.output(QStringLiteral("facts"));
    const auto facts = discovery::FactsScript::parse(factsOutput ? factsOutput->out : QByteArray());
    QList<logs::AccessLogCandidate> configured;
    for (const QString &key : bundle.keys()) {
        if (!key.startsWith(QLatin1String("nginx_T@"))
            && !key.startsWith(QLatin1String("nginx_files@")))
            continue;
        const checks::CommandOutput *dump = bundle.output(key);
        const auto parsed = nginx::ConfigParser::parseDump(QString::fromUtf8(dump->out));
        if (!parsed || !dump->out.contains("# configuration file "))
            continue;
        nginx::ConfigModel::Options options;
        options.prefix = facts.nginx.prefix;
        const auto model
                = nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*parsed), options);
        configured += logs::accessLogCandidates(model, facts.nginx.prefix);
    }
    QList<logs::AccessLogCandidate> held;
    for (const QString &key : bundle.keys()) {
        if (!key.startsWith(kAccessLogKey) || !bundle.output(key)->ok())
            continue;
        logs::AccessLogCandidate candidate;
        candidate.path = key.mid(kAccessLogKey.size());
        candidate.formatName = QStringLiteral("combined");
        candidate.format = "combined";
        for (const logs::AccessLogCandidate &known : std::as_const(configured)) {
            if (known.path == candidate.path) {
                candidate = known;
                break;
            }
        }
        candidate.size = bundle.output(key)->out.size();
        held << candidate;
    }
    std::stable_sort(
            held.begin(), held.end(), [](const auto &a, const auto &b) { return a.size > b.size; });
    return held;
}

Result<BundleAccessLog::Analysis> BundleAccessLog::analyze(const SupportBundle &bundle,
                                                           const Request &request)
{
    Analysis analysis;
    analysis.candidates = candidates(bundle);
    const logs::AccessLogCandidate *chosen = nullptr;
    for (const logs::AccessLogCandidate &candidate : std::as_const(analysis.candidates)) {
        if (request.log.isEmpty() || candidate.path == request.log) {
            chosen = &candidate;
            break;
        }
    }
    if (!chosen) {
        QStringList held;
        for (const auto &candidate : std::as_const(analysis.candidates))
            held << candidate.path;
        return makeError(
                ErrorCode::NotFound,
                request.log.isEmpty()
                        ? QStringLiteral("The bundle holds no access log.")
                        : QStringLiteral("The bundle holds no access log %1.").arg(request.log),
                held.isEmpty()
                        ? QStringLiteral("Its collector read no access_log the "
                                         "configuration names (a login without "
                                         "root may not read them).")
                        : QStringLiteral("It holds: %1").arg(held.join(QStringLiteral(", "))));
    }
    const QByteArray formatText = !request.format.isEmpty() ? request.format : chosen->format;
    auto format
            = nginx::LogFormat::compile(formatText.isEmpty() ? QByteArray("combined") : formatText);
    if (!format)
        return format.error();
    logs::AccessLogOptions options;
    options.bucketSeconds = request.bucketSeconds;
    if (request.window) {
        const qint64 collected = bundle.collectedUtc().toSecsSinceEpoch();
        options.since = collected - *request.window;
        options.until = (collected / request.bucketSeconds + 1) * request.bucketSeconds;
    }
    auto aggregator = logs::AccessLogAggregator::create(*format, options);
    if (!aggregator)
        return aggregator.error();
    aggregator->beginSource(chosen->path);
    aggregator->feed(bundle.output(kAccessLogKey + chosen->path)->out);
    aggregator->endSource();
    analysis.summary = aggregator->takeSummary();
    analysis.source = chosen->path;
    analysis.formatName = format->name();
    if (analysis.summary.lines > 0 && analysis.summary.unparsed * 2 > analysis.summary.lines)
        analysis.warnings << QStringLiteral("%1 of %2 lines do not match the log format '%3'")
                                     .arg(analysis.summary.unparsed)
                                     .arg(analysis.summary.lines)
                                     .arg(format->name());
    return analysis;
}

} // namespace gs::bundle
