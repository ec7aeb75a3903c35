// Without a server: the Activity tab over the audit log (model, filter, copy row), which fix each
// finding gets, and read-only servers offering no actions.

#include "activity/activitypage.h"
#include "activity/auditmodel.h"
#include "app/connectionmanager.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/findingcard.h"
#include "diagnose/findingfix.h"
#include "overview/servicespanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QtTest>

using gs::findings::Finding;
using gs::gui::FindingFix;

class TestActivity : public QObject
{
    Q_OBJECT

private:
    static Finding finding(const QString &id)
    {
        Finding f;
        f.id = id;
        f.severity = Finding::Severity::Critical;
        f.title = id;
        f.remedy = {QStringLiteral("Ask the network team to open `port 3000`.")};
        return f;
    }

    // A stopped FPM as PhpFpmProcessCheck raises it: with the service that starts it.
    static Finding stoppedFpm()
    {
        Finding f = finding(QStringLiteral("phpfpm.not_running"));
        f.serviceFix = gs::findings::ServiceFix::start(QStringLiteral("php-fpm"));
        return f;
    }

    static gs::audit::AuditEntry
    entry(const QString &server, const QString &action, const QString &outcome, int minute)
    {
        gs::audit::AuditEntry e;
        e.time = QDateTime(QDate(2024, 5, 1), QTime(10, minute), Qt::UTC);
        e.server = server;
        e.host = QStringLiteral("admin@web1:22");
        e.action = action;
        e.command = QStringLiteral("systemctl %1 php8.2-fpm").arg(action.section(u'.', 1));
        e.outcome = outcome;
        e.detail = QStringLiteral("line one\nline two");
        return e;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    // Issue 11: the status bar showed other servers' steps under the selected server's page.
    void statusBar_speaksForTheSelectedServer_countsTheOthers()
    {
        using gs::gui::ConnectionManager;
        QHash<QString, QString> running;
        QCOMPARE(ConnectionManager::activityLine(running, QStringLiteral("web1")), QString());
        running.insert(QStringLiteral("web2"), QStringLiteral("web2: reading the logs…"));
        QCOMPARE(ConnectionManager::activityLine(running, QStringLiteral("web1")),
                 QStringLiteral("Working on 1 other server…"));
        QCOMPARE(ConnectionManager::activityLine(running, QStringLiteral("web2")),
                 QStringLiteral("web2: reading the logs…"));
        // Nothing selected (the fleet page): no "other" to speak of.
        QCOMPARE(ConnectionManager::activityLine(running, QString()),
                 QStringLiteral("Working on 1 server…"));
        running.insert(QStringLiteral("web1"), QStringLiteral("web1: connecting…"));
        running.insert(QStringLiteral("web3"), QStringLiteral("web3: connecting…"));
        const QString line = ConnectionManager::activityLine(running, QStringLiteral("web1"));
        QVERIFY(line.startsWith(QStringLiteral("web1: connecting…")));
        QVERIFY(line.endsWith(QLatin1String("2 other servers busy")));
        QVERIFY(!line.contains(QLatin1String("web2")) && !line.contains(QLatin1String("web3")));
    }

    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("GATESCOPE_DATA_DIR", m_dir.path().toUtf8());
    }

    void findingFix_mapsEachFindingToItsAction()
    {
        // The checks name the service (PhpFpmProcessCheck, AppServiceCheck); the card says it.
        FindingFix fpm = FindingFix::forFinding(stoppedFpm());
        QCOMPARE(fpm.kind, FindingFix::Kind::Service);
        QCOMPARE(fpm.label, QStringLiteral("Start PHP-FPM"));
        QCOMPARE(fpm.service, QStringLiteral("php-fpm"));
        Finding nginx = finding(QStringLiteral("nginx.not_running"));
        nginx.serviceFix = gs::findings::ServiceFix::start(QStringLiteral("nginx"));
        QCOMPARE(FindingFix::forFinding(nginx).label, QStringLiteral("Start nginx"));

        Finding down = finding(QStringLiteral("app.service_down"));
        down.serviceFix = gs::findings::ServiceFix{QStringLiteral("shop-api.service"),
                                                   gs::findings::ServiceFix::Action::Restart,
                                                   true,
                                                   {}};
        const FindingFix restart = FindingFix::forFinding(down);
        QCOMPARE(restart.kind, FindingFix::Kind::Service);
        QCOMPARE(restart.service, QStringLiteral("shop-api.service"));
        QCOMPARE(restart.label, QStringLiteral("Restart shop-api.service"));
        QCOMPARE(restart.action, gs::actions::ServiceAction::Restart);
        QVERIFY(restart.journal);
        QVERIFY(restart.logFiles.isEmpty()); // a unit has its journal

        // Without systemd: the init script, with the log file it names instead of a journal.
        Finding script = finding(QStringLiteral("app.service_down"));
        script.serviceFix = gs::findings::ServiceFix{QStringLiteral("shop-app"),
                                                     gs::findings::ServiceFix::Action::Restart,
                                                     false,
                                                     {QStringLiteral("/var/log/shop-app.log")}};
        const FindingFix restartScript = FindingFix::forFinding(script);
        QCOMPARE(restartScript.kind, FindingFix::Kind::Service);
        QCOMPARE(restartScript.service, QStringLiteral("shop-app"));
        QCOMPARE(restartScript.action, gs::actions::ServiceAction::Restart);
        QVERIFY(!restartScript.journal);
        QCOMPARE(restartScript.logFiles, QStringList{QStringLiteral("/var/log/shop-app.log")});
        // A down application whose check found no service to name has no service button.
        QVERIFY(FindingFix::forFinding(finding(QStringLiteral("app.service_down"))).kind
                != FindingFix::Kind::Service);
        gs::actions::ServiceControl::HostServices host;
        host.initScripts = {QStringLiteral("shop-app"), QStringLiteral("ssh")};
        const auto plan = gs::actions::ServiceControl::plan(
                host, restartScript.service, restartScript.action);
        QVERIFY2(plan.ok(), plan.ok() ? "" : qPrintable(plan.error().text()));
        QCOMPARE(plan->method, QStringLiteral("init script"));
        QCOMPARE(plan->steps.size(), 1);
        QCOMPARE(plan->steps.first().command, QStringLiteral("/etc/init.d/shop-app restart"));

        Finding timeout = finding(QStringLiteral("upstream.timeout"));
        timeout.configFile = QStringLiteral("/etc/nginx/sites-enabled/shop");
        timeout.configLine = 12;
        QCOMPARE(FindingFix::forFinding(timeout).kind, FindingFix::Kind::Editor);

        const FindingFix human
                = FindingFix::forFinding(finding(QStringLiteral("upstream.refused")));
        QCOMPARE(human.kind, FindingFix::Kind::Human);
        QVERIFY2(human.humanText.contains(QLatin1String("open port 3000")),
                 qPrintable(human.humanText));
    }

    void card_offersTheFix_andTurnsGreenWhenResolved()
    {
        gs::gui::FindingCard card(stoppedFpm());
        QSignalSpy fix(&card, &gs::gui::FindingCard::fixRequested);
        QVERIFY(card.fixButton());
        QTest::mouseClick(card.fixButton(), Qt::LeftButton);
        QCOMPARE(fix.size(), 1);
        card.setResolved(QStringLiteral("PHP-FPM is running."));
        QVERIFY(card.isResolved());
        QCOMPARE(card.findChild<QLabel *>(QStringLiteral("severityBadge"))->text(),
                 QStringLiteral("Resolved"));

        gs::gui::FindingCard human(finding(QStringLiteral("upstream.refused")));
        QVERIFY(!human.fixButton());
        QVERIFY(human.findChild<QLabel *>(QStringLiteral("fixStatement")));
    }

    void readOnlyServer_hasNoActions()
    {
        gs::inventory::Server server;
        server.name = QStringLiteral("customer");
        server.address = QStringLiteral("203.0.113.5");
        server.readOnly = true;

        gs::gui::DiagnosePage page;
        page.setServer(server);
        gs::gui::DiagnosisState state;
        state.phase = gs::gui::DiagnosisState::Phase::Done;
        state.finished = QDateTime::currentDateTimeUtc();
        gs::checks::DiagnosisReport report;
        report.findings << stoppedFpm();
        state.report = report;
        page.setState(state);
        QCOMPARE(page.findingCards().size(), 1);
        QPushButton *fix = page.findingCards().first()->fixButton();
        QVERIFY(!fix->isEnabled());
        QVERIFY(fix->toolTip().contains(QLatin1String("read-only")));

        gs::gui::ServicesPanel panel;
        panel.setServer(server);
        gs::actions::ServiceControl::HostServices services;
        services.facts.nginx.running = true;
        services.facts.nginx.binary = QStringLiteral("/usr/sbin/nginx");
        services.facts.nginx.config = QStringLiteral("/etc/nginx/nginx.conf");
        panel.setServices(services);
        QPushButton *reload = panel.button(QStringLiteral("nginx:/etc/nginx/nginx.conf"),
                                           gs::actions::ServiceAction::Reload);
        QVERIFY(reload);
        QVERIFY(!reload->isEnabled());
        QVERIFY(reload->toolTip().contains(QLatin1String("read-only")));

        server.readOnly = false;
        panel.setServer(server);
        QVERIFY(reload->isEnabled());
        // A running service is not started again.
        QVERIFY(!panel.button(QStringLiteral("nginx:/etc/nginx/nginx.conf"),
                              gs::actions::ServiceAction::Start)
                         ->isEnabled());
    }

    void activity_listsTheServersTrail_filters_andCopiesARow()
    {
        const gs::audit::AuditLog log;
        QVERIFY(log.append(entry(QStringLiteral("web1"),
                                 QStringLiteral("service.start"),
                                 QStringLiteral("ok"),
                                 1))
                        .ok());
        QVERIFY(log.append(entry(QStringLiteral("other"),
                                 QStringLiteral("service.stop"),
                                 QStringLiteral("ok"),
                                 2))
                        .ok());
        QVERIFY(log.append(entry(QStringLiteral("web1"),
                                 QStringLiteral("service.reload"),
                                 QStringLiteral("refused"),
                                 3))
                        .ok());

        gs::gui::ActivityPage page;
        QAbstractItemModelTester tester(page.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        gs::inventory::Server server;
        server.name = QStringLiteral("web1");
        page.setServer(server);
        QCOMPARE(page.model()->rowCount(), 2);
        // Newest first.
        QCOMPARE(page.model()->entry(0).action, QStringLiteral("service.reload"));
        QCOMPARE(page.model()->index(0, gs::gui::AuditModel::OutcomeColumn).data().toString(),
                 QStringLiteral("refused"));
        QCOMPARE(page.model()->index(0, gs::gui::AuditModel::DetailColumn).data().toString(),
                 QStringLiteral("line one"));

        page.filter()->setText(QStringLiteral("START"));
        QCOMPARE(page.proxy()->rowCount(), 1);
        page.copyRow();
        const QString copied = QApplication::clipboard()->text();
        QVERIFY2(copied.contains(QLatin1String("service.start\tsystemctl start php8.2-fpm\tok")),
                 qPrintable(copied));
        QVERIFY(copied.contains(QLatin1String("line one\nline two")));

        QVERIFY(log.append(entry(QStringLiteral("web1"),
                                 QStringLiteral("service.restart"),
                                 QStringLiteral("ok"),
                                 4))
                        .ok());
        page.filter()->clear();
        page.refresh();
        QCOMPARE(page.proxy()->rowCount(), 3);
    }
};

QTEST_MAIN(TestActivity)
#include "tst_activity.moc"
