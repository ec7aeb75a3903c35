// The Diagnose page and the finding card on their own (no network): each state of a diagnosis
// reads as what it is.

#include "diagnose/diagnosepage.h"
#include "diagnose/findingcard.h"

#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QtTest>

using gs::checks::CheckResult;
using gs::checks::CheckStatus;
using gs::findings::Finding;
using gs::gui::DiagnosisState;

class TestDiagnosePage : public QObject
{
    Q_OBJECT

private:
    static Finding finding(const QString &id, Finding::Severity severity)
    {
        Finding f;
        f.id = id;
        f.severity = severity;
        f.title = QStringLiteral("Title of ") + id;
        f.explanation = QStringLiteral("Why it matters.");
        f.upstream = QStringLiteral("127.0.0.1:3000");
        f.configFile = QStringLiteral("/etc/nginx/sites-enabled/shop");
        f.configLine = 12;
        f.remedy = {QStringLiteral("Run `systemctl restart shop`.")};
        f.addOccurrence(QStringLiteral("/var/log/nginx/error.log"),
                        QStringLiteral("connect() failed (111: Connection refused)"),
                        QDateTime::fromString(QStringLiteral("2024-05-02T09:14:03Z"), Qt::ISODate));
        return f;
    }

    static DiagnosisState done(const QList<Finding> &findings)
    {
        DiagnosisState state;
        state.phase = DiagnosisState::Phase::Done;
        state.finished = QDateTime::currentDateTimeUtc();
        gs::checks::DiagnosisReport report;
        report.checks = {CheckResult{QStringLiteral("nginx.process"),
                                     QStringLiteral("nginx is running"),
                                     CheckStatus::Pass,
                                     QStringLiteral("runs"),
                                     0}};
        report.findings = findings;
        state.report = report;
        state.checks = report.checks;
        return state;
    }

    static bool shown(QWidget *page, const QString &objectName)
    {
        auto widget = page->findChild<QWidget *>(objectName);
        return widget && widget->isVisible();
    }

private Q_SLOTS:
    void never_offersToDiagnose()
    {
        gs::gui::DiagnosePage page;
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QVERIFY(shown(&page, QStringLiteral("diagnoseButton")));
        QVERIFY(!shown(&page, QStringLiteral("cancelDiagnoseButton")));
        QVERIFY(!shown(&page, QStringLiteral("exportReportButton")));
    }

    void running_showsWaitingChecklistAndCancel()
    {
        gs::gui::DiagnosePage page;
        page.show();
        DiagnosisState state;
        state.phase = DiagnosisState::Phase::Running;
        state.step = QStringLiteral("Reading logs and probing upstreams");
        page.setState(state);
        QVERIFY(shown(&page, QStringLiteral("cancelDiagnoseButton")));
        QVERIFY(page.checklist()->topLevelItemCount() > 0);
        QCOMPARE(page.checklist()->topLevelItem(0)->text(1), QStringLiteral("waiting…"));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("diagnoseStatusText"))
                        ->text()
                        .startsWith(state.step));
        QSignalSpy cancel(&page, &gs::gui::DiagnosePage::cancelRequested);
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("cancelDiagnoseButton")),
                          Qt::LeftButton);
        QCOMPARE(cancel.size(), 1);
    }

    void healthy_saysNoProblemsFound()
    {
        gs::gui::DiagnosePage page;
        page.show();
        page.setState(done({}));
        QTRY_VERIFY(shown(&page, QStringLiteral("healthyPanel")));
        QVERIFY(page.findingCards().isEmpty());
        QVERIFY(shown(&page, QStringLiteral("exportReportButton")));
        // Redaction is a choice of the export dialog (tst_reportexport), not of this page.
        QVERIFY(!page.findChild<QWidget *>(QStringLiteral("redactCheck")));
        // Info findings alone are still healthy, shown below for information.
        page.setState(done({finding(QStringLiteral("system.info"), Finding::Severity::Info)}));
        QTRY_VERIFY(shown(&page, QStringLiteral("healthyPanel")));
        QCOMPARE(page.findingCards().size(), 1);
    }

    // Issue 11: at 1024x600 the findings got 130 px under a checklist that took half the page.
    // Once findings are there the checklist gives way (it scrolls); while running it shows all.
    void findings_getTwoThirdsOfTheRoom_at1024x600()
    {
        gs::gui::DiagnosePage page;
        page.resize(760, 430); // what a 1024x600 window leaves the page
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        DiagnosisState state = done({finding(QStringLiteral("upstream.connection_refused"),
                                             Finding::Severity::Critical)});
        for (int i = 0; i < 20; ++i) {
            state.report->checks.append(CheckResult{QStringLiteral("check.%1").arg(i),
                                                    QStringLiteral("Check %1").arg(i),
                                                    CheckStatus::Pass,
                                                    QStringLiteral("fine"),
                                                    0});
        }
        state.checks = state.report->checks;
        page.setState(state);
        auto splitter = page.findChild<QSplitter *>(QStringLiteral("diagnoseSplitter"));
        QVERIFY(splitter);
        QTRY_VERIFY(splitter->sizes().value(1) > 0);
        const QList<int> sizes = splitter->sizes();
        QVERIFY2(sizes.value(1) >= 2 * sizes.value(0),
                 qPrintable(QStringLiteral("%1/%2").arg(sizes.value(0)).arg(sizes.value(1))));
    }

    void problems_showCardsInOrderWithoutHealthyPanel()
    {
        gs::gui::DiagnosePage page;
        page.resize(900, 700);
        page.show();
        page.setState(done(
                {finding(QStringLiteral("upstream.connection_refused"),
                         Finding::Severity::Critical),
                 finding(QStringLiteral("nginx.config_warning"), Finding::Severity::Warning)}));
        QVERIFY(!shown(&page, QStringLiteral("healthyPanel")));
        const QList<gs::gui::FindingCard *> cards = page.findingCards();
        QCOMPARE(cards.size(), 2);
        QCOMPARE(cards.first()->finding().id, QStringLiteral("upstream.connection_refused"));
        QCOMPARE(cards.first()->findChild<QLabel *>(QStringLiteral("severityBadge"))->text(),
                 QStringLiteral("Critical"));
        QVERIFY(cards.first()
                        ->findChild<QLabel *>(QStringLiteral("findingConfig"))
                        ->text()
                        .endsWith(QLatin1String("shop:12")));
        QVERIFY(cards.first()
                        ->findChild<QLabel *>(QStringLiteral("findingRemedy"))
                        ->text()
                        .contains(QLatin1String("<code>systemctl restart shop</code>")));
        QSignalSpy open(&page, &gs::gui::DiagnosePage::openConfigRequested);
        QTest::mouseClick(
                cards.first()->findChild<QPushButton *>(QStringLiteral("openConfigButton")),
                Qt::LeftButton);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().at(1).toInt(), 12);
    }

    void guidedFix_cardOffersReviewWithTheSummary_andAsksForTheDiff()
    {
        gs::gui::DiagnosePage page;
        page.resize(900, 700);
        page.show();
        Finding tooBig
                = finding(QStringLiteral("upstream.header_too_big"), Finding::Severity::Critical);
        gs::findings::ConfigEdit edit;
        edit.file = tooBig.configFile;
        edit.line = tooBig.configLine;
        edit.settings = {{QStringLiteral("proxy_buffer_size"), QStringLiteral("32k")}};
        edit.summary = QStringLiteral("Raise proxy_buffer_size to 32k (now 4k) for location /.");
        tooBig.edit = edit;
        page.setState(done({tooBig}));
        const QList<gs::gui::FindingCard *> cards = page.findingCards();
        QCOMPARE(cards.size(), 1);
        auto review = cards.first()->findChild<QPushButton *>(QStringLiteral("reviewFixButton"));
        QVERIFY(review && review->isVisible());
        QCOMPARE(review->text(), QStringLiteral("Review the fix…"));
        auto summary = cards.first()->findChild<QLabel *>(QStringLiteral("fixSummary"));
        QVERIFY(summary && summary->text().contains(QStringLiteral("32k")));
        // The cited line stays one click away, next to the fix.
        QVERIFY(cards.first()->findChild<QPushButton *>(QStringLiteral("openConfigButton")));
        QSignalSpy asked(&page, &gs::gui::DiagnosePage::reviewFixRequested);
        QTest::mouseClick(review, Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        const auto sent = asked.first().first().value<Finding>();
        QVERIFY(sent.edit.has_value());
        QCOMPARE(*sent.edit, edit);
    }

    void failed_showsWhyAndTryAgain()
    {
        gs::gui::DiagnosePage page;
        page.show();
        DiagnosisState state;
        state.phase = DiagnosisState::Phase::Failed;
        state.finished = QDateTime::currentDateTimeUtc();
        state.error = gs::makeError(gs::ErrorCode::Unreachable,
                                    QStringLiteral("The server did not answer."),
                                    QStringLiteral("Check the address."));
        page.setState(state);
        QVERIFY(shown(&page, QStringLiteral("diagnoseErrorPanel")));
        QVERIFY(page.findChild<QLabel *>(QStringLiteral("diagnoseErrorText"))
                        ->text()
                        .contains(QLatin1String("did not answer")));
        QVERIFY(shown(&page, QStringLiteral("runDiagnoseButton")));
    }

    // Issue 10: what could not be checked is never shown as healthy.
    void incompleteCoverage_isNotFullyCheckedWithGrantsAndSudoers()
    {
        gs::gui::DiagnosePage page;
        page.resize(1024, 600);
        page.show();
        DiagnosisState state = done({});
        state.report->coverage.complete = false;
        state.report->coverage.missing
                << gs::checks::DiagnosisCoverage::Gap{QStringLiteral("phpfpm.log"),
                                                      QStringLiteral("PHP-FPM log"),
                                                      QStringLiteral("needs sudo"),
                                                      QStringLiteral("passwordless sudo"),
                                                      true};
        state.report->coverage.sudoers
                = QStringLiteral("gsuser ALL=(root) NOPASSWD: /usr/sbin/nginx -T\n");
        page.setState(state);
        QTRY_VERIFY(shown(&page, QStringLiteral("coveragePanel")));
        QVERIFY(!shown(&page, QStringLiteral("healthyPanel")));
        QVERIFY(shown(&page, QStringLiteral("sudoersSnippet")));
        auto gaps = page.findChild<QLabel *>(QStringLiteral("coverageGaps"));
        QVERIFY(gaps && gaps->text().contains(QStringLiteral("PHP-FPM log")));
        // With findings, the gaps follow the cards.
        state = done({finding(QStringLiteral("upstream.connection_refused"),
                              Finding::Severity::Critical)});
        state.report->coverage.missing
                << gs::checks::DiagnosisCoverage::Gap{QStringLiteral("system.oom"),
                                                      QStringLiteral("OOM"),
                                                      QStringLiteral("needs sudo"),
                                                      QString(),
                                                      false};
        page.setState(state);
        QTRY_VERIFY(shown(&page, QStringLiteral("coveragePanel")));
        QCOMPARE(page.findingCards().size(), 1);
    }

    void pastFinding_saysSoOnItsCard()
    {
        Finding past = finding(QStringLiteral("upstream.connection_refused"),
                               Finding::Severity::Warning);
        past.state = Finding::State::Past;
        past.resolvedBy = QStringLiteral("127.0.0.1:3000 answers a live probe now (12:05:00)");
        gs::gui::FindingCard card(past);
        card.show();
        auto badge = card.findChild<QLabel *>(QStringLiteral("stateBadge"));
        QVERIFY(badge && badge->isVisible());
        QCOMPARE(badge->text(), QStringLiteral("Past"));
        auto since = card.findChild<QLabel *>(QStringLiteral("findingResolvedBy"));
        QVERIFY(since && since->text().contains(QStringLiteral("answers a live probe")));
    }
};

QTEST_MAIN(TestDiagnosePage)
#include "tst_diagnosepage.moc"
