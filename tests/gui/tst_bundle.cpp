// File → Open support bundle…: a bundle collected on this machine by the real collector opens as
// a read-only server (the Diagnose page, its checklist and report actions, no Reproduce and no
// fix), and a damaged file says why it cannot be read.

#include "app/mainwindow.h"
#include "bundle/bundlescript.h"
#include "charts/chartsource.h"
#include "charts/chartspage.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/findingcard.h"
#include "fleet/bundledialog.h"
#include "fleet/bundlefleetdialog.h"
#include "fleet/fleetpage.h"
#include "inventory/inventorystore.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTabWidget>
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

    // The Error rates tab charts the access log the bundle holds (a bundle made by hand here:
    // this machine's own nginx may have none), its copies in the app's data go with the dialog.
    void errorRates_chartTheBundlesAccessLog()
    {
        qputenv("GATESCOPE_DATA_DIR", m_dir.filePath(QStringLiteral("data")).toUtf8());
        const QString root = QStringLiteral("gatescope-bundle-web-20261202T101000Z");
        QVERIFY(QDir(m_dir.path()).mkpath(root + QStringLiteral("/obs")));
        const auto write = [this, &root](const QString &name, const QByteArray &text) {
            QFile file(m_dir.filePath(root + QLatin1Char('/') + name));
            return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
        };
        QVERIFY(write(QStringLiteral("manifest.txt"),
                      "format=1\nhost=web\nuser=root\nuid=0\ncollected_epoch=1796206200\n"));
        QVERIFY(write(QStringLiteral("observations.tsv"),
                      "obs/1\t0\t0\tfacts\nobs/2\t0\t0\taccesslog:/var/log/nginx/access.log\n"
                      "obs/3\t0\t0\terrorlog:/var/log/nginx/error.log\n"));
        QVERIFY(write(QStringLiteral("obs/1.out"), "@@tools\n"));
        const QByteArray line = "127.0.0.1 - - [02/Dec/2026:10:0%1:00 +0000] \"GET / HTTP/1.1\" %2 "
                                "5 \"-\" \"curl\"\n";
        QByteArray log;
        for (const char *status : {"200", "502", "502"})
            log += QString::fromLatin1(line)
                           .arg(log.count('\n'))
                           .arg(QLatin1String(status))
                           .toUtf8();
        QVERIFY(write(QStringLiteral("obs/2.out"), log));
        QVERIFY(write(QStringLiteral("obs/3.out"),
                      "2026/12/02 10:01:00 [error] 1#1: *1 connect() failed (111: Connection "
                      "refused) while connecting to upstream, client: 127.0.0.1\n"));
        const QString archive = m_dir.filePath(QStringLiteral("by-hand.tar.gz"));
        QProcess tar;
        tar.setWorkingDirectory(m_dir.path());
        tar.start(QStringLiteral("tar"), {QStringLiteral("-czf"), archive, root});
        QVERIFY(tar.waitForFinished(30000));
        QCOMPARE(tar.exitCode(), 0);

        QString copies;
        {
            BundleDialog dialog;
            QSignalSpy shown(dialog.charts(), &gs::gui::ChartsPage::dataShown);
            dialog.openBundle(archive);
            QVERIFY(shown.wait(30000));
            QCOMPARE(dialog.tabs()->count(), 2);
            const auto &snapshot = dialog.charts()->primarySource()->snapshot();
            QVERIFY(snapshot.has_value());
            QCOMPARE(snapshot->summary.requests, qint64(3));
            QVERIFY2(dialog.charts()->csv().contains(QStringLiteral("502")),
                     qPrintable(dialog.charts()->csv()));
            auto note = dialog.findChild<QLabel *>(QStringLiteral("bundleChartsNote"));
            QVERIFY(note && note->text().startsWith(QStringLiteral("/var/log/nginx/access.log")));
            copies = QFileInfo(dialog.charts()->primarySource()->files().value(0)).absolutePath();
            QVERIFY2(copies.startsWith(m_dir.filePath(QStringLiteral("data"))), qPrintable(copies));
            QVERIFY(QFileInfo::exists(copies));
        }
        QVERIFY2(!QFileInfo::exists(copies), "the copies go with the dialog");
        qunsetenv("GATESCOPE_DATA_DIR");
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
