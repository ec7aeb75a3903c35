#include "bundletargets.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <atomic>
#include <thread>

namespace gs::cli {

namespace {

// One outcome per bundle file; a directory without bundles is an outcome with its error.
std::vector<TargetOutcome> expand(const QStringList &paths)
{
    std::vector<TargetOutcome> outcomes;
    const auto add = [&outcomes](const QString &file) {
        TargetOutcome outcome;
        outcome.target = file;
        outcome.options.port = 0;
        outcomes.push_back(outcome);
    };
    for (const QString &path : paths) {
        if (!QFileInfo(path).isDir()) {
            add(path);
            continue;
        }
        const QDir dir(path);
        const QStringList names = dir.entryList(
                {QStringLiteral("*gatescope-bundle*.tar.gz")}, QDir::Files, QDir::Name);
        for (const QString &name : names)
            add(dir.filePath(name));
        if (names.isEmpty()) {
            add(path);
            outcomes.back().error = makeError(
                    ErrorCode::NotFound,
                    QStringLiteral("%1 holds no gatescope-bundle-*.tar.gz file.").arg(path),
                    QStringLiteral("Name the folder the bundles were fetched into, or the "
                                   "bundle files themselves."));
        }
    }
    return outcomes;
}

} // namespace

QJsonObject bundleJson(const bundle::SupportBundle &bundle)
{
    return {{QStringLiteral("file"), QFileInfo(bundle.path()).fileName()},
            {QStringLiteral("collected_utc"), bundle.collectedUtc().toString(Qt::ISODate)},
            {QStringLiteral("collected_as"), bundle.user()},
            {QStringLiteral("as_root"), bundle.asRoot()},
            {QStringLiteral("redacted"), bundle.redacted()},
            {QStringLiteral("script_version"), bundle.scriptVersion()}};
}

std::vector<TargetOutcome>
runOnBundles(const QStringList &paths,
             const std::function<void(const bundle::SupportBundle &, TargetOutcome &)> &work)
{
    std::vector<TargetOutcome> outcomes = expand(paths);
    // Bundles are pure CPU: one worker per core, each taking the next bundle. std::thread and
    // join (not a Qt pool) so that what the workers wrote is seen whole afterwards, and
    // ThreadSanitizer sees why.
    std::atomic<std::size_t> next{0};
    const auto worker = [&outcomes, &next, &work] {
        for (std::size_t i = next++; i < outcomes.size(); i = next++) {
            TargetOutcome &outcome = outcomes[i];
            if (outcome.error)
                continue;
            QElapsedTimer timer;
            timer.start();
            const auto bundle = bundle::SupportBundle::open(outcome.target);
            if (!bundle) {
                outcome.error = bundle.error();
            } else {
                outcome.options.host = bundle->host();
                outcome.options.user = bundle->user();
                work(*bundle, outcome);
            }
            outcome.durationMs = timer.elapsed();
        }
    };
    const std::size_t count = std::min<std::size_t>(
            outcomes.size(), std::max(2u, std::thread::hardware_concurrency()));
    std::vector<std::thread> workers;
    for (std::size_t i = 0; i < count; ++i)
        workers.emplace_back(worker);
    for (std::thread &thread : workers)
        thread.join();
    return outcomes;
}

} // namespace gs::cli
