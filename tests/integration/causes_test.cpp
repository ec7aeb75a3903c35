// Issue 10, "root cause first": each cause -> symptom pair the lab can make, diagnosed through the
// CLI. The cause must come before its symptom (the catalog's links, not a hand-ordered list),
// the restart blip must be told as a story that ended, and with two nginx instances on one host
// the one the inventory names is the one diagnosed.

#include "diagnosetest.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <utility>

#include <unistd.h>

using gs::test::DiagnoseTest;
using gs::test::Diagnosis;

namespace {

class CausesTest : public DiagnoseTest
{
protected:
    Diagnosis diagnoseAsPrivileged()
    {
        const QString role = privilegedRole();
        return diagnose({targetFor(role)}, role);
    }

    // The first finding is one of the causes, and the first of those found comes before each
    // symptom that was raised too.
    void expectCauseBeforeSymptom(const Diagnosis &diagnosis,
                                  const QStringList &causes,
                                  const QStringList &symptoms) const
    {
        expectFirst(diagnosis, causes);
        const QStringList ids = diagnosis.findingIds();
        qsizetype causeAt = -1;
        for (const QString &cause : causes) {
            if (causeAt < 0)
                causeAt = ids.indexOf(cause);
        }
        for (const QString &symptom : symptoms) {
            const qsizetype at = ids.indexOf(symptom);
            if (at >= 0) {
                EXPECT_LT(causeAt, at) << ids.join(QLatin1Char(' ')).toStdString();
            }
        }
    }
};

// A port that nothing on 127.0.0.1 listens on, within reach of `port` (the address check looks
// for the application within 100 ports of the one nginx dials).
quint16 freePortNear(quint16 port)
{
    for (quint16 candidate = port + 7; candidate < port + 90; ++candidate) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, candidate))
            return candidate;
    }
    return 0;
}

} // namespace

TEST_F(CausesTest, PortConflict_IsNamedBeforeNginxNotRunning)
{
    ASSERT_TRUE(breakLab(QStringLiteral("nginx_port_conflict")));
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    expectCauseBeforeSymptom(diagnosis,
                             {QStringLiteral("nginx.port_conflict")},
                             {QStringLiteral("nginx.not_running")});
    const QJsonObject conflict = diagnosis.finding(QStringLiteral("nginx.port_conflict"));
    EXPECT_TRUE(QJsonDocument(conflict).toJson().contains("Address already in use"))
            << QJsonDocument(conflict).toJson().toStdString();
}

TEST_F(CausesTest, FpmRequestTimeout_IsNamedBeforeTheReset)
{
    ASSERT_TRUE(breakLab(QStringLiteral("fpm_timeout")));
    // The script sleeps 4 s; FPM kills it after 2 s, nginx (fastcgi_read_timeout 30 s) sees the
    // connection go.
    const QString slow = lab().phpSlowUrl() + QStringLiteral("?s=4");
    EXPECT_EQ(httpGet(slow).status, QStringLiteral("502"));
    EXPECT_EQ(httpGet(slow).status, QStringLiteral("502"));
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    expectCauseBeforeSymptom(
            diagnosis,
            {QStringLiteral("phpfpm.request_timeout"), QStringLiteral("phpfpm.timeout_misaligned")},
            {QStringLiteral("upstream.connection_reset"),
             QStringLiteral("upstream.prematurely_closed")});
    EXPECT_FALSE(diagnosis.finding(QStringLiteral("phpfpm.request_timeout")).isEmpty())
            << diagnosis.findingIds().join(QLatin1Char(' ')).toStdString();
}

TEST_F(CausesTest, HttpSentToAnFpmPort_IsProtocolMismatch)
{
    ASSERT_TRUE(breakLab(QStringLiteral("proxy_to_fpm")));
    getApp();
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    expectCauseBeforeSymptom(diagnosis,
                             {QStringLiteral("upstream.protocol_mismatch")},
                             {QStringLiteral("upstream.connection_reset"),
                              QStringLiteral("upstream.prematurely_closed"),
                              QStringLiteral("traffic.site_failing")});
}

TEST_F(CausesTest, AppStartedOnAnotherPort_IsAddressMismatchNamingIt)
{
    const QString upstream = lab().appUpstream(); // 127.0.0.1:PORT
    const quint16 port = static_cast<quint16>(upstream.section(QLatin1Char(':'), -1).toUInt());
    ASSERT_GT(port, 0);
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    // The application came back with another PORT while nginx still dials the old one.
    const quint16 other = freePortNear(port);
    ASSERT_GT(other, 0);
    QProcess app;
    app.start(QStringLiteral("python3"),
              {QStringLiteral("-m"),
               QStringLiteral("http.server"),
               QStringLiteral("--bind"),
               QStringLiteral("127.0.0.1"),
               QString::number(other)});
    ASSERT_TRUE(app.waitForStarted());
    const auto stopApp = qScopeGuard([&app] {
        app.kill();
        app.waitForFinished();
    });
    for (int i = 0; i < 100; ++i) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, other);
        if (socket.waitForConnected(100))
            break;
        QThread::msleep(50);
    }
    getApp();
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    // In root mode the lab's app is also a stopped SysV service, a cause of its own that may come
    // first (restarting it mends the site too); without one the moved app is the first cause.
    QStringList causes{QStringLiteral("upstream.address_mismatch")};
    if (!lab().string(QStringLiteral("app.service")).isEmpty())
        causes << QStringLiteral("app.service_down");
    expectCauseBeforeSymptom(diagnosis, causes, {QStringLiteral("upstream.connection_refused")});
    const QStringList ids = diagnosis.findingIds();
    EXPECT_GE(ids.indexOf(QStringLiteral("upstream.address_mismatch")), 0);
    const QByteArray mismatch
            = QJsonDocument(diagnosis.finding(QStringLiteral("upstream.address_mismatch")))
                      .toJson();
    EXPECT_TRUE(mismatch.contains(QByteArray(QByteArray("127.0.0.1:") + QByteArray::number(other))))
            << mismatch.toStdString();
    EXPECT_TRUE(mismatch.contains("python")) << mismatch.toStdString();
}

TEST_F(CausesTest, RestartBlip_IsToldAsAStoryThatEnded)
{
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    getApp(5);
    ASSERT_TRUE(gs::test::LabEnv::fix(QStringLiteral("app_down")).ok());
    // The app answers again before the diagnosis probes it, as after a real restart.
    QThread::msleep(1500);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    ASSERT_FALSE(diagnosis.json.isEmpty()) << diagnosis.stderrText.toStdString();
    const QJsonObject refused = diagnosis.finding(QStringLiteral("upstream.connection_refused"));
    ASSERT_FALSE(refused.isEmpty()) << diagnosis.findingIds().join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(refused.value(QStringLiteral("state")).toString(), QStringLiteral("past"));
    EXPECT_NE(refused.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
    EXPECT_FALSE(refused.value(QStringLiteral("resolved_by")).toString().isEmpty());
    const QByteArray text = QJsonDocument(refused).toJson();
    EXPECT_TRUE(text.contains("graceful") || text.contains("Graceful")) << text.toStdString();
    // Nothing current is wrong: the past burst does not fail the run.
    EXPECT_LE(diagnosis.exitCode, 1) << diagnosis.findingIds().join(QLatin1Char(' ')).toStdString();
}

TEST_F(CausesTest, FpmConfigInvalid_IsNamedBeforeFpmDownAndTheMissingSocket)
{
    ASSERT_TRUE(breakLab(QStringLiteral("fpm_config_invalid")));
    getPhp();
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    // The prefix layout's FPM configuration is named by nothing on the host once FPM is down
    // (no unit, no init script): then the down FPM and its socket are all there is to say. The
    // Debian layout (lab.debian.causes) keeps its pool where php-fpm -t finds it.
    if (lab().layout() == QLatin1String("debian")) {
        expectCauseBeforeSymptom(diagnosis,
                                 {QStringLiteral("phpfpm.config_invalid")},
                                 {QStringLiteral("phpfpm.not_running"),
                                  QStringLiteral("upstream.socket_missing"),
                                  QStringLiteral("phpfpm.listen_mismatch")});
        const QByteArray invalid
                = QJsonDocument(diagnosis.finding(QStringLiteral("phpfpm.config_invalid")))
                          .toJson();
        EXPECT_TRUE(invalid.contains("pm.max_chidren")) << invalid.toStdString();
    } else {
        expectFirst(diagnosis,
                    {QStringLiteral("phpfpm.config_invalid"),
                     QStringLiteral("phpfpm.not_running"),
                     QStringLiteral("upstream.socket_missing")});
    }
}

// Two nginx instances on one host: the lab's (its app is down) and a healthy second one. Each
// inventory entry names its nginx by its configuration file, and each diagnosis judges only that
// instance: the lab's refused upstream never shows up in the other's diagnosis.
TEST_F(CausesTest, TwoNginxInstances_TheInventorysOneIsDiagnosed)
{
    QTemporaryDir second;
    ASSERT_TRUE(second.isValid());
    QTcpServer portProbe;
    ASSERT_TRUE(portProbe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = portProbe.serverPort();
    portProbe.close();
    const QString root = second.path();
    ASSERT_TRUE(QDir(root).mkpath(QStringLiteral("tmp")));
    const QString conf = root + QStringLiteral("/nginx.conf");
    {
        QFile file(conf);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("pid %1/nginx.pid;\nerror_log %1/error.log;\n"
                                  "events { worker_connections 16; }\n"
                                  "http {\n    access_log off;\n"
                                  "    client_body_temp_path %1/tmp;\n"
                                  "    server { listen 127.0.0.1:%2; return 200 \"second\\n\"; }\n"
                                  "}\n")
                           .arg(root)
                           .arg(port)
                           .toUtf8());
    }
    const QStringList nginxArgs{QStringLiteral("-p"),
                                root + QLatin1Char('/'),
                                QStringLiteral("-c"),
                                conf,
                                QStringLiteral("-e"),
                                root + QStringLiteral("/error.log")};
    const Command started = run(lab().nginxBinary(), nginxArgs);
    ASSERT_EQ(started.exitCode, 0) << started.err.toStdString();
    const auto stopSecond = qScopeGuard([&] {
        run(lab().nginxBinary(),
            QStringList(nginxArgs) << QStringLiteral("-s") << QStringLiteral("stop"));
    });
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    getApp();

    const QString role = privilegedRole();
    QTemporaryDir data;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GATESCOPE_DATA_DIR"), data.path());
    for (const auto &[name, nginxConf] : {std::pair{QStringLiteral("lab"), lab().nginxConf()},
                                          std::pair{QStringLiteral("other"), conf}}) {
        const Command added = run(QStringLiteral(GS_CLI_PATH),
                                  {QStringLiteral("hosts"),
                                   QStringLiteral("add"),
                                   name,
                                   QStringLiteral("--host"),
                                   lab().sshHost(),
                                   QStringLiteral("--port"),
                                   QString::number(lab().sshPort()),
                                   QStringLiteral("--user"),
                                   lab().user(role).name,
                                   QStringLiteral("--identity"),
                                   lab().user(role).key,
                                   QStringLiteral("--known-hosts"),
                                   lab().knownHostsPath(),
                                   QStringLiteral("--nginx-conf"),
                                   nginxConf},
                                  {},
                                  env);
        ASSERT_EQ(added.exitCode, 0) << added.err.toStdString();
    }
    auto diagnoseNamed = [&](const QString &name) {
        return diagnosisOf(run(QStringLiteral(GS_CLI_PATH),
                               {QStringLiteral("diagnose"),
                                name,
                                QStringLiteral("--json"),
                                QStringLiteral("--since"),
                                QStringLiteral("%1s").arg(windowSeconds())},
                               {},
                               env));
    };

    expectFirst(
            diagnoseNamed(QStringLiteral("lab")),
            {QStringLiteral("upstream.connection_refused"), QStringLiteral("app.service_down")});

    const Diagnosis others = diagnoseNamed(QStringLiteral("other"));
    ASSERT_FALSE(others.json.isEmpty()) << others.stderrText.toStdString();
    for (const auto &value : others.target().value(QStringLiteral("findings")).toArray()) {
        const QJsonObject finding = value.toObject();
        EXPECT_NE(finding.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"))
                << QJsonDocument(finding).toJson().toStdString();
        EXPECT_FALSE(
                finding.value(QStringLiteral("upstream")).toString().contains(lab().appUpstream()));
    }
    EXPECT_LE(others.exitCode, 1) << others.findingIds().join(QLatin1Char(' ')).toStdString();
}

// The lab's FPM is down while another PHP-FPM runs on the host (its own configuration and
// socket elsewhere): that is FPM not running, never "point nginx at the other pool".
TEST_F(CausesTest, FpmDownWhileAnotherFpmRuns_IsNotRunningNotAMismatch)
{
    QTemporaryDir other;
    ASSERT_TRUE(other.isValid());
    QFile::setPermissions(other.path(),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                                  | QFileDevice::ReadOther | QFileDevice::ExeOther);
    const QString conf = other.filePath(QStringLiteral("php-fpm.conf"));
    {
        QFile file(conf);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[global]\npid = %1/fpm.pid\nerror_log = %1/fpm.log\n"
                                  "daemonize = no\n[other]\n%2listen = %1/other.sock\n"
                                  "pm = static\npm.max_children = 1\n")
                           .arg(other.path(),
                                ::geteuid() == 0 ? QStringLiteral("user = www-data\n"
                                                                  "group = www-data\n")
                                                 : QString())
                           .toUtf8());
    }
    ASSERT_TRUE(breakLab(QStringLiteral("fpm_down")));
    QProcess fpm;
    fpm.start(
            lab().string(QStringLiteral("phpfpm.binary")),
            {QStringLiteral("-F"), QStringLiteral("-y"), conf, QStringLiteral("-p"), other.path()});
    ASSERT_TRUE(fpm.waitForStarted());
    const auto stopFpm = qScopeGuard([&fpm] {
        fpm.terminate();
        if (!fpm.waitForFinished(5000)) {
            fpm.kill();
            fpm.waitForFinished();
        }
    });
    for (int i = 0; i < 100 && !QFile::exists(other.filePath(QStringLiteral("other.sock"))); ++i)
        QThread::msleep(50);
    ASSERT_TRUE(QFile::exists(other.filePath(QStringLiteral("other.sock"))))
            << fpm.readAllStandardError().toStdString();
    getPhp();
    const Diagnosis diagnosis = diagnoseAsPrivileged();
    expectCauseBeforeSymptom(
            diagnosis,
            {QStringLiteral("phpfpm.not_running"), QStringLiteral("upstream.socket_missing")},
            {QStringLiteral("phpfpm.listen_mismatch")});
    const QByteArray mismatch
            = QJsonDocument(diagnosis.finding(QStringLiteral("phpfpm.listen_mismatch"))).toJson();
    EXPECT_FALSE(mismatch.contains("other.sock")) << mismatch.toStdString();
}
