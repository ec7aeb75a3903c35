#include "actions/probeburst.h"

#include "checks/remotescripts.h"
#include "discovery/factsscript.h"
#include "nginx/configmodel.h"
#include "nginx/configparser.h"
#include "util/shellquote.h"

#include <QHostAddress>

#include <algorithm>
#include <cmath>

namespace gs::actions {

QJsonObject ProbeBurst::Result::toJson() const
{
    QJsonObject statusJson;
    for (auto it = status.begin(); it != status.end(); ++it)
        statusJson.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("url"), url},
                       {QStringLiteral("from"), from},
                       {QStringLiteral("requests"), requests},
                       {QStringLiteral("duration_ms"), durationMs},
                       {QStringLiteral("status"), statusJson},
                       {QStringLiteral("latency_ms"),
                        QJsonObject{{QStringLiteral("p50"), p50},
                                    {QStringLiteral("p95"), p95},
                                    {QStringLiteral("p99"), p99}}},
                       {QStringLiteral("errors"), errors},
                       {QStringLiteral("notes"), QJsonArray::fromStringList(notes)}};
}

gs::Result<ProbeBurst::Options> ProbeBurst::bounded(Options options, QStringList *notes)
{
    const QString scheme = options.url.scheme();
    if (!options.url.isValid() || options.url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("'%1' is not an http:// or https:// URL.")
                                 .arg(options.url.toString()));
    }
    if (options.requests < 1 || options.concurrency < 1)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("--requests and --concurrency must be at least 1."));
    if (options.requests > kMaxRequests) {
        notes->append(QStringLiteral("capped at %1 requests").arg(kMaxRequests));
        options.requests = kMaxRequests;
    }
    if (options.concurrency > kMaxConcurrency) {
        notes->append(QStringLiteral("capped at concurrency %1").arg(kMaxConcurrency));
        options.concurrency = kMaxConcurrency;
    }
    options.concurrency = std::min(options.concurrency, options.requests);
    return options;
}

bool ProbeBurst::allowedHost(const QUrl &url,
                             const QString &targetHost,
                             const QStringList &serverNames)
{
    const QString host = url.host().toLower();
    if (host == QLatin1String("localhost") || host == targetHost.toLower())
        return true;
    const QHostAddress address(host);
    if (!address.isNull() && address.isLoopback())
        return true;
    for (const QString &name : serverNames) {
        if (name.toLower() == host)
            return true;
    }
    return false;
}

QStringList ProbeBurst::serverNamesOn(remote::RemoteHost &host)
{
    auto facts = host.run(discovery::FactsScript::script());
    if (!facts)
        return {};
    const auto parsed = discovery::FactsScript::parse(facts->stdOut);
    auto dump = host.runPrivileged(checks::remotescripts::nginxDump(
            parsed.nginx.binary,
            parsed.nginx.running ? parsed.nginx.config : QString(),
            parsed.nginx.running ? parsed.nginx.prefix : QString()));
    if (!dump || dump->exitStatus != 0)
        return {};
    auto files = nginx::ConfigParser::parseDump(QString::fromUtf8(dump->stdOut));
    if (!files)
        return {};
    QStringList names;
    for (const auto &server :
         nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*files)).servers)
        names << server.names;
    return names;
}

QString ProbeBurst::serverCommand(const Options &options)
{
    // No redirects are followed: the burst stays on the URL the user typed.
    const QString curl = QStringLiteral("curl -k -s -o /dev/null -m %1 -w '%{http_code} "
                                        "%{time_total}\\n' %2")
                                 .arg(kRequestTimeoutSeconds)
                                 .arg(gs::shellQuote(options.url.toString()));
    return QStringLiteral("timeout %1 sh -c %2; true")
            .arg(kMaxSeconds)
            .arg(gs::shellQuote(QStringLiteral("seq %1 | xargs -P %2 -I{} %3")
                                        .arg(options.requests)
                                        .arg(options.concurrency)
                                        .arg(curl)));
}

void ProbeBurst::addSamples(Result &result, const QByteArray &output)
{
    QList<double> latencies;
    for (const QByteArray &line : output.split('\n')) {
        const QList<QByteArray> fields = line.trimmed().split(' ');
        if (fields.size() != 2)
            continue;
        ++result.requests;
        if (fields.at(0) == "000") {
            ++result.errors;
            continue;
        }
        ++result.status[QString::fromLatin1(fields.at(0))];
        latencies << fields.at(1).toDouble() * 1000.0;
    }
    finish(result, latencies);
}

void ProbeBurst::noteShortfall(Result &result, int planned)
{
    if (result.requests >= planned)
        return;
    result.notes << QStringLiteral("stopped at the %1 s limit after %2 of %3 requests")
                            .arg(kMaxSeconds)
                            .arg(result.requests)
                            .arg(planned);
}

void ProbeBurst::finish(Result &result, QList<double> latenciesMs)
{
    std::sort(latenciesMs.begin(), latenciesMs.end());
    auto percentile = [&latenciesMs](double p) {
        if (latenciesMs.isEmpty())
            return 0.0;
        const auto index = static_cast<qsizetype>(
                                   std::ceil(p / 100.0 * static_cast<double>(latenciesMs.size())))
                           - 1;
        return std::round(latenciesMs.at(std::clamp<qsizetype>(index, 0, latenciesMs.size() - 1))
                          * 10.0)
               / 10.0;
    };
    result.p50 = percentile(50);
    result.p95 = percentile(95);
    result.p99 = percentile(99);
}

} // namespace gs::actions
