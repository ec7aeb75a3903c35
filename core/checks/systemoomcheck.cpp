#include "checks/systemoomcheck.h"

namespace gs::checks {

using findings::FindingId;

CheckResult SystemOomCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    const HostModel &host = model.host;
    if (!host.oomRead)
        return result(CheckStatus::Skip,
                      QStringLiteral("the kernel log could not be read: %1")
                              .arg(model.whyNotRead(ProbeId::KernelOom)));
    const QString source = host.oomSource == QLatin1String("journal")
                                   ? QStringLiteral("journalctl -k")
                                   : QStringLiteral("dmesg");
    QStringList killed;
    int outside = 0;
    for (const auto &kill : host.oomKills) {
        if (!kill.utc.isValid() || kill.utc < model.windowStartUtc) {
            ++outside;
            continue;
        }
        auto &finding = findings.get(FindingId::SystemOomKill);
        finding.addOccurrence(source, kill.raw, kill.utc);
        const QString who = QStringLiteral("%1 (pid %2)").arg(kill.process).arg(kill.pid);
        if (!killed.contains(who))
            killed << who;
    }
    if (!killed.isEmpty()) {
        auto &finding = findings.get(FindingId::SystemOomKill);
        finding.explanation += QStringLiteral(" Killed in the window: %1.")
                                       .arg(killed.join(QLatin1String(", ")));
        return result(CheckStatus::Fail,
                      QStringLiteral("the kernel killed %1 for lack of memory")
                              .arg(killed.join(QLatin1String(", "))));
    }
    const QString older
            = outside > 0 ? QStringLiteral(" (%1 older kill(s) outside the window)").arg(outside)
                          : QString();
    if (!host.oomDenied.isEmpty())
        return result(CheckStatus::Skip,
                      QStringLiteral("needs sudo: the kernel log is closed to this user (%1)")
                              .arg(host.oomDenied));
    // Without root the journal shows an ordinary user nothing of the kernel, silently.
    if (!host.oomAsRoot && model.facts.loginUid != 0)
        return result(CheckStatus::Skip,
                      QStringLiteral("needs sudo: the kernel log is not readable to this user "
                                     "(%1)")
                              .arg(model.raw.privilegeDetail));
    return result(CheckStatus::Pass,
                  QStringLiteral("no OOM kill in the window (%1)").arg(source) + older);
}

} // namespace gs::checks
