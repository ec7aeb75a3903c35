// "Explain a log file…": the dialog reads the golden logs off the GUI thread and shows the causes.

#include "diagnose/explaindialog.h"
#include "findings/findingcatalog.h"

#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QtTest>

using gs::gui::ExplainDialog;

namespace {

QString data(const char *file)
{
    return QStringLiteral(GS_TEST_DATA_DIR "/explain-mixed/") + QLatin1String(file);
}

int rowOf(QTableWidget *table, const QString &id)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 1)->text().endsWith(id))
            return row;
    }
    return -1;
}

} // namespace

class TestExplain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goldenLogs_fillTheCausesTable()
    {
        ExplainDialog dialog;
        QSignalSpy spy(&dialog, &ExplainDialog::explained);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.explainFiles({data("error.log"), data("php-fpm.log")});
        QVERIFY(spy.wait(10000));
        QCOMPARE(spy.first().first().toString(), QString());

        auto table = dialog.findChild<QTableWidget *>(QStringLiteral("explainCauses"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 27);
        // Worst first: the first row is critical, and the table says what the result says.
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("critical"));
        const int refused = rowOf(table, QStringLiteral("upstream.connection_refused"));
        QVERIFY(refused >= 0);
        QCOMPARE(table->item(refused, 2)->text(), QStringLiteral("1"));
        QCOMPARE(table->item(refused, 3)->text(), QStringLiteral("2026-11-21 13:01:58"));
        QCOMPARE(table->item(refused, 5)->text(),
                 gs::findings::FindingCatalog::find(QStringLiteral("upstream.connection_refused"))
                         ->remedy.join(QLatin1Char('\n')));
        const int slow = rowOf(table, QStringLiteral("phpfpm.slow_requests"));
        QVERIFY(slow >= 0);
        QCOMPARE(table->item(slow, 0)->text(), QStringLiteral("info"));
        QCOMPARE(table->item(slow, 2)->text(), QStringLiteral("7"));
        // The upstream's certificate, not the client's TLS handshake at [crit].
        const int tls = rowOf(table, QStringLiteral("upstream.ssl_handshake_failed"));
        QVERIFY(tls >= 0);
        QCOMPARE(table->item(tls, 2)->text(), QStringLiteral("1"));

        auto unrecognised = dialog.findChild<QListWidget *>(QStringLiteral("explainUnrecognised"));
        QVERIFY(unrecognised);
        QCOMPARE(unrecognised->count(), 2);
        QVERIFY(unrecognised->item(0)->text().contains(QLatin1String("redirection cycle")));
    }

    void missingFile_saysSoInTheSummary()
    {
        ExplainDialog dialog;
        QSignalSpy spy(&dialog, &ExplainDialog::explained);
        dialog.explainFiles({QStringLiteral("/nonexistent/error.log")});
        QVERIFY(spy.wait(10000));
        QVERIFY(spy.first().first().toString().contains(QLatin1String("/nonexistent/error.log")));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("explainSummary"))
                        ->text()
                        .contains(QLatin1String("Stopped")));
    }

    void closedBeforeTheEnd_dropsTheResult()
    {
        auto dialog = new ExplainDialog;
        dialog->explainFiles({data("error.log")});
        delete dialog; // the worker's result must find nobody to post to, and not crash
        QTest::qWait(200);
    }
};

QTEST_MAIN(TestExplain)
#include "tst_explain.moc"
