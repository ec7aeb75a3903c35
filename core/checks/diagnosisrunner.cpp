#include "checks/diagnosisrunner.h"

#include "findings/findingcatalog.h"

#include "checks/diagnosisplanner.h"
#include "checks/gatherer.h"
#include "util/logcategories.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <utility>

namespace gs::checks {

namespace {

// "+0100" -> 3600
int parseUtcOffset(const QByteArray &text)
{
    const QByteArray t = text.trimmed();
    if (t.size() != 5 || (t[0] != '+' && t[0] != '-'))
        return 0;
    const int seconds = t.mid(1, 2).toInt() * 3600 + t.mid(3, 2).toInt() * 60;
    return t[0] == '-' ? -seconds : seconds;
}

// The server's clock and time zone, from the first round; this machine's clock without it.
void readClock(RawObservations &raw)
{
    if (const CommandOutput *clock = raw.get(ProbeId::Clock); clock && clock->ok()) {
        const QList<QByteArray> lines = clock->out.split('\n');
        raw.utcOffsetSeconds = parseUtcOffset(lines.value(0));
        raw.serverNowEpoch = lines.value(1).trimmed().toLongLong();
    }
    if (raw.serverNowEpoch == 0)
        raw.serverNowEpoch = QDateTime::currentSecsSinceEpoch();
}

// The probes of `round` not in `some`.
QSet<ProbeId> allBut(Round round, const QSet<ProbeId> &some)
{
    QSet<ProbeId> rest;
    for (const ProbeCatalog::Entry &entry : ProbeCatalog::entries()) {
        if (entry.round == round && !some.contains(entry.id))
            rest.insert(entry.id);
    }
    return rest;
}

} // namespace

QString DiagnosisRunner::firstCommand(int defaultTimeoutMs)
{
    // The first round reads no model: it is the same for every server.
    return Gatherer::unprivilegedCommand(
            DiagnosisPlanner::round(Round::Facts,
                                    DiagnosisModel{},
                                    DiagnosisPlanner::needed(DiagnosisEngine::checklist())),
            defaultTimeoutMs);
}

bool DiagnosisRunner::isStartupRace(const findings::Finding &finding)
{
    const findings::FindingCatalog::Entry *entry = findings::FindingCatalog::find(finding.id);
    return finding.state == findings::Finding::State::Current && entry && entry->startupRace;
}

DiagnosisReport DiagnosisRunner::run(remote::RemoteHost &host,
                                     const Options &options,
                                     const Progress &progress,
                                     const DiagnosisEngine::CheckDone &onCheck,
                                     const std::atomic<bool> *cancelled)
{
    QElapsedTimer settling;
    settling.start();
    for (;;) {
        // Only the last run's checks are reported: earlier ones raced the service's start.
        const bool last = settling.elapsed() >= qint64(options.settleSeconds) * 1000;
        DiagnosisReport report = runOnce(
                host, options, progress, last ? onCheck : DiagnosisEngine::CheckDone{}, cancelled);
        const bool racing = std::any_of(
                report.findings.begin(), report.findings.end(), &DiagnosisRunner::isStartupRace);
        if (last || !racing || (cancelled && cancelled->load())) {
            if (!last && onCheck) {
                for (const CheckResult &check : report.checks)
                    onCheck(check);
            }
            return report;
        }
        if (progress)
            progress(QStringLiteral("Waiting for the service to come up"));
        QThread::msleep(1000);
    }
}

DiagnosisReport DiagnosisRunner::runOnce(remote::RemoteHost &host,
                                         const Options &options,
                                         const Progress &progress,
                                         const DiagnosisEngine::CheckDone &onCheck,
                                         const std::atomic<bool> *cancelled)
{
    RawObservations raw;
    raw.privileged = host.canRunPrivileged();
    raw.privilegeDetail = host.info().privilegeDetail;
    Gatherer gatherer(host, cancelled);
    const Start start = [&gatherer](const QList<Gatherer::Command> &batch, bool yield) -> Collect {
        auto pending = std::make_shared<Gatherer::Pending>(gatherer.start(batch, yield));
        return [&gatherer, pending](RawObservations &into) {
            gatherer.collect(*pending, into);
        };
    };
    return pipeline(start, std::move(raw), options, progress, onCheck, cancelled);
}

DiagnosisReport DiagnosisRunner::runRounds(const Gather &gather,
                                           RawObservations raw,
                                           const Options &options,
                                           const Progress &progress,
                                           const DiagnosisEngine::CheckDone &onCheck,
                                           const std::atomic<bool> *cancelled)
{
    // A source that answers at once has nothing to overlap: each batch is read when collected.
    const Start start = [&gather](const QList<Gatherer::Command> &batch, bool) -> Collect {
        return [&gather, batch](RawObservations &into) {
            gather(batch, into);
        };
    };
    return pipeline(start, std::move(raw), options, progress, onCheck, cancelled);
}

DiagnosisReport DiagnosisRunner::pipeline(const Start &start,
                                          RawObservations raw,
                                          const Options &options,
                                          const Progress &progress,
                                          const DiagnosisEngine::CheckDone &onCheck,
                                          const std::atomic<bool> *cancelled)
{
    QElapsedTimer timer;
    timer.start();
    auto say = [&](const QString &step) {
        qCDebug(lcDiagnose).noquote() << "at" << timer.elapsed() << "ms:" << step;
        if (progress)
            progress(step);
    };
    auto stopped = [cancelled] {
        return cancelled && cancelled->load();
    };
    raw.windowSeconds = options.windowSeconds;
    raw.errorRateThresholdPercent = options.errorRateThresholdPercent;
    raw.nginxConfig = options.nginxConfig;
    const QSet<ProbeId> needed = DiagnosisPlanner::needed(DiagnosisEngine::checklist());
    DiagnosisModel model;

    say(QStringLiteral("Finding out what runs on the server"));
    start(DiagnosisPlanner::round(Round::Facts, model, needed), false)(raw);
    readClock(raw);
    model.absorb(raw, Round::Facts);

    // The host round in two: what the last round is planned from, and the rest, which goes on
    // while the last round runs (one answer fewer to wait for across a slow link). A cancelled
    // run still reads what it started: what was not gathered shows as not read.
    const QSet<ProbeId> planFrom = DiagnosisPlanner::readByLaterRounds(Round::Host);
    QList<Gatherer::Command> first;
    QList<Gatherer::Command> rest;
    if (!stopped()) {
        say(QStringLiteral("Reading the nginx configuration and the system's state"));
        for (const Gatherer::Command &command :
             DiagnosisPlanner::round(Round::Host, model, needed)) {
            const std::optional<ProbeKey> key = ProbeKey::parse(command.key);
            (key && planFrom.contains(key->id) ? first : rest) << command;
        }
    }
    const Collect firstDone = start(first, false);
    const Collect restDone = start(rest, true);
    firstDone(raw);
    model.absorb(raw, Round::Host, planFrom);
    QList<Gatherer::Command> last;
    if (!stopped()) {
        say(QStringLiteral("Reading logs and probing upstreams"));
        last = DiagnosisPlanner::round(Round::Targets, model, needed);
    }
    const Collect lastDone = start(last, false);
    restDone(raw);
    model.absorb(raw, Round::Host, allBut(Round::Host, planFrom));
    lastDone(raw);
    model.absorb(raw, Round::Targets);

    DiagnosisReport report;
    say(QStringLiteral("Checking"));
    DiagnosisEngine::evaluate(model, report, onCheck);
    report.raw = raw;
    report.durationMs = timer.elapsed();
    qCDebug(lcDiagnose).noquote() << "done in" << report.durationMs
                                  << "ms:" << report.findings.size() << "finding(s), coverage"
                                  << report.coverage.summary();
    return report;
}

} // namespace gs::checks
