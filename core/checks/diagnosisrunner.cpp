#include "checks/diagnosisrunner.h"

#include "findings/findingcatalog.h"

#include "checks/diagnosisplanner.h"
#include "checks/gatherer.h"
#include "util/logcategories.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>

#include <algorithm>
#include <array>
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

} // namespace

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
    return runRounds([&gatherer](const QList<Gatherer::Command> &batch,
                                 RawObservations &into) { gatherer.run(batch, into); },
                     std::move(raw),
                     options,
                     progress,
                     onCheck,
                     cancelled);
}

DiagnosisReport DiagnosisRunner::runRounds(const Gather &gather,
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
    raw.windowSeconds = options.windowSeconds;
    raw.errorRateThresholdPercent = options.errorRateThresholdPercent;
    raw.nginxConfig = options.nginxConfig;
    const QSet<ProbeId> needed = DiagnosisPlanner::needed(DiagnosisEngine::checklist());
    DiagnosisModel model;

    say(QStringLiteral("Finding out what runs on the server"));
    gather(DiagnosisPlanner::round(Round::Facts, model, needed), raw);
    if (const CommandOutput *clock = raw.get(ProbeId::Clock); clock && clock->ok()) {
        const QList<QByteArray> lines = clock->out.split('\n');
        raw.utcOffsetSeconds = parseUtcOffset(lines.value(0));
        raw.serverNowEpoch = lines.value(1).trimmed().toLongLong();
    }
    if (raw.serverNowEpoch == 0)
        raw.serverNowEpoch = QDateTime::currentSecsSinceEpoch();
    model.absorb(raw, Round::Facts);

    const std::array<std::pair<Round, QString>, 2> later{
            {{Round::Host,
              QStringLiteral("Reading the nginx configuration and the system's state")},
             {Round::Targets, QStringLiteral("Reading logs and probing upstreams")}}};
    for (const auto &[round, step] : later) {
        // A cancelled run still reads its rounds: what was not gathered shows as not read.
        if (!(cancelled && cancelled->load())) {
            say(step);
            gather(DiagnosisPlanner::round(round, model, needed), raw);
        }
        model.absorb(raw, round);
    }

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
