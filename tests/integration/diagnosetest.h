#pragma once

// The DiagnoseTest fixture: runs `gatescope-cli diagnose --json` against the lab with a log
// window that starts when the test did, and reads the findings, checks and exit code.

#include "labtest.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <functional>

using gs::test::LabTest;

namespace gs::test {

struct Diagnosis
{
    int exitCode = -1;
    QJsonObject json;
    QString stderrText;

    QJsonObject target(int index = 0) const
    {
        return json.value(QStringLiteral("targets")).toArray().at(index).toObject();
    }
    QStringList findingIds(int index = 0) const
    {
        QStringList ids;
        for (const auto &finding : target(index).value(QStringLiteral("findings")).toArray())
            ids << finding.toObject().value(QStringLiteral("id")).toString();
        return ids;
    }
    QJsonObject finding(const QString &id, int index = 0) const
    {
        for (const auto &finding : target(index).value(QStringLiteral("findings")).toArray()) {
            if (finding.toObject().value(QStringLiteral("id")).toString() == id)
                return finding.toObject();
        }
        return {};
    }
    QJsonObject check(const QString &id, int index = 0) const
    {
        for (const auto &check : target(index).value(QStringLiteral("checks")).toArray()) {
            if (check.toObject().value(QStringLiteral("id")).toString() == id)
                return check.toObject();
        }
        return {};
    }
};

class DiagnoseTest : public LabTest
{
protected:
    void SetUp() override
    {
        LabTest::SetUp();
        // Logs have one-second resolution and diagnose() gives the window a second of slack:
        // let a quiet second pass after the reset (whose probes, or an earlier test's, may log
        // errors) and start the window on a fresh second, so nothing from before falls inside.
        QThread::msleep(1000);
        QThread::msleep(
                static_cast<unsigned long>(1000 - QDateTime::currentMSecsSinceEpoch() % 1000));
        m_started = QDateTime::currentSecsSinceEpoch();
    }

    QString targetFor(const QString &role) const
    {
        return QStringLiteral("%1@%2:%3")
                .arg(lab().user(role).name, lab().sshHost())
                .arg(lab().sshPort());
    }

    // Runs the CLI with a log window that starts when this test did, so errors left in the
    // logs by earlier tests do not count.
    // `extra`: more options for the command (e.g. --error-rate-threshold).
    Diagnosis
    diagnose(const QStringList &targets, const QString &role, const QStringList &extra = {})
    {
        const qint64 window = windowSeconds();
        QStringList args{QStringLiteral("diagnose")};
        args << targets;
        args << QStringLiteral("--json") << QStringLiteral("--since")
             << QStringLiteral("%1s").arg(window) << QStringLiteral("-i") << lab().user(role).key
             << QStringLiteral("--known-hosts")
             << lab().knownHostsPath()
             // Other nginx instances may run on a developer's machine: diagnose the lab's.
             << QStringLiteral("--nginx-conf") << lab().nginxConf();
        args << extra;
        return diagnosisOf(run(QStringLiteral(GS_CLI_PATH), args));
    }

    // What `gatescope-cli diagnose --json` gave.
    static Diagnosis diagnosisOf(const Command &command)
    {
        Diagnosis diagnosis;
        diagnosis.exitCode = command.exitCode;
        diagnosis.json = QJsonDocument::fromJson(command.out.toUtf8()).object();
        diagnosis.stderrText = command.err;
        return diagnosis;
    }

    // The log window that starts when this test did (a second of slack).
    qint64 windowSeconds() const { return QDateTime::currentSecsSinceEpoch() - m_started + 1; }

    // The role with the most privileges the lab has: nginx -t and the logs need root.
    QString privilegedRole() const
    {
        return lab().hasUser(QStringLiteral("sudo_nopasswd")) ? QStringLiteral("sudo_nopasswd")
                                                              : QStringLiteral("key");
    }

    // The diagnosis ran, its first finding is one of `acceptable` (else the findings and the
    // first one's evidence are printed), and it exited with `expectedExit` (-1: 1 or 2).
    void expectFirst(const Diagnosis &diagnosis,
                     const QStringList &acceptable,
                     int expectedExit = 2,
                     const QString &what = {}) const
    {
        ASSERT_FALSE(diagnosis.json.isEmpty()) << diagnosis.stderrText.toStdString();
        const QStringList ids = diagnosis.findingIds();
        ASSERT_FALSE(ids.isEmpty()) << what.toStdString() << ": no findings";
        EXPECT_TRUE(acceptable.contains(ids.first()))
                << what.toStdString() << ": first finding " << ids.first().toStdString()
                << ", all: " << ids.join(QLatin1Char(' ')).toStdString() << "; window from "
                << m_started << ", its evidence: "
                << QJsonDocument(diagnosis
                                         .json[QStringLiteral("targets")][0][QStringLiteral(
                                                 "findings")][0][QStringLiteral("evidence")]
                                         .toArray())
                           .toJson(QJsonDocument::Compact)
                           .left(1500)
                           .toStdString();
        if (expectedExit >= 0)
            EXPECT_EQ(diagnosis.exitCode, expectedExit) << what.toStdString();
        else
            EXPECT_TRUE(diagnosis.exitCode == 1 || diagnosis.exitCode == 2)
                    << what.toStdString() << ": exit " << diagnosis.exitCode;
    }

    void expectFirstFinding(const QString &breakage,
                            const QStringList &acceptable,
                            const std::function<void()> &traffic,
                            int expectedExit = 2)
    {
        ASSERT_TRUE(breakLab(breakage));
        if (traffic)
            traffic();
        const QString role = privilegedRole();
        expectFirst(diagnose({targetFor(role)}, role), acceptable, expectedExit, breakage);
    }

    void getApp(int times = 3)
    {
        for (int i = 0; i < times; ++i)
            httpGet(lab().appUrl());
    }
    void getPhp(int times = 3)
    {
        for (int i = 0; i < times; ++i)
            httpGet(lab().phpUrl());
    }

    qint64 m_started = 0;
};

} // namespace gs::test
