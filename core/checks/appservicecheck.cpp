#include "checks/appservicecheck.h"

#include "checks/initscriptreport.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QSet>

namespace gs::checks {

using findings::FindingId;

namespace {

constexpr int kCrashLoop = 3;

// A unit that is down or keeps dying: restart it, its journal shown first.
findings::ServiceFix unitRestart(const QString &unit)
{
    return findings::ServiceFix{unit, findings::ServiceFix::Action::Restart, true, {}};
}

// Does the unit's command line or environment name this port or socket path?
bool namesAddress(const UnitReport &unit, const QString &peer)
{
    const QString text = unit.properties.value(QStringLiteral("ExecStart")) + QLatin1Char(' ')
                         + unit.properties.value(QStringLiteral("Environment"));
    if (peer.startsWith(QLatin1String("unix:")))
        return text.contains(peer.mid(5));
    QString host;
    int port = 0;
    if (!FpmModel::splitHostPort(peer, &host, &port) || port <= 0)
        return false;
    const QRegularExpression token(QStringLiteral("[:= ]%1(?![0-9])").arg(port));
    return token.match(text).hasMatch();
}

// A listener on the peer's TCP port at some other address ("[::1]:3000"), or empty.
QString portHolder(const DiagnosisModel &model, const QString &peer)
{
    QString host;
    int port = 0;
    if (peer.startsWith(QLatin1String("unix:")) || !FpmModel::splitHostPort(peer, &host, &port)
        || port <= 0)
        return {};
    for (const auto &socket : model.host.sockets) {
        if (!socket.isUnix() && socket.port == port)
            return socket.endpoint();
    }
    return {};
}

bool isLocalPeer(const QString &peer)
{
    if (peer.startsWith(QLatin1String("unix:")))
        return true;
    QString host;
    int port = 0;
    return FpmModel::splitHostPort(peer, &host, &port)
           && (host == QLatin1String("localhost") || QHostAddress(host).isLoopback());
}

// Whether some upstream address has an init script that names it: then a server without
// systemd still has services to inspect.
bool hasInitScripts(const DiagnosisModel &model)
{
    return !model.services.initScripts.isEmpty();
}

// The services behind the upstreams, walked peer by peer and then unit by unit: raises the
// findings and collects what the check's summary says.
class ServiceSurvey
{
public:
    ServiceSurvey(const DiagnosisModel &model, FindingSet &findings)
        : m_model(model)
        , m_findings(findings)
    {}

    void surveyUpstreams();
    void surveyUnlinkedUnits();
    QString summary() const;

    QStringList problems;
    QStringList fine;
    QStringList unlinked; // failed units that name no upstream address

private:
    void surveyPeer(const QString &peer, const UpstreamTarget &target);
    void surveyInitScript(const QString &peer, const UpstreamTarget &target);
    void raiseCrashLoop(const UnitReport &unit, const QString &peer);
    void raiseDown(const UnitReport &unit, const QString &peer, const UpstreamTarget &target);
    void raiseInitScriptDown(const InitScriptReport &script,
                             const QString &peer,
                             const UpstreamTarget &target);

    const DiagnosisModel &m_model;
    FindingSet &m_findings;
    QSet<QString> m_linkedUnits;
};

void ServiceSurvey::raiseCrashLoop(const UnitReport &unit, const QString &peer)
{
    if (unit.crashes < kCrashLoop)
        return;
    auto &finding = m_findings.get(FindingId::AppCrashLoop, peer);
    finding.serviceFix = unitRestart(unit.unit);
    for (const auto &[when, line] : unit.journal) {
        if (line.contains(QLatin1String("Main process exited"))
            || line.contains(QLatin1String("Scheduled restart job")))
            finding.addOccurrence(QStringLiteral("journalctl -u %1").arg(unit.unit), line, when);
    }
    finding.remedy.prepend(QStringLiteral("Read why %1 dies: `journalctl -u %1 -n 200`; "
                                          "fix the cause before restarting it again.")
                                   .arg(unit.unit));
    m_findings.confirmLive(finding);
    problems << QStringLiteral("%1 crashed %2 time(s) in the window")
                        .arg(unit.unit)
                        .arg(unit.crashes);
}

void ServiceSurvey::raiseDown(const UnitReport &unit,
                              const QString &peer,
                              const UpstreamTarget &target)
{
    auto &finding = m_findings.get(FindingId::AppServiceDown, peer);
    finding.serviceFix = unitRestart(unit.unit);
    finding.addOccurrence(QStringLiteral("systemctl show %1").arg(unit.unit),
                          QStringLiteral("%1 is %2 (%3, result %4) and its unit names %5, "
                                         "where nginx sends requests (%6 %7)")
                                  .arg(unit.unit,
                                       unit.properties.value(QStringLiteral("ActiveState")),
                                       unit.properties.value(QStringLiteral("SubState")),
                                       unit.properties.value(QStringLiteral("Result")),
                                       peer,
                                       target.pass.directive,
                                       target.pass.raw));
    for (const auto &[when, line] : unit.journal.mid(qMax<qsizetype>(0, unit.journal.size() - 5)))
        finding.addOccurrence(QStringLiteral("journalctl -u %1").arg(unit.unit), line, when);
    finding.configFile = target.pass.source.file;
    finding.configLine = target.pass.source.line;
    const QString fix = QStringLiteral("Start it and see why it stopped: `systemctl start %1 "
                                       "&& journalctl -u %1 -n 100`.")
                                .arg(unit.unit);
    if (!finding.remedy.contains(fix))
        finding.remedy.prepend(fix);
    m_findings.confirmLive(finding);
    problems << QStringLiteral("%1 is %2")
                        .arg(unit.unit, unit.properties.value(QStringLiteral("ActiveState")));
}

// Without a unit: the SysV init script that names the address. Its status says whether it
// runs; the log files it names stand in for the journal. Restarts leave no trace there, so
// a crash loop cannot be seen this way.
void ServiceSurvey::raiseInitScriptDown(const InitScriptReport &script,
                                        const QString &peer,
                                        const UpstreamTarget &target)
{
    auto &finding = m_findings.get(FindingId::AppServiceDown, peer);
    const QString said = script.statusLines.isEmpty()
                                 ? QString()
                                 : QStringLiteral(": \"%1\"").arg(script.statusLines.first());
    finding.addOccurrence(QStringLiteral("%1 status").arg(script.script),
                          QStringLiteral("%1 %2 (its status exits %3%4) and its init script "
                                         "names %5, where nginx sends requests (%6 %7)")
                                  .arg(script.name(),
                                       script.stopped() ? QStringLiteral("is not running")
                                                        : QStringLiteral("is in an unknown "
                                                                         "state"),
                                       QString::number(script.status),
                                       said,
                                       peer,
                                       target.pass.directive,
                                       target.pass.raw),
                          {});
    QStringList logs;
    for (const InitScriptReport::LogTail &log : script.logs) {
        if (log.lines.isEmpty())
            continue;
        logs << log.path;
        finding.addOccurrence(
                log.path,
                log.lines.mid(qMax<qsizetype>(0, log.lines.size() - 5)).join(QLatin1Char('\n')),
                {});
    }
    finding.configFile = target.pass.source.file;
    finding.configLine = target.pass.source.line;
    // Its log files stand in for the journal when the restart is offered.
    finding.serviceFix = findings::ServiceFix{
            script.name(), findings::ServiceFix::Action::Restart, false, logs};
    // The catalog's generic advice is systemd's; this server runs the service by its script.
    finding.remedy.removeIf(
            [](const QString &step) { return step.contains(QLatin1String("systemctl")); });
    const QString fix = logs.isEmpty()
                                ? QStringLiteral("Start it: `%1 start`, and look for why it "
                                                 "stopped in the application's own logs.")
                                          .arg(script.script)
                                : QStringLiteral("Start it and see why it stopped: `%1 start "
                                                 "&& tail -n 100 %2`.")
                                          .arg(script.script, logs.first());
    if (!finding.remedy.contains(fix))
        finding.remedy.prepend(fix);
    m_findings.confirmLive(finding);
    problems << QStringLiteral("%1 (init script) %2")
                        .arg(script.name(),
                             script.stopped() ? QStringLiteral("is not running")
                                              : QStringLiteral("status %1").arg(script.status));
}

// The units that own the upstreams' listeners, or whose files name an address nobody holds.
void ServiceSurvey::surveyUpstreams()
{
    QSet<QString> seen;
    for (const UpstreamTarget &target : m_model.upstreams) {
        for (const QString &peer : target.peers) {
            if (seen.contains(peer))
                continue;
            seen.insert(peer);
            surveyPeer(peer, target);
        }
    }
}

void ServiceSurvey::surveyPeer(const QString &peer, const UpstreamTarget &target)
{
    const ServiceModel &services = m_model.services;
    if (const auto found = services.listening.constFind(peer); found != services.listening.cend()) {
        m_linkedUnits.insert(found->unit);
        const QString state = found->properties.value(QStringLiteral("ActiveState"));
        fine << QStringLiteral("%1 → %2 (%3)").arg(peer, found->unit, state);
        raiseCrashLoop(*found, peer);
    }
    // Nothing listened there: the unit whose file names the address.
    const auto unit = services.meant.constFind(peer);
    if (unit == services.meant.cend()) {
        surveyInitScript(peer, target);
        return;
    }
    m_linkedUnits.insert(unit->unit);
    const QString state = unit->properties.value(QStringLiteral("ActiveState"));
    if (state == QLatin1String("active")) {
        fine << QStringLiteral("%1 → %2 (active, but not listening there)").arg(peer, unit->unit);
        raiseCrashLoop(*unit, peer);
        return;
    }
    raiseDown(*unit, peer, target);
    raiseCrashLoop(*unit, peer);
}

// No unit names the address: the init script that does, if any.
void ServiceSurvey::surveyInitScript(const QString &peer, const UpstreamTarget &target)
{
    const auto found = m_model.services.initScripts.constFind(peer);
    const auto script = found == m_model.services.initScripts.cend()
                                ? std::nullopt
                                : std::optional<InitScriptReport>(*found);
    // A script knows its app by a pid file, which misses one started by hand: when
    // something holds the port at another address, that is the likelier app, and
    // the address mismatch (UpstreamAddressCheck) the cause.
    const QString holder = portHolder(m_model, peer);
    if (script && script->running())
        fine << QStringLiteral("%1 → %2 (running, but not listening there)")
                        .arg(peer, script->script);
    else if (script && !holder.isEmpty())
        fine << QStringLiteral("%1 → %2 (status %3, but %4 holds the port)")
                        .arg(peer, script->script)
                        .arg(script->status)
                        .arg(holder);
    else if (script)
        raiseInitScriptDown(*script, peer, target);
}

// Failed services that name an upstream address nothing listens on.
void ServiceSurvey::surveyUnlinkedUnits()
{
    for (const UnitReport &failed : m_model.services.failed) {
        const UnitReport *unit = &failed;
        if (m_linkedUnits.contains(unit->unit))
            continue;
        QString matched;
        const UpstreamTarget *matchedTarget = nullptr;
        for (const UpstreamTarget &target : m_model.upstreams) {
            for (const QString &peer : target.peers) {
                if (isLocalPeer(peer) && namesAddress(*unit, peer)) {
                    matched = peer;
                    matchedTarget = &target;
                    break;
                }
            }
            if (!matched.isEmpty())
                break;
        }
        if (matched.isEmpty()) {
            unlinked << unit->unit;
            continue;
        }
        m_linkedUnits.insert(unit->unit);
        raiseDown(*unit, matched, *matchedTarget);
        raiseCrashLoop(*unit, matched);
    }
}

QString ServiceSurvey::summary() const
{
    if (!problems.isEmpty())
        return problems.join(QLatin1String("; "));
    QString summary = fine.isEmpty() ? QStringLiteral("no upstream listener belongs to a systemd "
                                                      "service%1")
                                               .arg(m_model.raw.privileged
                                                            ? QString()
                                                            : QStringLiteral(" that this user may "
                                                                             "see (needs sudo)"))
                                     : QStringLiteral("running: ") + fine.join(QLatin1String(", "));
    if (!unlinked.isEmpty())
        summary += QStringLiteral("; failed services not linked to an upstream: %1")
                           .arg(unlinked.join(QLatin1String(", ")));
    return summary;
}

} // namespace

CheckResult AppServiceCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.facts.hasSystemd() && !hasInitScripts(model))
        return notApplicable(
                QStringLiteral("the server does not run systemd, so there are no units to "
                               "inspect (and no init script names an upstream address "
                               "that nothing listens on)"));
    if (!model.nginx)
        return result(CheckStatus::Skip,
                      QStringLiteral("the nginx configuration could not be read, so its upstreams "
                                     "are unknown"));
    ServiceSurvey survey(model, findings);
    survey.surveyUpstreams();
    survey.surveyUnlinkedUnits();
    return result(survey.problems.isEmpty() ? CheckStatus::Pass : CheckStatus::Fail,
                  survey.summary());
}

} // namespace gs::checks
