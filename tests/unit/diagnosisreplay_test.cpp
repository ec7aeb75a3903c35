// Replays RawObservations captured from the lab (gatescope-cli diagnose --save-observations)
// through DiagnosisModel::build and DiagnosisEngine::evaluate, and compares the findings (in
// order) and every check's status with tests/data/diagnosis-<case>/expected.json.
// See tests/data/README.md for how each raw.json was captured.

#include "golden.h"

#include "checks/diagnosisengine.h"
#include "checks/diagnosismodel.h"
#include "findings/findingid.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using gs::checks::CheckStatus;
using gs::checks::DiagnosisEngine;
using gs::checks::DiagnosisModel;
using gs::checks::DiagnosisReport;
using gs::checks::ProbeId;
using gs::checks::RawObservations;

namespace {

std::vector<std::string> cases()
{
    std::vector<std::string> names;
    const QDir dir(QStringLiteral(GS_TEST_DATA_DIR));
    for (const QString &name :
         dir.entryList({QStringLiteral("diagnosis-*")}, QDir::Dirs, QDir::Name)) {
        if (QFile::exists(dir.filePath(name + QStringLiteral("/raw.json"))))
            names.push_back(name.toStdString());
    }
    return names;
}

RawObservations capture(const QString &caseName)
{
    return RawObservations::fromJson(
            QJsonDocument::fromJson(gs::test::readData(caseName, QStringLiteral("raw.json")))
                    .object());
}

DiagnosisReport replay(const QString &caseName)
{
    DiagnosisReport report;
    DiagnosisEngine::evaluate(DiagnosisModel::build(capture(caseName)), report);
    return report;
}

// Probes added after the captures were taken (probecatalog_test.cpp, newerThanTheCaptures): the
// access logs' window.
const QList<ProbeId> kNewerThanTheCaptures = {ProbeId::AccessLog};

// The checks that read a probe the capture holds no output of because it did not exist yet. Such
// a check can only say so; it is compared apart (Replay_ChecksNewerThanTheCapture_SayNotCollected)
// and left out of expected.json, whose contents predate it.
QSet<QString> newerThanTheCapture(const RawObservations &raw)
{
    QSet<QString> ids;
    for (const auto &check : DiagnosisEngine::checklist()) {
        for (const ProbeId probe : check->probes()) {
            if (kNewerThanTheCaptures.contains(probe) && raw.each(probe).isEmpty()
                && !raw.get(probe))
                ids.insert(check->id());
        }
    }
    return ids;
}

QJsonObject summary(const DiagnosisReport &report, const QSet<QString> &leftOut = {})
{
    QJsonArray findings;
    for (const auto &finding : report.findings) {
        findings.append(QStringLiteral("%1 %2 %3")
                                .arg(gs::findings::Finding::severityName(finding.severity),
                                     finding.id,
                                     finding.upstream)
                                .trimmed());
    }
    QJsonObject checks;
    for (const auto &check : report.checks) {
        if (!leftOut.contains(check.id))
            checks.insert(check.id, gs::checks::checkStatusName(check.status));
    }
    return QJsonObject{{QStringLiteral("findings"), findings}, {QStringLiteral("checks"), checks}};
}

class DiagnosisReplayTest : public ::testing::TestWithParam<std::string>
{
};

} // namespace

TEST_P(DiagnosisReplayTest, Replay_MatchesExpectedFindingsAndChecks)
{
    const QString caseName = QString::fromStdString(GetParam());
    const DiagnosisReport report = replay(caseName);
    ASSERT_FALSE(report.checks.isEmpty());
    gs::test::expectGoldenJson(caseName,
                               QStringLiteral("expected.json"),
                               summary(report, newerThanTheCapture(capture(caseName))));
}

TEST_P(DiagnosisReplayTest, Replay_ChecksNewerThanTheCapture_SayNotCollected)
{
    const QString caseName = QString::fromStdString(GetParam());
    const DiagnosisReport report = replay(caseName);
    const QSet<QString> newer = newerThanTheCapture(capture(caseName));
    for (const auto &check : report.checks) {
        if (!newer.contains(check.id))
            continue;
        // Exactly what is forgiven: a gap that names the missing output, never a verdict.
        EXPECT_EQ(check.status, CheckStatus::Skip) << check.id.toStdString();
        EXPECT_TRUE(check.isGap()) << check.id.toStdString();
        EXPECT_TRUE(check.summary.contains(QLatin1String("not collected"))
                    || check.summary.contains(QLatin1String("could not be read")))
                << check.id.toStdString() << ": " << check.summary.toStdString();
    }
    for (const auto &finding : report.findings)
        EXPECT_FALSE(finding.is(gs::findings::FindingId::TrafficErrorRateHigh));
}

TEST_P(DiagnosisReplayTest, Replay_SkipsSayWhyAndNothingErrors)
{
    const DiagnosisReport report = replay(QString::fromStdString(GetParam()));
    for (const auto &check : report.checks) {
        EXPECT_NE(check.status, CheckStatus::Error) << check.id.toStdString();
        EXPECT_FALSE(check.summary.trimmed().isEmpty()) << check.id.toStdString();
    }
    for (const auto &finding : report.findings) {
        EXPECT_FALSE(finding.evidence.isEmpty()) << finding.id.toStdString();
        EXPECT_GT(finding.count, 0) << finding.id.toStdString();
    }
}

TEST_P(DiagnosisReplayTest, Replay_IsDeterministic)
{
    const QString caseName = QString::fromStdString(GetParam());
    EXPECT_EQ(summary(replay(caseName)), summary(replay(caseName)));
}

INSTANTIATE_TEST_SUITE_P(Lab,
                         DiagnosisReplayTest,
                         ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<std::string> &param) {
                             std::string name = param.param.substr(10); // after "diagnosis-"
                             for (char &c : name) {
                                 if (c == '-')
                                     c = '_';
                             }
                             return name;
                         });

TEST(DiagnosisReplay, LabCases_ArePresent)
{
    EXPECT_GE(cases().size(), 6u);
}
