#include "targetrunner.h"

#include "cliinteraction.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QtConcurrent>

namespace gs::cli {

std::vector<TargetOutcome>
runOnTargets(const QStringList &targets,
             const ConnectionArgs &args,
             const std::function<void(remote::RemoteHost &host, TargetOutcome &outcome)> &work,
             QString (*firstCommand)(int defaultTimeoutMs))
{
    std::optional<QString> secret;
    if (args.passwordStdin)
        secret = CliInteraction::readSecretFromStdin();
    auto interaction = std::make_shared<CliInteraction>(secret);

    // Each target blocks one pool thread on its own session; run them all at once.
    QThreadPool pool;
    pool.setMaxThreadCount(std::max<int>(4, static_cast<int>(targets.size())));
    std::vector<QFuture<TargetOutcome>> futures;
    for (const QString &target : targets) {
        futures.push_back(QtConcurrent::run(&pool, [&, target]() {
            TargetOutcome outcome;
            outcome.target = target;
            QElapsedTimer timer;
            timer.start();
            auto options = resolveTarget(target, args);
            if (!options) {
                outcome.error = options.error();
                return outcome;
            }
            outcome.options = *options;
            if (firstCommand)
                options->firstCommand = firstCommand(options->commandTimeoutMs);
            remote::RemoteHost host(*options, interaction);
            auto opened = host.open().result();
            if (!opened) {
                outcome.error = opened.error();
            } else {
                outcome.options.user = opened->user;
                work(host, outcome);
            }
            outcome.durationMs = timer.elapsed();
            return outcome;
        }));
    }
    std::vector<TargetOutcome> outcomes;
    for (auto &future : futures)
        outcomes.push_back(future.result());
    return outcomes;
}

QJsonObject targetJson(const TargetOutcome &outcome)
{
    QJsonObject json{{QStringLiteral("target"), outcome.target},
                     {QStringLiteral("host"), outcome.options.host},
                     {QStringLiteral("port"), outcome.options.port},
                     {QStringLiteral("user"), outcome.options.user},
                     {QStringLiteral("status"),
                      outcome.error ? QStringLiteral("error") : QStringLiteral("ok")}};
    if (outcome.error) {
        json.insert(QStringLiteral("error"),
                    QJsonObject{{QStringLiteral("code"), errorCodeName(outcome.error->code)},
                                {QStringLiteral("message"), outcome.error->text()}});
    } else {
        json.insert(QStringLiteral("error"), QJsonValue::Null);
    }
    return json;
}

} // namespace gs::cli
