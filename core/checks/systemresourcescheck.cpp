#include "checks/systemresourcescheck.h"

#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

constexpr double kLowMemoryPercent = 10.0;
constexpr double kHeavySwapPercent = 80.0;
constexpr double kLoadPerCore = 2.0;
constexpr int kDiskWarnPercent = 90;
constexpr int kDiskCriticalPercent = 98;

double mb(qint64 kb)
{
    return static_cast<double>(kb) / 1024.0;
}

// The paths whose filesystem matters to a gateway: logs, sockets, configurations, temp files.
QStringList pathsThatMatter(const DiagnosisModel &model)
{
    QStringList paths = model.errorLogPaths();
    if (model.nginx) {
        for (const auto &log : model.nginx->accessLogs) {
            if (!log.off && log.path.startsWith(QLatin1Char('/')))
                paths << log.path;
        }
    }
    if (!model.facts.nginx.config.isEmpty())
        paths << model.facts.nginx.config;
    for (const FpmInstance &instance : model.fpm.instances) {
        paths << instance.config;
        if (!instance.errorLog.isEmpty())
            paths << instance.errorLog;
    }
    for (const UpstreamTarget &target : model.upstreams) {
        for (const QString &peer : target.peers) {
            if (peer.startsWith(QLatin1String("unix:")))
                paths << peer.mid(5);
        }
    }
    paths << QStringLiteral("/tmp") << QStringLiteral("/var/log") << QStringLiteral("/var/lib");
    return paths;
}

// What memory, load and disks add up to: the summary's figures and problems.
struct Tally
{
    QStringList notes;
    QStringList problems;
    bool critical = false;
};

void checkMemory(const HostModel &host, FindingSet &findings, Tally &tally)
{
    if (!host.memory) {
        tally.notes << QStringLiteral("memory unknown");
        return;
    }
    const auto &m = *host.memory;
    const QString text = QStringLiteral("MemAvailable %1 MB of %2 MB (%3 %), swap used %4 of "
                                        "%5 MB")
                                 .arg(mb(m.availableKb), 0, 'f', 0)
                                 .arg(mb(m.totalKb), 0, 'f', 0)
                                 .arg(m.availablePercent(), 0, 'f', 1)
                                 .arg(mb(m.swapTotalKb - m.swapFreeKb), 0, 'f', 0)
                                 .arg(mb(m.swapTotalKb), 0, 'f', 0);
    tally.notes << text;
    const bool low = m.totalKb > 0 && m.availablePercent() < kLowMemoryPercent;
    const bool swapping = m.swapTotalKb > 0 && m.swapUsedPercent() >= kHeavySwapPercent;
    if (!low && !swapping)
        return;
    auto &finding = findings.get(FindingId::SystemMemoryPressure);
    finding.addOccurrence(QStringLiteral("/proc/meminfo"), text);
    findings.confirmLive(finding);
    tally.problems << (low ? QStringLiteral("little memory available")
                           : QStringLiteral("swap heavily used"));
}

void checkLoad(const DiagnosisModel &model, FindingSet &findings, Tally &tally)
{
    const HostModel &host = model.host;
    const int cpus = host.cpus > 0 ? host.cpus : model.facts.cpus;
    if (!host.load || cpus <= 0)
        return;
    const auto &l = *host.load;
    const QString text = QStringLiteral("load average %1 %2 %3 on %4 core(s)")
                                 .arg(l.load1, 0, 'f', 2)
                                 .arg(l.load5, 0, 'f', 2)
                                 .arg(l.load15, 0, 'f', 2)
                                 .arg(cpus);
    tally.notes << text;
    // The 5-minute figure: a single burst does not make a loaded host.
    if (l.load5 > kLoadPerCore * cpus) {
        auto &finding = findings.get(FindingId::SystemLoadHigh);
        finding.addOccurrence(QStringLiteral("/proc/loadavg"), text);
        findings.confirmLive(finding);
        tally.problems << QStringLiteral("load %1 on %2 core(s)").arg(l.load5, 0, 'f', 1).arg(cpus);
    }
}

// Each filesystem holding a path that matters, once.
void checkDisks(const DiagnosisModel &model, FindingSet &findings, Tally &tally)
{
    QSet<QString> mounts;
    QStringList full;
    for (const QString &path : pathsThatMatter(model)) {
        const auto *fs = sys::HostStatsParser::filesystemFor(model.host.filesystems, path);
        if (!fs || mounts.contains(fs->mountPoint))
            continue;
        mounts.insert(fs->mountPoint);
        if (fs->capacityPercent < kDiskWarnPercent)
            continue;
        auto &finding = findings.get(FindingId::SystemDiskFull);
        finding.addOccurrence(QStringLiteral("df -P"),
                              QStringLiteral("%1 (%2) is %3 % full, %4 MB free; it holds %5")
                                      .arg(fs->mountPoint, fs->device)
                                      .arg(fs->capacityPercent)
                                      .arg(mb(fs->availableKb), 0, 'f', 0)
                                      .arg(path));
        if (fs->capacityPercent >= kDiskCriticalPercent) {
            finding.severity = findings::Finding::Severity::Critical;
            tally.critical = true;
        } else if (finding.severity != findings::Finding::Severity::Critical) {
            finding.severity = findings::Finding::Severity::Warning;
        }
        findings.confirmLive(finding);
        full << QStringLiteral("%1 %2 %").arg(fs->mountPoint).arg(fs->capacityPercent);
    }
    if (!full.isEmpty())
        tally.problems << QStringLiteral("disk: ") + full.join(QLatin1String(", "));
    else if (!mounts.isEmpty())
        tally.notes << QStringLiteral("%1 filesystem(s) below %2 %")
                               .arg(mounts.size())
                               .arg(kDiskWarnPercent);
}

} // namespace

CheckResult SystemResourcesCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const HostModel &host = model.host;
    if (!host.systemRead) {
        return result(CheckStatus::Skip,
                      QStringLiteral("the system's state could not be read: %1")
                              .arg(model.whyNotRead(ProbeId::System)));
    }
    Tally tally;
    checkMemory(host, findings, tally);
    checkLoad(model, findings, tally);
    checkDisks(model, findings, tally);

    if (tally.problems.isEmpty())
        return result(CheckStatus::Pass, tally.notes.join(QLatin1String("; ")));
    return result(tally.critical ? CheckStatus::Fail : CheckStatus::Warn,
                  tally.problems.join(QLatin1String("; ")) + QStringLiteral(" (")
                          + tally.notes.join(QLatin1String("; ")) + QLatin1Char(')'));
}

} // namespace gs::checks
