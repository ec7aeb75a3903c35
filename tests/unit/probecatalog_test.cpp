// The declared probes: one catalog entry per probe, keys that round-trip through their stored
// names, checks that declare what they read, and the one planner that derives the rounds. The
// replays run each captured diagnosis through the live path (plan a round, gather it from the
// capture, read it into the model) and must plan exactly what the capture holds and conclude what
// the whole-model replay concludes.

#include "golden.h"

#include "checks/diagnosisengine.h"
#include "checks/diagnosisplanner.h"
#include "checks/diagnosisrunner.h"
#include "checks/probecatalog.h"
#include "checks/upstreamprobecheck.h"

#include <QDir>
#include <QJsonDocument>

using gs::checks::DiagnosisEngine;
using gs::checks::DiagnosisModel;
using gs::checks::DiagnosisPlanner;
using gs::checks::DiagnosisReport;
using gs::checks::kProbeIdCount;
using gs::checks::ProbeCatalog;
using gs::checks::ProbeId;
using gs::checks::ProbeKey;
using gs::checks::RawObservations;
using gs::checks::Round;

namespace {

RawObservations capture(const QString &caseName)
{
    return RawObservations::fromJson(
            QJsonDocument::fromJson(gs::test::readData(caseName, QStringLiteral("raw.json")))
                    .object());
}

QStringList captures()
{
    const QDir dir(QStringLiteral(GS_TEST_DATA_DIR));
    QStringList names;
    for (const QString &name :
         dir.entryList({QStringLiteral("diagnosis-*")}, QDir::Dirs, QDir::Name)) {
        if (QFile::exists(dir.filePath(name + QStringLiteral("/raw.json"))))
            names << name;
    }
    return names;
}

QStringList outcome(const DiagnosisReport &report)
{
    QStringList lines;
    for (const auto &finding : report.findings)
        lines << finding.id + QLatin1Char(' ') + finding.upstream + QLatin1Char(' ')
                         + finding.title;
    for (const auto &check : report.checks)
        lines << check.id + QLatin1Char(' ') + gs::checks::checkStatusName(check.status)
                         + QLatin1Char(' ') + check.summary;
    return lines;
}

// What the planner has read since the captures were taken (tests/data/README.md): the
// configuration files beside `nginx -T`, the init script meant to listen where nothing does, the
// stopped PHP 8.2 FPM when nginx passes to no running pool, and the access logs' window.
bool newerThanTheCaptures(const ProbeKey &key)
{
    return key.id == ProbeId::NginxFiles || key.id == ProbeId::InitScriptFor
           || key.id == ProbeId::AccessLog
           || ((key.id == ProbeId::FpmConfig || key.id == ProbeId::FpmTest)
               && key.subject == QLatin1String("/etc/php/8.2/fpm/php-fpm.conf"));
}

} // namespace

TEST(ProbeCatalog, OneEntryPerProbe_InIdOrder)
{
    const auto &entries = ProbeCatalog::entries();
    ASSERT_EQ(entries.size(), kProbeIdCount);
    for (int i = 0; i < kProbeIdCount; ++i) {
        const auto id = static_cast<ProbeId>(i);
        EXPECT_EQ(entries.at(i).id, id) << i;
        EXPECT_EQ(&ProbeCatalog::entry(id), &entries.at(i));
        EXPECT_STRNE(entries.at(i).without, "") << "what is lost without probe " << i;
    }
}

TEST(ProbeCatalog, KeysRoundTripThroughTheirStoredNames)
{
    for (int i = 0; i < kProbeIdCount; ++i) {
        const auto id = static_cast<ProbeId>(i);
        for (const QString &subject : {QString(), QStringLiteral("/run/php/x.sock:9000|a b")}) {
            const ProbeKey key{id, subject};
            const auto back = ProbeKey::parse(key.name());
            // A kind stored without a subject drops one; the others keep it whole.
            if (!back || back->id != id)
                continue;
            EXPECT_TRUE(back->subject == subject || subject.isEmpty()
                        || key.name() == gs::checks::probeName(id))
                    << key.name().toStdString();
        }
    }
    // The saved names stay the saved format.
    EXPECT_EQ((ProbeKey{ProbeId::NginxDump, {}}.name()), QStringLiteral("nginx_T"));
    EXPECT_EQ((ProbeKey{ProbeId::ErrorLog, QStringLiteral("/var/log/nginx/error.log")}.name()),
              QStringLiteral("errorlog:/var/log/nginx/error.log"));
    EXPECT_EQ(ProbeKey::parse(u"unit:php8.2-fpm.service")->id, ProbeId::UnitState);
    EXPECT_EQ(ProbeKey::parse(u"unitfor:127.0.0.1:3000")->id, ProbeId::UnitForAddress);
    EXPECT_EQ(ProbeKey::parse(u"unitfor:127.0.0.1:3000")->subject,
              QStringLiteral("127.0.0.1:3000"));
    EXPECT_EQ(ProbeKey::parse(u"tcp:[::1]:8080")->subject, QStringLiteral("[::1]:8080"));
    // A support bundle's tail of an access log is stored under the AccessLog probe's own key,
    // so a bundle's diagnosis reads it as the live one reads its window.
    EXPECT_EQ(ProbeKey::parse(u"accesslog:/var/log/nginx/access.log")->id, ProbeId::AccessLog);
    EXPECT_FALSE(ProbeKey::parse(u"accesslog"));
    EXPECT_FALSE(ProbeKey::parse(u"facts:x"));
    EXPECT_FALSE(ProbeKey::parse(u"errorlog"));
}

TEST(ProbeCatalog, EveryProbeIsReadBySomeCheck_AndPlannedFromEarlierRounds)
{
    const auto needed = DiagnosisPlanner::needed(DiagnosisEngine::checklist());
    for (const auto &entry : ProbeCatalog::entries()) {
        const auto name = gs::checks::probeName(entry.id).toStdString();
        EXPECT_TRUE(needed.contains(entry.id)) << name << " is planned for no check";
        EXPECT_TRUE(entry.plan || (entry.plannedBy && ProbeCatalog::entry(*entry.plannedBy).plan))
                << name << " has no planner";
        for (const ProbeId need : entry.needs)
            EXPECT_LT(ProbeCatalog::entry(need).round, entry.round)
                    << name << " is planned from a probe of its own round";
    }
}

TEST(DiagnosisPlanner, RoundsCarryTheDeclaredPrivilegeAndLimits)
{
    const auto needed = DiagnosisPlanner::needed(DiagnosisEngine::checklist());
    const DiagnosisModel model
            = DiagnosisModel::build(capture(QStringLiteral("diagnosis-healthy")));
    QStringList first;
    for (const auto &command : DiagnosisPlanner::round(Round::Facts, model, needed))
        first << command.key;
    EXPECT_EQ(first, (QStringList{QStringLiteral("facts"), QStringLiteral("clock")}));
    for (const Round round : {Round::Host, Round::Targets}) {
        const auto batch = DiagnosisPlanner::round(round, model, needed);
        EXPECT_FALSE(batch.isEmpty());
        for (const auto &command : batch) {
            const auto key = ProbeKey::parse(command.key);
            ASSERT_TRUE(key) << command.key.toStdString();
            const auto &entry = ProbeCatalog::entry(key->id);
            EXPECT_TRUE(entry.round == round || entry.againInTargets) << command.key.toStdString();
            EXPECT_EQ(command.timeoutMs, entry.timeoutMs) << command.key.toStdString();
            // The one exception: a status page fetched through nginx needs no root.
            if (key->id != ProbeId::FpmStatus) {
                EXPECT_EQ(command.privileged, entry.privileged) << command.key.toStdString();
            }
        }
    }
}

TEST(DiagnosisPlanner, PlansOnlyWhatTheChecksRead)
{
    std::vector<std::unique_ptr<gs::checks::Check>> probeOnly;
    probeOnly.push_back(std::make_unique<gs::checks::UpstreamProbeCheck>());
    const auto needed = DiagnosisPlanner::needed(probeOnly);
    EXPECT_TRUE(needed.contains(ProbeId::TcpUpstream));
    EXPECT_TRUE(needed.contains(ProbeId::NginxDump)); // the upstreams come from the configuration
    EXPECT_FALSE(needed.contains(ProbeId::ErrorLog));
    EXPECT_FALSE(needed.contains(ProbeId::UnitState));

    const DiagnosisModel model
            = DiagnosisModel::build(capture(QStringLiteral("diagnosis-healthy")));
    QSet<ProbeId> planned;
    for (const Round round : {Round::Facts, Round::Host, Round::Targets}) {
        for (const auto &command : DiagnosisPlanner::round(round, model, needed))
            planned.insert(ProbeKey::parse(command.key)->id);
    }
    EXPECT_TRUE(planned.contains(ProbeId::TcpUpstream));
    for (const ProbeId id : planned)
        EXPECT_TRUE(needed.contains(id)) << gs::checks::probeName(id).toStdString();
    EXPECT_FALSE(planned.contains(ProbeId::FpmLog));
    EXPECT_FALSE(planned.contains(ProbeId::Site));
}

// The live path over each capture: every round planned from the model of the rounds before,
// gathered from the capture, read into the one model.
TEST(DiagnosisPlanner, LiveRoundsOverEachCapture_PlanWhatWasCaptured_AndConcludeAsTheReplay)
{
    const QStringList names = captures();
    ASSERT_GE(names.size(), 5);
    for (const QString &name : names) {
        SCOPED_TRACE(name.toStdString());
        const RawObservations saved = capture(name);
        QStringList planned;
        const auto gather
                = [&](const QList<gs::checks::Gatherer::Command> &batch, RawObservations &into) {
                      for (const auto &command : batch) {
                          planned << command.key;
                          if (const auto *output = saved.get(command.key))
                              into.outputs.insert(command.key, *output);
                      }
                  };
        RawObservations start;
        start.privileged = saved.privileged;
        start.privilegeDetail = saved.privilegeDetail;
        gs::checks::DiagnosisRunner::Options options;
        options.windowSeconds = saved.windowSeconds;
        options.nginxConfig = saved.nginxConfig;
        const DiagnosisReport live = gs::checks::DiagnosisRunner::runRounds(gather, start, options);

        const QSet<QString> captured(saved.outputs.keyBegin(), saved.outputs.keyEnd());
        const QSet<QString> plannedSet(planned.begin(), planned.end());
        EXPECT_EQ(planned.size(), plannedSet.size()) << "a probe was planned twice";
        QStringList dropped;
        for (const QString &key : captured - plannedSet) {
            // The oldest capture tailed nginx's compiled-in "stderr" as a file.
            if (!key.endsWith(QLatin1String("/nginx/stderr")))
                dropped << key;
        }
        EXPECT_EQ(dropped.join(u' ').toStdString(), "") << "captured, not planned";
        QStringList unexpected;
        for (const QString &key : plannedSet - captured) {
            if (!newerThanTheCaptures(*ProbeKey::parse(key)))
                unexpected << key;
        }
        EXPECT_EQ(unexpected.join(u' ').toStdString(), "") << "planned, not captured";

        DiagnosisReport replay;
        DiagnosisEngine::evaluate(DiagnosisModel::build(saved), replay);
        EXPECT_EQ(outcome(live).join(u'\n').toStdString(),
                  outcome(replay).join(u'\n').toStdString());
    }
}
