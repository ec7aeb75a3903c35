// gatescope-cli probe TARGET URL [--from server|here] [--requests N] [--concurrency C] [--json]

#include "clicommands.h"
#include "commandregistry.h"
#include "targetrunner.h"

#include "actions/probeburst.h"
#include "audit/auditlog.h"
#include "checks/remotescripts.h"
#include "discovery/factsscript.h"
#include "nginx/configmodel.h"
#include "nginx/configparser.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace gs::cli {

namespace {

// From this workstation: QNetworkAccessManager, at most `concurrency` requests in flight.
actions::ProbeBurst::Result burstFromHere(const actions::ProbeBurst::Options &options)
{
    actions::ProbeBurst::Result result;
    QNetworkAccessManager manager;
    manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    QEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    QList<double> latencies;
    int started = 0;
    int finished = 0;
    std::function<void()> launch = [&] {
        if (started >= options.requests
            || clock.elapsed() > actions::ProbeBurst::kMaxSeconds * 1000)
            return;
        ++started;
        QNetworkRequest request(options.url);
        request.setTransferTimeout(actions::ProbeBurst::kRequestTimeoutSeconds * 1000);
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        QNetworkReply *reply = manager.get(request);
        QObject::connect(reply, &QNetworkReply::finished, &loop, [&, reply, timer] {
            ++result.requests;
            const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
            if (status.isValid()) {
                ++result.status[QString::number(status.toInt())];
                latencies << static_cast<double>(timer->elapsed());
            } else {
                ++result.errors;
            }
            reply->deleteLater();
            ++finished;
            if (finished >= started
                && (started >= options.requests
                    || clock.elapsed() > actions::ProbeBurst::kMaxSeconds * 1000))
                loop.quit();
            else
                launch();
        });
    };
    for (int i = 0; i < options.concurrency; ++i)
        launch();
    if (started > 0)
        loop.exec();
    actions::ProbeBurst::finish(result, latencies);
    return result;
}

int runProbe(const QStringList &arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    auto args = parseConnectionArgs(arguments);
    if (!args) {
        err << "gatescope-cli probe: " << args.error().message << '\n';
        return ExitUsage;
    }
    if (args->help) {
        out << "Usage: gatescope-cli probe TARGET URL [--from server|here] [--requests N]\n"
               "                           [--concurrency C] [--json]\n\n"
               "A bounded burst of requests to reproduce a failure, from the server (a loop over\n"
               "curl) or from this workstation. Hard caps: 2,000 requests, concurrency 50, 60 s.\n"
               "The URL must point at the target itself (its address, loopback, or a server name\n"
               "its nginx serves); redirects are not followed.\n\n"
            << connectionOptionsHelp();
        return ExitOk;
    }
    QString from = QStringLiteral("server");
    actions::ProbeBurst::Options options;
    QStringList positional;
    const QStringList &rest = args->rest;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        const QString &arg = rest.at(i);
        auto number = [&](int *target) {
            bool ok = false;
            *target = rest.value(++i).toInt(&ok);
            return ok;
        };
        if (arg == QLatin1String("--from")) {
            from = rest.value(++i);
            if (from != QLatin1String("server") && from != QLatin1String("here")) {
                err << "gatescope-cli probe: --from is server or here\n";
                return ExitUsage;
            }
        } else if (arg == QLatin1String("--requests")) {
            if (!number(&options.requests)) {
                err << "gatescope-cli probe: --requests needs a number\n";
                return ExitUsage;
            }
        } else if (arg == QLatin1String("--concurrency")) {
            if (!number(&options.concurrency)) {
                err << "gatescope-cli probe: --concurrency needs a number\n";
                return ExitUsage;
            }
        } else if (arg.startsWith(QLatin1Char('-'))) {
            err << "gatescope-cli probe: unknown option " << arg << '\n';
            return ExitUsage;
        } else {
            positional << arg;
        }
    }
    if (positional.size() != 2) {
        err << "gatescope-cli probe: expected TARGET URL\n";
        return ExitUsage;
    }
    options.url = QUrl(positional.at(1));
    QStringList notes;
    auto bounded = actions::ProbeBurst::bounded(options, &notes);
    if (!bounded) {
        err << "gatescope-cli probe: " << bounded.error().message << '\n';
        return ExitUsage;
    }

    int exitCode = ExitOk;
    actions::ProbeBurst::Result result;
    const auto outcomes = runOnTargets(
            {positional.at(0)}, *args, [&](remote::RemoteHost &host, TargetOutcome &) {
                const QUrl &url = bounded->url;
                if (!actions::ProbeBurst::allowedHost(url, host.options().host, {})
                    && !actions::ProbeBurst::allowedHost(
                            url, host.options().host, actions::ProbeBurst::serverNamesOn(host))) {
                    err << "gatescope-cli probe: " << url.host()
                        << " is not this server (its address, loopback, or a server name its nginx "
                           "serves); a burst is never aimed at anyone else.\n";
                    exitCode = ExitUsage;
                    return;
                }
                QElapsedTimer clock;
                clock.start();
                if (from == QLatin1String("server")) {
                    auto run = host.run(actions::ProbeBurst::serverCommand(*bounded),
                                        (actions::ProbeBurst::kMaxSeconds + 15) * 1000);
                    if (!run) {
                        err << "gatescope-cli probe: " << run.error().text() << '\n';
                        exitCode = ExitUnreachable;
                        return;
                    }
                    actions::ProbeBurst::addSamples(result, run->stdOut);
                    notes << QStringLiteral("built-in loop over curl on the server");
                } else {
                    result = burstFromHere(*bounded);
                }
                result.durationMs = clock.elapsed();
                result.url = url.toString();
                result.from = from;
                result.notes = notes;
                actions::ProbeBurst::noteShortfall(result, bounded->requests);
                audit::AuditEntry entry;
                entry.server = positional.at(0);
                entry.host = host.options().displayName();
                entry.action = QStringLiteral("probe");
                entry.command
                        = from == QLatin1String("server")
                                  ? actions::ProbeBurst::serverCommand(*bounded)
                                  : QStringLiteral("%1 GET requests from this workstation to %2")
                                            .arg(bounded->requests)
                                            .arg(url.toString());
                entry.outcome = QStringLiteral("ok");
                entry.detail = QString::fromUtf8(
                        QJsonDocument(result.toJson()).toJson(QJsonDocument::Compact));
                (void)audit::AuditLog().append(entry);
            });
    if (outcomes.front().error) {
        err << "gatescope-cli probe: " << outcomes.front().error->text() << '\n';
        return ExitUnreachable;
    }
    if (exitCode != ExitOk)
        return exitCode;
    if (args->json) {
        out << QJsonDocument(result.toJson()).toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    out << result.requests << " requests to " << result.url << " from " << result.from << " in "
        << result.durationMs << " ms\n";
    for (auto it = result.status.begin(); it != result.status.end(); ++it)
        out << "  " << it.key() << ": " << it.value() << " ("
            << QString::number(100.0 * it.value() / std::max(1, result.requests), 'f', 1)
            << " %)\n";
    if (result.errors)
        out << "  no answer: " << result.errors << '\n';
    out << "  latency ms: p50 " << result.p50 << ", p95 " << result.p95 << ", p99 " << result.p99
        << '\n';
    for (const QString &note : result.notes)
        out << "  note: " << note << '\n';
    return ExitOk;
}

} // namespace

GS_CLI_COMMAND(probe, "probe", "a bounded request burst to reproduce a failure", runProbe);

} // namespace gs::cli
