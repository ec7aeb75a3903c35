// Issue 7 from the GUI: the lab's app runs as a SysV service (root mode) and is stopped
// (app_down). Its app.service_down card offers "Restart <its service>"; the confirmation shows the
// last lines of the log the init script names (there is no journal) and the exact command; running
// it brings the app back, the card turns green and the Activity tab lists the restart.

#include "activity/activitypage.h"
#include "activity/auditmodel.h"
#include "app/actioncontroller.h"
#include "app/connectionmanager.h"
#include "app/mainwindow.h"
#include "app/serverview.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/findingcard.h"
#include "guilab.h"
#include "inventory/inventorystore.h"
#include "overview/serviceconfirmdialog.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using gs::gui::DiagnosisState;

class TestAppService : public QObject
{
    Q_OBJECT

private:
    static bool finished(const gs::gui::ConnectionManager &manager, const QString &name)
    {
        const DiagnosisState::Phase phase = manager.diagnosisState(name).phase;
        return phase != DiagnosisState::Phase::Never && phase != DiagnosisState::Phase::Running;
    }

    static gs::gui::FindingCard *card(gs::gui::DiagnosePage *page, const QString &id)
    {
        for (gs::gui::FindingCard *candidate : page->findingCards()) {
            if (candidate->finding().id == id)
                return candidate;
        }
        return nullptr;
    }

    QString app(const QString &key) const
    {
        return m_lab.json.value(QStringLiteral("app")).toObject().value(key).toString();
    }

    gs::test::GuiLab m_lab;
    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<gs::gui::ServiceConfirmDialog *>();
        m_lab = gs::test::GuiLab::load();
        if (!m_lab.isUp())
            QSKIP("The lab is not running (start it with tests/lab/gslab start --dir GS_LAB_DIR).");
        if (!m_lab.json.value(QStringLiteral("root_mode")).toBool())
            QSKIP("The lab runs its app as a service only in root mode (it installs "
                  "/etc/init.d/gslab-app); a non-root lab starts it directly.");
        QVERIFY2(!app(QStringLiteral("service")).isEmpty(),
                 "a root-mode lab names its app's service in lab.json");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("GATESCOPE_DATA_DIR", m_dir->path().toUtf8());
    }

    void cleanup() { m_lab.gslab(QStringLiteral("reset")); }

    void restartAppService_fromItsCard_showsItsLog_runsTheInitScript_andTurnsGreen()
    {
        QVERIFY(m_lab.gslab(QStringLiteral("break"), {QStringLiteral("app_down")}));
        const QString script = app(QStringLiteral("init_script"));

        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab"), {})).ok());
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window);
        gs::gui::ActionController *actions = manager.actionController();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        gs::gui::DiagnosePage *page = window.serverView()->diagnosePage();
        window.serverView()->tabs()->setCurrentWidget(page);
        manager.diagnose({QStringLiteral("lab")});
        QTRY_VERIFY_WITH_TIMEOUT(finished(manager, QStringLiteral("lab")), 120000);
        const DiagnosisState state = manager.diagnosisState(QStringLiteral("lab"));
        QCOMPARE(state.phase, DiagnosisState::Phase::Done);
        QVERIFY2(state.report->facts.nginx.config.startsWith(m_lab.dir),
                 qPrintable(state.report->facts.nginx.config));

        gs::gui::FindingCard *down = card(page, QStringLiteral("app.service_down"));
        QVERIFY2(down, "no card for app.service_down");
        QPushButton *fix = down->fixButton();
        QVERIFY(fix);
        QCOMPARE(fix->text(),
                 QStringLiteral("Restart ")
                         + m_lab.json.value(QStringLiteral("app"))
                                   .toObject()
                                   .value(QStringLiteral("service"))
                                   .toString());
        QVERIFY(fix->isEnabled());

        // Clicking reads the services and the app's log, then asks with the exact command.
        QSignalSpy shown(actions, &gs::gui::ActionController::confirmationShown);
        QTest::mouseClick(fix, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() == 1, 60000);
        auto dialog = shown.first().at(0).value<gs::gui::ServiceConfirmDialog *>();
        QVERIFY(dialog);
        QVERIFY2(dialog->plan().has_value(),
                 qPrintable(dialog->findChild<QLabel *>(QStringLiteral("planError"))->text()));
        QCOMPARE(dialog->plan()->method, QStringLiteral("init script"));
        QCOMPARE(dialog->commands(), QStringList{script + QStringLiteral(" restart")});
        auto log = dialog->findChild<QPlainTextEdit *>(QStringLiteral("journalText"));
        QVERIFY2(log, "the app's last log lines are not shown");
        QVERIFY2(log->toPlainText().contains(app(QStringLiteral("log"))),
                 qPrintable(log->toPlainText()));
        QVERIFY2(log->toPlainText().contains(QLatin1String("stopped by signal")),
                 qPrintable(log->toPlainText()));

        // Confirm: the script restarts the app, the checks run again, the card turns green.
        QSignalSpy done(actions, &gs::gui::ActionController::actionFinished);
        QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(done.size() == 1, 180000);
        const QString outcome = done.first().at(1).toString();
        QVERIFY2(outcome.contains(QLatin1String("is running")), qPrintable(outcome));
        QTRY_VERIFY_WITH_TIMEOUT(finished(manager, QStringLiteral("lab")), 60000);
        gs::gui::FindingCard *green = card(page, QStringLiteral("app.service_down"));
        QVERIFY2(green && green->isResolved(), qPrintable(outcome));
        QCOMPARE(gs::test::httpStatus(app(QStringLiteral("url"))), QStringLiteral("200"));

        gs::gui::ActivityPage *activity = window.serverView()->activityPage();
        QVERIFY(activity->model()->rowCount() >= 1);
        const auto &entry = activity->model()->entry(0);
        QCOMPARE(entry.action, QStringLiteral("service.restart"));
        QCOMPARE(entry.outcome, QStringLiteral("ok"));
        QCOMPARE(entry.command, script + QStringLiteral(" restart"));
    }
};

QTEST_MAIN(TestAppService)
#include "tst_appservice.moc"
