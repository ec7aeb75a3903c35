// File → Open support bundle…: a bundle collected on this machine by the real collector opens as
// a read-only server (the Diagnose page, its checklist and report actions, no Reproduce and no
// fix), and a damaged file says why it cannot be read.

#include "bundle/bundlescript.h"
#include "bundledialog.h"
#include "bundlefleetdialog.h"
#include "diagnosepage.h"
#include "findingcard.h"
#include "fleetpage.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"

#include <QAction>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using gs::gui::BundleDialog;

class TestBundle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile script(m_dir.filePath(QStringLiteral("collect.sh")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(gs::bundle::BundleScript::text().toUtf8());
        script.close();
        QProcess sh;
        sh.setWorkingDirectory(m_dir.path());
        sh.start(QStringLiteral("sh"), {script.fileName()});
        QVERIFY(sh.waitForFinished(120000));
        QCOMPARE(sh.exitCode(), 0);
        m_bundle = QString::fromUtf8(sh.readAllStandardOutput().trimmed());
        QVERIFY2(QFile::exists(m_bundle), qPrintable(m_bundle));
    }

    void openBundle_showsTheDiagnosisReadOnly()
    {
        gs::inventory::InventoryStore store(m_dir.filePath(QStringLiteral("inventory.json")));
        gs::gui::MainWindow window(&store);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("openBundleAction")));
        BundleDialog *dialog = window.openBundle(m_bundle);
        QSignalSpy diagnosed(dialog, &BundleDialog::diagnosed);
        QVERIFY(diagnosed.wait(60000));
        QCOMPARE(diagnosed.first().first().toString(), QString());
        QVERIFY(dialog->report().has_value());

        auto header = dialog->findChild<QLabel *>(QStringLiteral("bundleHeader"));
        QVERIFY(header);
        QVERIFY2(header->text().contains(QStringLiteral("Read-only")), qPrintable(header->text()));
        QVERIFY(dialog->page()->checklist()->topLevelItemCount() > 0);
        auto reproduce = dialog->findChild<QPushButton *>(QStringLiteral("reproduceButton"));
        QVERIFY(reproduce);
        QVERIFY(!reproduce->isVisibleTo(dialog));
        // "Open in editor" shows the bundle's copy, read-only; a file it lacks says so.
        Q_EMIT dialog->page()->openConfigRequested(QStringLiteral("/nonexistent/nginx.conf"), 3);
        auto viewer = dialog->findChild<QDialog *>(QStringLiteral("bundleConfigViewer"));
        QVERIFY(viewer);
        auto text = viewer->findChild<QPlainTextEdit *>();
        QVERIFY(text && text->isReadOnly());
        QVERIFY2(text->toPlainText().contains(QStringLiteral("does not hold")),
                 qPrintable(text->toPlainText()));
        for (gs::gui::FindingCard *card : dialog->page()->findingCards()) {
            if (card->fixButton())
                QVERIFY(!card->fixButton()->isEnabled());
        }
    }

    void damagedBundle_saysWhy()
    {
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.tar.gz"));
        QFile file(damaged);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x1f\x8b\x08\x00 cut short");
        file.close();
        BundleDialog dialog;
        QSignalSpy diagnosed(&dialog, &BundleDialog::diagnosed);
        dialog.show();
        dialog.openBundle(damaged);
        QVERIFY(diagnosed.wait(30000));
        const QString error = diagnosed.first().first().toString();
        QVERIFY2(error.contains(QStringLiteral("refused")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("collection script")), qPrintable(error));
    }

    void folderOfBundles_oneRowEach_damagedOneSaysSo()
    {
        QTemporaryDir folder;
        QVERIFY(QFile::copy(m_bundle,
                            folder.filePath(QStringLiteral("a--gatescope-bundle.tar.gz"))));
        QVERIFY(QFile::copy(m_bundle,
                            folder.filePath(QStringLiteral("b--gatescope-bundle.tar.gz"))));
        QFile damaged(folder.filePath(QStringLiteral("c--gatescope-bundle.tar.gz")));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("not a bundle");
        damaged.close();

        gs::inventory::InventoryStore store(m_dir.filePath(QStringLiteral("inventory2.json")));
        gs::gui::MainWindow window(&store);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("openBundleFolderAction")));
        // The Fleet page offers it too ("Open bundles…"); its file dialog is left out here.
        auto page = window.findChild<gs::gui::FleetPage *>();
        QVERIFY(page);
        QObject::disconnect(page, &gs::gui::FleetPage::openBundleFolderRequested, &window, nullptr);
        QSignalSpy asked(page, &gs::gui::FleetPage::openBundleFolderRequested);
        auto openBundles = page->findChild<QPushButton *>(QStringLiteral("fleetOpenBundlesButton"));
        QVERIFY(openBundles);
        openBundles->click();
        QCOMPARE(asked.count(), 1);
        gs::gui::BundleFleetDialog *fleet = window.openBundleFolder(folder.path());
        QSignalSpy finished(fleet, &gs::gui::BundleFleetDialog::finished);
        QVERIFY(finished.wait(60000));
        QTableWidget *table = fleet->table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(2, 3)->text(), QStringLiteral("Could not be read"));
        QVERIFY(table->item(2, 4)->text().contains(QStringLiteral("refused")));
        for (int row = 0; row < 2; ++row) {
            QVERIFY(!table->item(row, 1)->text().isEmpty()); // the server's name
            QVERIFY(table->item(row, 3)->text() != QStringLiteral("Could not be read"));
        }
        auto summary = fleet->findChild<QLabel *>(QStringLiteral("bundleFleetSummary"));
        QVERIFY2(summary->text().contains(QStringLiteral("3 of 3")), qPrintable(summary->text()));
    }

private:
    QTemporaryDir m_dir;
    QString m_bundle;
};

QTEST_MAIN(TestBundle)
#include "tst_bundle.moc"
