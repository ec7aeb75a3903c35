#include "checks/phpfpmlogcheck.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace gs::checks {

using findings::FindingId;

using phpfpm::FpmLogEntry;

namespace {

constexpr int kFrequentEpisodes = 5;

// The pm.max_children that fits in memory: the workers' present RSS plus 80 % of what is still
// available, divided by the average worker RSS. 0 when unknown.
int fittingMaxChildren(const DiagnosisModel &model, const FpmInstance &instance, double *avgMb)
{
    if (instance.masterPid <= 0 || !model.host.memory)
        return 0;
    qint64 total = 0;
    int workers = 0;
    for (const auto &child : model.host.childrenOf(instance.masterPid)) {
        if (child.rssKb > 0) {
            total += child.rssKb;
            ++workers;
        }
    }
    if (workers == 0)
        return 0;
    const double average = static_cast<double>(total) / workers;
    *avgMb = average / 1024.0;
    const double budget = static_cast<double>(total)
                          + 0.8 * static_cast<double>(model.host.memory->availableKb);
    return static_cast<int>(std::floor(budget / average));
}

// The next pm.max_children to try: memory is one bound, CPU and the database are others, so grow
// in steps (at most 4x, at least +4) up to what fits. 0 when memory does not allow more.
int nextMaxChildren(int fitting, int current)
{
    if (fitting <= current || current <= 0)
        return 0;
    return std::min(fitting, std::max(current * 4, current + 4));
}

// The guided fix: write that step into the pool, where the setting is (or its header).
std::optional<findings::ConfigEdit> maxChildrenEdit(const DiagnosisModel &model,
                                                    const FpmInstance &instance,
                                                    const phpfpm::PoolConfig::Pool *pool,
                                                    int current)
{
    double avgMb = 0;
    const int step
            = pool ? nextMaxChildren(fittingMaxChildren(model, instance, &avgMb), current) : 0;
    if (step == 0)
        return std::nullopt;
    const auto setting = pool->values.value(QStringLiteral("pm.max_children"));
    findings::ConfigEdit edit = findings::ConfigEdit::fpmPool(
            setting.line > 0 ? setting.file : pool->file,
            setting.line > 0 ? setting.line : pool->line,
            pool->name,
            {{QStringLiteral("pm.max_children"), QString::number(step)}});
    edit.summary = QStringLiteral("Raise pm.max_children of pool [%1] from %2 to %3: each worker "
                                  "uses about %4 MB, and that many fit in the memory available.")
                           .arg(pool->name)
                           .arg(current)
                           .arg(step)
                           .arg(avgMb, 0, 'f', 0);
    return edit;
}

QString maxChildrenRemedy(const DiagnosisModel &model,
                          const FpmInstance &instance,
                          const phpfpm::PoolConfig::Pool *pool,
                          int current)
{
    const auto setting = pool ? pool->values.value(QStringLiteral("pm.max_children"))
                              : phpfpm::PoolConfig::Value{};
    const QString at = setting.line > 0
                               ? fileLine(setting.file, setting.line)
                               : (pool ? fileLine(pool->file, pool->line) : instance.config);
    double avgMb = 0;
    const int fitting = fittingMaxChildren(model, instance, &avgMb);
    const double availableMb
            = model.host.memory ? static_cast<double>(model.host.memory->availableKb) / 1024.0 : 0;
    if (const int step = nextMaxChildren(fitting, current)) {
        return QStringLiteral("Set `pm.max_children = %1` (now %2) at %3, then reload PHP-FPM: "
                              "each worker uses about %4 MB and %5 MB of memory are available, "
                              "so up to %6 workers would fit with 20 % to spare; raise it in "
                              "steps and watch memory and CPU.")
                .arg(step)
                .arg(current)
                .arg(at)
                .arg(avgMb, 0, 'f', 0)
                .arg(availableMb, 0, 'f', 0)
                .arg(fitting);
    }
    if (fitting > 0) {
        return QStringLiteral("Memory does not allow more workers than %1 (about %2 MB each, %3 "
                              "MB available): keep `pm.max_children = %4` at %5 and make the "
                              "requests faster (slowlog), or add memory.")
                .arg(fitting)
                .arg(avgMb, 0, 'f', 0)
                .arg(availableMb, 0, 'f', 0)
                .arg(current)
                .arg(at);
    }
    return QStringLiteral("Raise `pm.max_children` (now %1) at %2 if memory allows: (available "
                          "memory) / (RSS of one worker, `ps -o rss= -C php-fpm`).")
            .arg(current > 0 ? QString::number(current) : QStringLiteral("?"), at);
}

// Why an instance's log cannot be read, or empty when it can.
QString unreadLogReason(const FpmInstance &instance)
{
    if (!instance.configRead)
        return QStringLiteral("%1 unread (%2)").arg(instance.config, instance.configError);
    if (instance.errorLog.isEmpty())
        return QStringLiteral("%1 logs to syslog").arg(instance.config);
    if (!instance.logRead)
        return QStringLiteral("%1%2: %3")
                .arg(instance.logError.contains(QLatin1String("Permission denied"))
                             ? QStringLiteral("needs sudo: ")
                             : QString(),
                     instance.errorLog,
                     instance.logError);
    return {};
}

// The FPM logs and then the status pages, read into findings; keeps what the summary says.
class FpmLogReader
{
public:
    FpmLogReader(const DiagnosisModel &model, FindingSet &findings)
        : m_model(model)
        , m_findings(findings)
    {}

    void readLogs();
    void readStatusPages();

    QStringList skipped;
    QStringList read;
    QStringList statusNotes;
    QMap<QString, int> perId;

private:
    void readEntry(const FpmInstance &instance, const FpmInstance::LogLine &line);
    void raiseLoggedMaxChildren(const FpmInstance &instance,
                                const phpfpm::PoolConfig::Pool *pool,
                                const FpmInstance::LogLine &line,
                                const QString &upstream);
    QString withOomKill(const FpmLogEntry &entry) const;
    void readStatusPage(const FpmPoolStatus &status);
    void raiseSaturatedStatus(const FpmPoolStatus &status,
                              const FpmInstance *owner,
                              const phpfpm::PoolConfig::Pool *pool,
                              const QString &text);

    const DiagnosisModel &m_model;
    FindingSet &m_findings;
    QMap<QString, int> m_loggedReached; // by upstream
};

void FpmLogReader::readLogs()
{
    for (const FpmInstance &instance : m_model.fpm.instances) {
        if (const QString reason = unreadLogReason(instance); !reason.isEmpty()) {
            skipped << reason;
            continue;
        }
        read << instance.errorLog;
        for (const auto &line : instance.log)
            readEntry(instance, line);
    }
}

void FpmLogReader::readEntry(const FpmInstance &instance, const FpmInstance::LogLine &line)
{
    const QString &source = instance.errorLog;
    const FpmLogEntry &entry = line.entry;
    const auto *pool = instance.conf.pool(entry.pool);
    const QString upstream = pool ? FpmModel::peerOf(pool->listen()) : QString();
    switch (entry.kind) {
    case FpmLogEntry::Kind::MaxChildrenReached:
        raiseLoggedMaxChildren(instance, pool, line, upstream);
        break;
    case FpmLogEntry::Kind::ExecutionTimedOut: {
        auto &finding = m_findings.get(FindingId::PhpFpmRequestTimeout, upstream);
        finding.addOccurrence(source, entry.raw, line.utc);
        if (pool && finding.configFile.isEmpty()) {
            const auto setting = pool->values.value(QStringLiteral("request_terminate_timeout"));
            finding.configFile = setting.line > 0 ? setting.file : pool->file;
            finding.configLine = setting.line > 0 ? setting.line : pool->line;
        }
        ++perId[finding.id];
        break;
    }
    case FpmLogEntry::Kind::ChildExitedWithCode:
    case FpmLogEntry::Kind::ChildExitedOnSignal: {
        // SIGTERM right after "execution timed out" is that timeout; SIGQUIT and SIGTERM
        // otherwise come from FPM's own reload and stop. Exit code 0 is a normal end.
        if (!entry.findingId() || entry.signal == 15 || entry.signal == 3)
            break;
        auto &finding = m_findings.get(FindingId::PhpFpmWorkerKilled, upstream);
        finding.addOccurrence(source, withOomKill(entry), line.utc);
        ++perId[finding.id];
        break;
    }
    case FpmLogEntry::Kind::ExecutingTooSlow: {
        auto &finding = m_findings.get(FindingId::PhpFpmSlowRequests, upstream);
        finding.addOccurrence(source, entry.raw, line.utc);
        ++perId[finding.id];
        break;
    }
    case FpmLogEntry::Kind::ConfigOpenFailed:
    case FpmLogEntry::Kind::UnableToBind:
    case FpmLogEntry::Kind::InitFailed: {
        if (instance.masterPid > 0)
            break; // it started since: that failure is history
        auto &finding = m_findings.get(FindingId::PhpFpmConfigInvalid);
        finding.addOccurrence(source, entry.raw, line.utc);
        ++perId[finding.id];
        break;
    }
    default: break;
    }
}

void FpmLogReader::raiseLoggedMaxChildren(const FpmInstance &instance,
                                          const phpfpm::PoolConfig::Pool *pool,
                                          const FpmInstance::LogLine &line,
                                          const QString &upstream)
{
    const FpmLogEntry &entry = line.entry;
    auto &finding = m_findings.get(FindingId::PhpFpmMaxChildrenReached, upstream);
    const bool first = finding.count == 0;
    finding.addOccurrence(instance.errorLog, entry.raw, line.utc);
    ++m_loggedReached[upstream];
    // FPM logs this once per episode: many episodes in the window is chronic.
    if (m_loggedReached.value(upstream) >= kFrequentEpisodes)
        finding.severity = findings::Finding::Severity::Critical;
    if (first) {
        const int current = entry.maxChildren > 0 ? entry.maxChildren
                                                  : (pool ? pool->maxChildren().value_or(0) : 0);
        finding.remedy.prepend(maxChildrenRemedy(m_model, instance, pool, current));
        finding.edit = maxChildrenEdit(m_model, instance, pool, current);
        if (pool) {
            const auto setting = pool->values.value(QStringLiteral("pm.max_children"));
            finding.configFile = setting.line > 0 ? setting.file : pool->file;
            finding.configLine = setting.line > 0 ? setting.line : pool->line;
        }
    }
    ++perId[finding.id];
}

// The exit's log line, with the kernel's OOM kill of that worker when there is one.
QString FpmLogReader::withOomKill(const FpmLogEntry &entry) const
{
    QString text = entry.raw;
    for (const auto &kill : m_model.host.oomKills) {
        if (kill.pid == entry.childPid) {
            text += QStringLiteral(" [the kernel's OOM killer did it: %1]").arg(kill.raw);
            break;
        }
    }
    return text;
}

// Status pages: a pool at its ceiling with no idle worker is saturated right now (the
// status request itself occupies a worker, so it is counted among the active ones).
void FpmLogReader::readStatusPages()
{
    for (const FpmPoolStatus &status : m_model.fpm.status)
        readStatusPage(status);
}

void FpmLogReader::readStatusPage(const FpmPoolStatus &status)
{
    const phpfpm::PoolConfig::Pool *pool = nullptr;
    const FpmInstance *owner = nullptr;
    for (const FpmInstance &instance : m_model.fpm.instances) {
        if ((pool = instance.conf.pool(status.pool))) {
            owner = &instance;
            break;
        }
    }
    const QString upstream = pool ? FpmModel::peerOf(pool->listen()) : QString();
    const QString source = QStringLiteral("status page (%1)").arg(status.via);
    if (!status.ok) {
        statusNotes << QStringLiteral("status of [%1] unavailable: %2")
                               .arg(status.pool, status.error.left(120));
        if (status.timedOut && m_loggedReached.value(upstream) > 0) {
            auto &finding = m_findings.get(FindingId::PhpFpmMaxChildrenReached, upstream);
            finding.addOccurrence(source,
                                  QStringLiteral("the status page of pool %1 did not answer "
                                                 "within 8 s: every worker is busy and "
                                                 "requests wait in the queue")
                                          .arg(status.pool));
            finding.severity = findings::Finding::Severity::Critical;
            m_findings.confirmLive(finding);
        }
        return;
    }
    const int max = pool ? pool->maxChildren().value_or(0) : 0;
    const auto &s = status.status;
    const QString text = QStringLiteral("pool %1: active processes %2, idle processes %3, "
                                        "total processes %4 (pm.max_children %5), max "
                                        "children reached %6, listen queue %7, slow "
                                        "requests %8")
                                 .arg(s.pool)
                                 .arg(s.activeProcesses)
                                 .arg(s.idleProcesses)
                                 .arg(s.totalProcesses)
                                 .arg(max > 0 ? QString::number(max) : QStringLiteral("?"))
                                 .arg(s.maxChildrenReached)
                                 .arg(s.listenQueue)
                                 .arg(s.slowRequests);
    statusNotes << text;
    raiseSaturatedStatus(status, owner, pool, text);
    if (m_findings.contains(FindingId::PhpFpmSlowRequests) && s.slowRequests > 0)
        m_findings.get(FindingId::PhpFpmSlowRequests, upstream).addOccurrence(source, text);
}

// A pool at its ceiling on its status page, or one the log saw saturated: max_children reached.
void FpmLogReader::raiseSaturatedStatus(const FpmPoolStatus &status,
                                        const FpmInstance *owner,
                                        const phpfpm::PoolConfig::Pool *pool,
                                        const QString &text)
{
    const QString upstream = pool ? FpmModel::peerOf(pool->listen()) : QString();
    const QString source = QStringLiteral("status page (%1)").arg(status.via);
    const int logged = m_loggedReached.value(upstream);
    const int max = pool ? pool->maxChildren().value_or(0) : 0;
    const auto &s = status.status;
    const bool atCeiling = max > 0 && s.totalProcesses >= max && s.idleProcesses == 0;
    if (!atCeiling && logged == 0)
        return;
    auto &finding = m_findings.get(FindingId::PhpFpmMaxChildrenReached, upstream);
    const bool first = finding.count == 0;
    if (atCeiling || s.maxChildrenReached > 0)
        finding.addOccurrence(source,
                              atCeiling ? text
                                                  + QStringLiteral(": no idle worker is "
                                                                   "left, the pool is at "
                                                                   "its limit now")
                                        : text);
    if (first && finding.count > 0 && owner) {
        finding.remedy.prepend(maxChildrenRemedy(m_model, *owner, pool, max));
        finding.edit = maxChildrenEdit(m_model, *owner, pool, max);
    }
    if (first && atCeiling)
        ++perId[finding.id];
    // Saturated in the log and still without a spare worker: requests queue now.
    if (atCeiling && logged > 0)
        finding.severity = findings::Finding::Severity::Critical;
    if (atCeiling)
        m_findings.confirmLive(finding); // seen on the status page just now
}

} // namespace

CheckResult PhpFpmLogCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (model.fpm.instances.isEmpty())
        return notApplicable(QStringLiteral("PHP-FPM is not installed"));
    FpmLogReader reader(model, findings);
    reader.readLogs();
    reader.readStatusPages();

    const QMap<QString, int> &perId = reader.perId;
    const bool anyStatus = std::any_of(model.fpm.status.begin(),
                                       model.fpm.status.end(),
                                       [](const FpmPoolStatus &status) { return status.ok; });
    if (reader.read.isEmpty() && !anyStatus && perId.isEmpty())
        return result(CheckStatus::Skip,
                      (reader.skipped + reader.statusNotes).join(QLatin1String("; ")));
    QStringList parts;
    for (auto it = perId.begin(); it != perId.end(); ++it)
        parts << QStringLiteral("%1 × %2").arg(it.value()).arg(it.key());
    QString summary
            = parts.isEmpty()
                      ? QStringLiteral("nothing about saturation, killed workers or "
                                       "timeouts in %1")
                                .arg(reader.read.isEmpty() ? QStringLiteral("the status pages")
                                                           : reader.read.join(QLatin1String(", ")))
                      : parts.join(QLatin1String(", "));
    if (!reader.statusNotes.isEmpty())
        summary += QStringLiteral("; ") + reader.statusNotes.join(QLatin1String("; "));
    if (!reader.skipped.isEmpty())
        summary += QStringLiteral(" (not read: %1)").arg(reader.skipped.join(QLatin1String("; ")));
    if (parts.isEmpty())
        return result(CheckStatus::Pass, summary);
    const bool critical = perId.contains(findings::findingName(FindingId::PhpFpmWorkerKilled))
                          || perId.contains(findings::findingName(FindingId::PhpFpmConfigInvalid));
    const bool onlyInfo = perId.size() == 1
                          && perId.contains(findings::findingName(FindingId::PhpFpmSlowRequests));
    return result(critical ? CheckStatus::Fail : (onlyInfo ? CheckStatus::Pass : CheckStatus::Warn),
                  summary);
}

} // namespace gs::checks
