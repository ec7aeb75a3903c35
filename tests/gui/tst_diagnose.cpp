// Diagnosing from the GUI against the lab's real servers: a broken upstream (app_down) shows up
// as a finding card with its evidence, the sidebar keeps the result, the report can be copied and
// exported (redacted too), and the Fleet overview diagnoses several servers at once.

#include "app/connectionmanager.h"
#include "app/mainwindow.h"
#include "app/serverview.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/findingcard.h"
#include "diagnose/reportexporter.h"
#include "fleet/fleetmodel.h"
#include "fleet/fleetpage.h"
#include "guilab.h"
#include "inventory/inventorystore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using gs::gui::DiagnosisState;

class TestDiagnose : public QObject
{
    Q_OBJECT

private:
    static bool finished(const gs::gui::ConnectionManager &manager, const QString &name)
    {
        const DiagnosisState::Phase phase = manager.diagnosisState(name).phase;
        return phase != DiagnosisState::Phase::Never && phase != DiagnosisState::Phase::Running;
    }

    static QString readAll(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

    // Several labs on one machine: the server's first nginx master may be another lab's.
    bool diagnosedTheLab(const DiagnosisState &state) const
    {
        return state.report && state.report->facts.nginx.config.startsWith(m_lab.dir);
    }

    static QDialog *secretDialog()
    {
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (widget->objectName() == QLatin1String("secretDialog") && widget->isVisible())
                return qobject_cast<QDialog *>(widget);
        }
        return nullptr;
    }

    // The app on one lab server, named "lab", showing its Diagnose tab.
    struct LabApp
    {
        std::unique_ptr<gs::inventory::InventoryStore> store;
        std::unique_ptr<gs::gui::MainWindow> window;
        std::unique_ptr<gs::gui::ConnectionManager> manager; // before the window goes
        gs::gui::DiagnosePage *page = nullptr;
    };

    // Opens the app on the lab as `role`. Callers check QTest::currentTestFailed() after.
    void openOnLab(LabApp &app, const QString &role = QStringLiteral("sudo_nopasswd"))
    {
        app.store = std::make_unique<gs::inventory::InventoryStore>(
                m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(app.store->add(m_lab.server(QStringLiteral("lab"), {}, role)).ok());
        app.window = std::make_unique<gs::gui::MainWindow>(app.store.get());
        app.manager = std::make_unique<gs::gui::ConnectionManager>(app.window.get());
        app.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(app.window.get()));
        app.page = app.window->serverView()->diagnosePage();
        app.window->serverView()->tabs()->setCurrentWidget(app.page);
    }

    // Clicks Diagnose and waits for the result. sudo cannot tell a login outside sudoers that it
    // may not use it without a password: the app asks, and a user without one cancels; the
    // diagnosis goes on without sudo.
    static void diagnoseByTheButton(LabApp &app)
    {
        QTest::mouseClick(app.page->findChild<QPushButton *>(QStringLiteral("diagnoseButton")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(finished(*app.manager, QStringLiteral("lab")) || secretDialog(),
                                 120000);
        if (QDialog *dialog = secretDialog())
            dialog->reject();
        QTRY_VERIFY_WITH_TIMEOUT(finished(*app.manager, QStringLiteral("lab")), 120000);
        QCOMPARE(app.manager->diagnosisState(QStringLiteral("lab")).phase,
                 DiagnosisState::Phase::Done);
    }

    gs::test::GuiLab m_lab;
    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        m_lab = gs::test::GuiLab::load();
        if (!m_lab.isUp())
            QSKIP("The lab is not running (start it with tests/lab/gslab start --dir GS_LAB_DIR).");
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("GATESCOPE_DATA_DIR", m_dir->path().toUtf8());
    }

    void cleanup() { m_lab.gslab(QStringLiteral("reset")); }

    void brokenUpstream_showsConnectionRefusedCardWithEvidence()
    {
        QVERIFY(m_lab.gslab(QStringLiteral("break"), {QStringLiteral("app_down")}));
        QVERIFY(m_lab.gslab(QStringLiteral("traffic"),
                            {QStringLiteral("--count"), QStringLiteral("3")}));

        LabApp app;
        openOnLab(app);
        if (QTest::currentTestFailed())
            return;
        gs::inventory::InventoryStore &store = *app.store;
        gs::gui::ConnectionManager &manager = *app.manager;
        gs::gui::DiagnosePage *page = app.page;
        QSignalSpy openConfig(app.window.get(), &gs::gui::MainWindow::openConfigRequested);

        QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("diagnoseButton")),
                          Qt::LeftButton);
        // Running: the checklist is there at once (waiting rows), Cancel is offered.
        QVERIFY(page->findChild<QPushButton *>(QStringLiteral("cancelDiagnoseButton"))
                        ->isVisible());
        QVERIFY(page->checklist()->topLevelItemCount() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(finished(manager, QStringLiteral("lab")), 120000);

        const DiagnosisState state = manager.diagnosisState(QStringLiteral("lab"));
        QCOMPARE(state.phase, DiagnosisState::Phase::Done);
        if (!diagnosedTheLab(state))
            QSKIP("The server's first nginx is another lab's (several labs run here); run the lab "
                  "in its own PID namespace (GS_LAB_NSENTER_PID) to test against it.");

        // Every check has a row with its result, none left waiting.
        QCOMPARE(page->checklist()->topLevelItemCount(), int(state.report->checks.size()));
        for (int i = 0; i < page->checklist()->topLevelItemCount(); ++i)
            QVERIFY(page->checklist()->topLevelItem(i)->text(1) != QLatin1String("waiting…"));

        // The card: most likely cause first, with upstream, config line, evidence, remedy.
        const QList<gs::gui::FindingCard *> cards = page->findingCards();
        QVERIFY(!cards.isEmpty());
        gs::gui::FindingCard *card = nullptr;
        for (gs::gui::FindingCard *candidate : cards) {
            if (candidate->finding().id == QLatin1String("upstream.connection_refused"))
                card = candidate;
        }
        QVERIFY2(card, "no card for upstream.connection_refused");
        QVERIFY(card->isVisible());
        QVERIFY(card->findChild<QLabel *>(QStringLiteral("findingTitle"))->text()
                == card->finding().title);
        QVERIFY(!card->finding().upstream.isEmpty());
        QCOMPARE(card->findChild<QLabel *>(QStringLiteral("findingUpstream"))->text(),
                 card->finding().upstream);
        QVERIFY(!card->findChild<QLabel *>(QStringLiteral("findingRemedy"))->text().isEmpty());

        // The evidence folds and unfolds (the first card's starts unfolded).
        auto toggle = card->findChild<QToolButton *>(QStringLiteral("evidenceToggle"));
        const bool wasVisible = card->isEvidenceVisible();
        QTest::mouseClick(toggle, Qt::LeftButton);
        QCOMPARE(card->isEvidenceVisible(), !wasVisible);
        if (!card->isEvidenceVisible())
            QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(card->isEvidenceVisible());
        const QString evidence
                = card->findChild<QPlainTextEdit *>(QStringLiteral("evidenceText"))->toPlainText();
        QVERIFY2(evidence.contains(QLatin1String("Connection refused")), qPrintable(evidence));
        QTest::mouseClick(card->findChild<QPushButton *>(QStringLiteral("copyEvidenceButton")),
                          Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), evidence);

        if (auto open = card->findChild<QPushButton *>(QStringLiteral("openConfigButton"))) {
            QTest::mouseClick(open, Qt::LeftButton);
            QCOMPARE(openConfig.size(), 1);
            QCOMPARE(openConfig.first().at(1).toString(), card->finding().configFile);
            QCOMPARE(openConfig.first().at(2).toInt(), card->finding().configLine);
        }

        // The sidebar's last result is saved with the inventory.
        const gs::inventory::Server *saved = store.inventory().find(QStringLiteral("lab"));
        QCOMPARE(saved->lastResult.status, QStringLiteral("ok"));
        QCOMPARE(saved->lastResult.worstSeverity, QStringLiteral("critical"));

        // Copy as text: the full report (a redacted one is a choice of the export dialog).
        QVERIFY(!page->findChild<QCheckBox *>(QStringLiteral("redactCheck")));
        QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("copyReportButton")),
                          Qt::LeftButton);
        QVERIFY(QApplication::clipboard()->text().contains(
                QLatin1String("upstream.connection_refused")));
        QVERIFY(QApplication::clipboard()->text().contains(saved->user));
        const QString redacted
                = gs::gui::ReportExporter::writer(*saved, *state.report, state.finished, true)
                          .plainText();
        QVERIFY(redacted.contains(QLatin1String("upstream.connection_refused")));
        QVERIFY2(!redacted.contains(saved->user), qPrintable(redacted));
        // The upstream's address is masked; the catalog's example ("::1 instead of 127.0.0.1")
        // is prose and stays.
        QVERIFY2(!redacted.contains(QLatin1String("127.0.0.1:")), qPrintable(redacted));

        // Export: PDF and HTML files as the export dialog writes them.
        const auto writer
                = gs::gui::ReportExporter::writer(*saved, *state.report, state.finished, false);
        const QString pdf = m_dir->filePath(QStringLiteral("report.pdf"));
        QVERIFY(gs::gui::ReportExporter::write(pdf, writer).ok());
        QVERIFY(readAll(pdf).startsWith(QLatin1String("%PDF")));
        const QString html = m_dir->filePath(QStringLiteral("report.html"));
        QVERIFY(gs::gui::ReportExporter::write(html, writer).ok());
        QVERIFY(readAll(html).contains(QLatin1String("upstream.connection_refused")));
    }

    // Issue 10 through the app: a login without sudo on a failing site never reads "No problems
    // found". The refused upstream is named on the first card, the coverage panel says what
    // could not be checked and offers the sudoers rule, and the sidebar result is critical.
    void noSudoLogin_failingSite_namesTheCauseAndOffersTheRule()
    {
        if (!m_lab.hasUser(QStringLiteral("nosudo")))
            QSKIP("The lab runs without root: it has no login without sudo.");
        QVERIFY(m_lab.gslab(QStringLiteral("break"), {QStringLiteral("app_down")}));
        QVERIFY(m_lab.gslab(QStringLiteral("traffic"),
                            {QStringLiteral("--count"), QStringLiteral("3")}));
        LabApp app;
        openOnLab(app, QStringLiteral("nosudo"));
        if (QTest::currentTestFailed())
            return;
        diagnoseByTheButton(app);
        if (QTest::currentTestFailed())
            return;
        gs::gui::DiagnosePage *page = app.page;
        gs::inventory::InventoryStore &store = *app.store;
        const DiagnosisState state = app.manager->diagnosisState(QStringLiteral("lab"));
        QVERIFY(state.report);
        if (!diagnosedTheLab(state))
            QSKIP("The server's first nginx is another lab's (several labs run here).");

        const QList<gs::gui::FindingCard *> cards = page->findingCards();
        QVERIFY2(!cards.isEmpty(), "a failing site must yield a finding");
        const QString first = cards.first()->finding().id;
        QVERIFY2(first == QLatin1String("upstream.connection_refused")
                         || first == QLatin1String("app.service_down"),
                 qPrintable(first));
        QVERIFY(cards.first()->isVisible());

        QVERIFY(!state.report->coverage.complete);
        auto panel = page->findChild<QWidget *>(QStringLiteral("coveragePanel"));
        QVERIFY(panel);
        QTRY_VERIFY(panel->isVisible());
        auto gaps = page->findChild<QLabel *>(QStringLiteral("coverageGaps"));
        QVERIFY(gaps && !gaps->text().isEmpty());
        auto snippet = page->findChild<QPlainTextEdit *>(QStringLiteral("sudoersSnippet"));
        QVERIFY(snippet);
        QVERIFY2(snippet->toPlainText().contains(QLatin1String(" -T")),
                 qPrintable(snippet->toPlainText()));
        QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("copySudoers")),
                          Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), snippet->toPlainText());

        const gs::inventory::Server *saved = store.inventory().find(QStringLiteral("lab"));
        QCOMPARE(saved->lastResult.worstSeverity, QStringLiteral("critical"));
    }

    // Issue 10 through the app: a problem fixed and a new one made. The new cause is the first
    // card; the old one is still shown, marked "Past" with what fixed it, and is not critical.
    void fixedThenNewProblem_newFirst_oldMarkedPast()
    {
        QVERIFY(m_lab.gslab(QStringLiteral("break"), {QStringLiteral("app_down")}));
        QVERIFY(m_lab.gslab(QStringLiteral("traffic"),
                            {QStringLiteral("--count"), QStringLiteral("3")}));
        QVERIFY(m_lab.gslab(QStringLiteral("fix"), {QStringLiteral("app_down")}));
        QTest::qWait(1500); // the app answers again before the diagnosis probes it
        QVERIFY(m_lab.gslab(QStringLiteral("break"), {QStringLiteral("fpm_socket_missing")}));
        QVERIFY(m_lab.gslab(QStringLiteral("traffic"),
                            {QStringLiteral("--count"), QStringLiteral("3")}));
        LabApp app;
        openOnLab(app);
        if (QTest::currentTestFailed())
            return;
        diagnoseByTheButton(app);
        if (QTest::currentTestFailed())
            return;
        gs::gui::DiagnosePage *page = app.page;
        if (!diagnosedTheLab(app.manager->diagnosisState(QStringLiteral("lab"))))
            QSKIP("The server's first nginx is another lab's (several labs run here).");

        const QList<gs::gui::FindingCard *> cards = page->findingCards();
        QVERIFY(!cards.isEmpty());
        const QString first = cards.first()->finding().id;
        QVERIFY2(first == QLatin1String("upstream.socket_missing")
                         || first == QLatin1String("phpfpm.listen_mismatch"),
                 qPrintable(first));
        QVERIFY(!cards.first()->findChild<QLabel *>(QStringLiteral("stateBadge")));
        gs::gui::FindingCard *old = nullptr;
        for (gs::gui::FindingCard *card : cards) {
            if (card->finding().id == QLatin1String("upstream.connection_refused"))
                old = card;
        }
        QVERIFY2(old, "the refused connections of before are still shown");
        QVERIFY(cards.indexOf(old) > 0);
        QCOMPARE(old->finding().state, gs::findings::Finding::State::Past);
        QVERIFY(old->finding().severity != gs::findings::Finding::Severity::Critical);
        auto badge = old->findChild<QLabel *>(QStringLiteral("stateBadge"));
        QVERIFY(badge);
        QCOMPARE(badge->text(), QStringLiteral("Past"));
        QVERIFY(badge->toolTip().contains(old->finding().resolvedBy));
        QVERIFY(!old->finding().resolvedBy.isEmpty());
    }

    // Issue 11: a "Resolved" card stayed above every later diagnosis, claiming the site answered
    // while it answered 502. It belongs to the re-check that confirmed it; a newer diagnosis of
    // its own replaces it, even when that diagnosis does not see the fixed finding again.
    void resolvedCard_expiresWithANewerDiagnosis()
    {
        LabApp app;
        openOnLab(app);
        if (QTest::currentTestFailed())
            return;
        gs::findings::Finding fixed;
        fixed.id = QStringLiteral("upstream.header_too_big");
        fixed.title = QStringLiteral("The upstream's header is too big");
        app.manager->markResolved(
                QStringLiteral("lab"), fixed, QStringLiteral("Fixed: the site answers 200."));
        QCOMPARE(app.manager->diagnosisState(QStringLiteral("lab")).resolved.size(), 1);

        QVERIFY(m_lab.gslab(QStringLiteral("break"), {QStringLiteral("app_down")}));
        auto restore = qScopeGuard([this] { m_lab.gslab(QStringLiteral("reset")); });
        diagnoseByTheButton(app);
        if (QTest::currentTestFailed())
            return;
        const DiagnosisState state = app.manager->diagnosisState(QStringLiteral("lab"));
        QVERIFY(state.report);
        QVERIFY(!state.report->findings.isEmpty());
        QVERIFY(state.resolved.isEmpty());
        for (auto *card : app.page->findChildren<gs::gui::FindingCard *>())
            QVERIFY(!card->isResolved());
    }

    void fleet_diagnoseAll_runsEveryServerAtOnce()
    {
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab-a"), {})).ok());
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab-b"), {})).ok());
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window);
        QAbstractItemModelTester tester(window.fleetModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        window.showFleet();
        QVERIFY(window.isShowingFleet());
        gs::gui::FleetPage *fleet = window.fleetPage();
        QCOMPARE(window.fleetModel()->rowCount(), 2);
        QTest::mouseClick(fleet->findChild<QPushButton *>(QStringLiteral("fleetDiagnoseAllButton")),
                          Qt::LeftButton);
        // Both run at the same time, each over its own connection.
        QVERIFY(manager.diagnosisState(QStringLiteral("lab-a")).isRunning());
        QVERIFY(manager.diagnosisState(QStringLiteral("lab-b")).isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(finished(manager, QStringLiteral("lab-a"))
                                         && finished(manager, QStringLiteral("lab-b")),
                                 120000);
        QVERIFY(window.isShowingFleet());
        for (const QString &name : {QStringLiteral("lab-a"), QStringLiteral("lab-b")}) {
            QCOMPARE(manager.diagnosisState(name).phase, DiagnosisState::Phase::Done);
            const int row = window.fleetModel()->rowOf(name);
            const QModelIndex status
                    = window.fleetModel()->index(row, gs::gui::FleetModel::StatusColumn);
            const QString text = status.data().toString();
            // "Not fully checked" only when a check really could not run (on a loaded machine a
            // command may time out): never in place of a finding, never instead of "Healthy"
            // on a complete run.
            const auto &report = manager.diagnosisState(name).report;
            QVERIFY(report);
            if (text == QLatin1String("Not fully checked"))
                QVERIFY2(!report->coverage.complete && report->exitCode() == 0, qPrintable(text));
            else
                QVERIFY2(text == QLatin1String("Critical") || text == QLatin1String("Warning")
                                 || text == QLatin1String("Healthy"),
                         qPrintable(text));
            QVERIFY(window.fleetModel()
                            ->index(row, gs::gui::FleetModel::LastRunColumn)
                            .data()
                            .toString()
                    != QLatin1String("never"));
            QCOMPARE(store.inventory().find(name)->lastResult.status, QStringLiteral("ok"));
        }
        QVERIFY(window.fleetModel()->summary().startsWith(QLatin1String("2 servers:")));
    }
    void closingWhileDiagnosing_stopsCleanly()
    {
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab"), {})).ok());
        auto window = std::make_unique<gs::gui::MainWindow>(&store);
        auto manager = std::make_unique<gs::gui::ConnectionManager>(window.get());
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        manager->diagnose({QStringLiteral("lab")});
        QVERIFY(manager->diagnosisState(QStringLiteral("lab")).isRunning());
        // Let the connection get under way, then close everything mid-run: the sessions and
        // workers wind down on their own threads and report to no one.
        QTRY_VERIFY_WITH_TIMEOUT(
                !manager->diagnosisState(QStringLiteral("lab")).step.isEmpty()
                        || !manager->diagnosisState(QStringLiteral("lab")).isRunning(),
                60000);
        manager.reset();
        window.reset();
        // The event loop still runs; late results from the workers find nothing to call.
        QTest::qWait(200);
        QVERIFY(store.inventory().find(QStringLiteral("lab")));
    }
};

QTEST_MAIN(TestDiagnose)
#include "tst_diagnose.moc"
