#include "checks/systemlimitscheck.h"

#include <algorithm>

namespace gs::checks {

using findings::FindingId;

namespace {

constexpr double kNearLimit = 0.8;
constexpr double kFileTableNearFull = 0.9;

QString role(const DiagnosisModel &model, const HostModel::Process &p)
{
    if (p.pid == model.facts.nginx.masterPid)
        return QStringLiteral("nginx master");
    if (p.ppid == model.facts.nginx.masterPid && model.facts.nginx.masterPid > 0)
        return QStringLiteral("nginx worker");
    for (const FpmInstance &instance : model.fpm.instances) {
        if (p.pid == instance.masterPid)
            return QStringLiteral("PHP-FPM master");
        if (p.ppid == instance.masterPid && instance.masterPid > 0)
            return QStringLiteral("PHP-FPM worker");
    }
    return p.comm;
}

// The system-wide file table nearly full: raises system.fd_limit and returns the problem, or
// returns empty.
QString checkFileTable(const HostModel &host, FindingSet &findings)
{
    if (host.filesMax <= 0 || host.filesAllocated < 0)
        return {};
    const double used
            = static_cast<double>(host.filesAllocated) / static_cast<double>(host.filesMax);
    if (used < kFileTableNearFull)
        return {};
    auto &finding = findings.get(FindingId::SystemFdLimit);
    finding.addOccurrence(QStringLiteral("/proc/sys/fs/file-nr"),
                          QStringLiteral("%1 of %2 file handles of the whole system are "
                                         "in use")
                                  .arg(host.filesAllocated)
                                  .arg(host.filesMax));
    finding.remedy.prepend(QStringLiteral("Raise the system-wide limit: `sysctl -w "
                                          "fs.file-max=%1` and the same in "
                                          "/etc/sysctl.d/.")
                                   .arg(host.filesMax * 2));
    return QStringLiteral("system file table %1 % full").arg(used * 100, 0, 'f', 0);
}

// A process (`what`: its role) with nearly as many files open as its limit allows.
void raiseNearLimit(const DiagnosisModel &model,
                    FindingSet &findings,
                    const HostModel::Process &p,
                    const QString &what)
{
    auto &finding = findings.get(FindingId::SystemFdLimit);
    finding.addOccurrence(QStringLiteral("/proc/%1/limits, /proc/%1/fd").arg(p.pid),
                          QStringLiteral("%1 (pid %2, %3) has %4 files open; its limit is %5 "
                                         "(hard %6)")
                                  .arg(what)
                                  .arg(p.pid)
                                  .arg(p.comm)
                                  .arg(p.fds)
                                  .arg(p.nofileSoft)
                                  .arg(p.nofileHard > 0 ? QString::number(p.nofileHard)
                                                        : QStringLiteral("unlimited")));
    findings.confirmLive(finding);
    const QString fix
            = what.startsWith(QLatin1String("nginx"))
                      ? QStringLiteral("Raise nginx's limit: `worker_rlimit_nofile %1;` in "
                                       "the main context of %2 (and `LimitNOFILE=%1` in "
                                       "its systemd unit), then restart nginx.")
                                .arg(std::max<qint64>(p.nofileSoft * 4, 65535))
                                .arg(model.facts.nginx.config)
                      : QStringLiteral("Raise PHP-FPM's limit: `rlimit_files = %1` in "
                                       "[global] (and `LimitNOFILE=%1` in its systemd "
                                       "unit), then restart PHP-FPM.")
                                .arg(std::max<qint64>(p.nofileSoft * 4, 65535));
    if (!finding.remedy.contains(fix))
        finding.remedy.prepend(fix);
}

// The masters' open-files limits, for when their open files could not be counted.
QString masterLimits(const DiagnosisModel &model)
{
    QStringList limits;
    for (const auto &p : model.host.processes) {
        if (p.pid == model.facts.nginx.masterPid
            || role(model, p).endsWith(QLatin1String("master")))
            limits << QStringLiteral("%1 %2").arg(role(model, p)).arg(p.nofileSoft);
    }
    return limits.join(QLatin1String(", "));
}

} // namespace

CheckResult SystemLimitsCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const HostModel &host = model.host;
    QStringList problems;
    QStringList notes;

    if (const QString fileTable = checkFileTable(host, findings); !fileTable.isEmpty())
        problems << fileTable;

    if (!host.processesRead) {
        const bool anyMaster
                = model.facts.nginx.masterPid > 0 || !model.facts.fpm.masters.isEmpty();
        if (problems.isEmpty() && !anyMaster)
            return notApplicable(QStringLiteral("neither nginx nor PHP-FPM runs"));
        if (problems.isEmpty())
            return result(CheckStatus::Skip,
                          QStringLiteral("the processes' limits could not be read"));
        return result(CheckStatus::Warn, problems.join(QLatin1String("; ")));
    }

    int counted = 0;
    qint64 workerLimit = -1;
    for (const auto &p : host.processes) {
        const QString what = role(model, p);
        if (what == QLatin1String("nginx worker") && p.nofileSoft > 0)
            workerLimit = workerLimit < 0 ? p.nofileSoft : std::min(workerLimit, p.nofileSoft);
        if (p.fds < 0 || p.nofileSoft <= 0)
            continue;
        ++counted;
        if (static_cast<double>(p.fds) < kNearLimit * static_cast<double>(p.nofileSoft))
            continue;
        raiseNearLimit(model, findings, p, what);
        problems << QStringLiteral("%1 %2: %3 of %4 files")
                            .arg(what)
                            .arg(p.pid)
                            .arg(p.fds)
                            .arg(p.nofileSoft);
    }

    // Each proxied connection takes two descriptors (client and upstream).
    if (model.nginx && workerLimit > 0 && model.nginx->workerRlimitNofile == 0
        && 2LL * model.nginx->workerConnections > workerLimit)
        notes << QStringLiteral("worker_connections %1 needs up to %2 files but the workers may "
                                "open %3")
                         .arg(model.nginx->workerConnections)
                         .arg(2 * model.nginx->workerConnections)
                         .arg(workerLimit);

    if (!problems.isEmpty())
        return result(CheckStatus::Warn, (problems + notes).join(QLatin1String("; ")));
    if (counted == 0)
        return result(CheckStatus::Skip,
                      QStringLiteral("needs sudo: only root may count the open files of nginx "
                                     "and PHP-FPM (limits: %1)")
                              .arg(masterLimits(model)));
    return result(CheckStatus::Pass,
                  QStringLiteral("%1 nginx/PHP-FPM process(es) well below their open-files limit")
                                  .arg(counted)
                          + (notes.isEmpty() ? QString()
                                             : QStringLiteral("; note: ")
                                                       + notes.join(QLatin1String("; "))));
}

} // namespace gs::checks
