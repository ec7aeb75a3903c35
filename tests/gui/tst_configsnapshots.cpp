// Whole-tree snapshots in the GUI: the Snapshots tab of the Config page (ConfigSnapshotsPanel)
// and the service confirmation's "snapshot first" box. The restore confirmation's words without
// a server; with the practice lab (GS_LAB_DIR/lab.json): take a snapshot with a note by clicking,
// change a file, restore through the confirmation and watch the steps.

#include "config/configapplyview.h"
#include "config/configpage.h"
#include "config/configsnapshotspanel.h"
#include "overview/serviceconfirmdialog.h"

#include "guilab.h"
#include "remote/remotehost.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using gs::gui::ConfigSnapshotsPanel;

class TestConfigSnapshots : public QObject
{
    Q_OBJECT

private:
    static QByteArray readBytes(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static bool writeBytes(const QString &path, const QByteArray &data)
    {
        QFile file(path);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
               && file.write(data) == data.size();
    }

    QTemporaryDir m_data;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        qRegisterMetaType<QMessageBox *>();
        // Local copies and the audit log go to a scratch data directory.
        qputenv("GATESCOPE_DATA_DIR", m_data.path().toUtf8());
    }

    void restoreQuestion_saysExactlyWhatWillHappen()
    {
        gs::config::SnapshotEntry entry;
        entry.id = QStringLiteral("20261121T132503Z-3f2a9c01b7de");
        entry.created = QStringLiteral("2026-11-21T13:25:03Z");
        entry.note = QStringLiteral("before the PHP upgrade");
        entry.directories = {QStringLiteral("/etc/nginx"), QStringLiteral("/etc/php/8.2/fpm")};
        entry.fileCount = 42;
        entry.validation = QStringLiteral("failed");
        const QString text = ConfigSnapshotsPanel::restoreQuestion(entry, QStringLiteral("web1"));
        QVERIFY(text.contains(entry.id));
        QVERIFY(text.contains(QStringLiteral("web1")));
        QVERIFY(text.contains(QStringLiteral("/etc/php/8.2/fpm")));
        QVERIFY(text.contains(QStringLiteral("before the PHP upgrade")));
        QVERIFY(text.contains(QStringLiteral("deleted")));
        QVERIFY(text.contains(QStringLiteral("nginx -t")));
        QVERIFY(text.contains(QStringLiteral("did not validate")));
    }

    void panel_withoutServer_saysSo_andReadOnlyChangesNothing()
    {
        ConfigSnapshotsPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.statusLabel()->text().contains(QStringLiteral("No server")));
        QVERIFY(!panel.restoreButton()->isEnabled()); // nothing selected
        panel.setReadOnly(true);
        QVERIFY(!panel.takeButton()->isEnabled());
        panel.takeSnapshot(QStringLiteral("refused"));
        QVERIFY(!panel.isBusy());
    }

    void configPage_hasTheSnapshotsTab()
    {
        gs::gui::ConfigPage page;
        QVERIFY(page.snapshotsPanel());
        auto tabs = page.findChild<QTabWidget *>();
        QVERIFY(tabs);
        bool found = false;
        for (int i = 0; i < tabs->count(); ++i)
            found = found || tabs->widget(i) == page.snapshotsPanel();
        QVERIFY(found);
    }

    void serviceConfirmation_offersASnapshotFirst()
    {
        gs::actions::ServiceControl::HostServices services;
        gs::gui::ServiceConfirmDialog restart(services,
                                              QStringLiteral("web1"),
                                              QStringLiteral("nginx"),
                                              gs::actions::ServiceAction::Restart,
                                              {});
        QVERIFY(restart.snapshotCheck());
        QVERIFY(!restart.snapshotCheck()->isHidden());
        QVERIFY(!restart.snapshotFirst());
        restart.snapshotCheck()->setChecked(true);
        QVERIFY(restart.snapshotFirst());
        gs::gui::ServiceConfirmDialog status(services,
                                             QStringLiteral("web1"),
                                             QStringLiteral("nginx"),
                                             gs::actions::ServiceAction::Status,
                                             {});
        status.snapshotCheck()->setChecked(true);
        QVERIFY(status.snapshotCheck()->isHidden());
        QVERIFY(!status.snapshotFirst());
    }

    void lab_takeChangeRestore_throughTheButtons()
    {
        const gs::test::GuiLab lab = gs::test::GuiLab::load();
        if (!lab.isUp())
            QSKIP("the practice lab is not running (GS_LAB_DIR/lab.json)");
        const gs::inventory::Server server = lab.server(QStringLiteral("lab"), {});
        gs::ssh::ConnectOptions options;
        options.host = server.address;
        options.port = server.port;
        options.user = server.user;
        options.identityFiles << server.identityFile;
        options.identitiesOnly = true;
        options.useAgent = false;
        options.knownHostsFile = server.knownHostsFile;
        auto host = std::make_shared<gs::remote::RemoteHost>(options);
        const QString siteConf = lab.json.value(QStringLiteral("nginx"))
                                         .toObject()
                                         .value(QStringLiteral("site_conf"))
                                         .toString();
        const QByteArray original = readBytes(siteConf);
        QVERIFY(!original.isEmpty());

        ConfigSnapshotsPanel panel;
        panel.setTargetProvider([host, server] {
            return ConfigSnapshotsPanel::Target{host, server.name, server.nginxConfig};
        });
        QSignalSpy loaded(&panel, &ConfigSnapshotsPanel::snapshotsLoaded);
        panel.resize(900, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(loaded.wait(60000));

        // Take one with a note, by the button.
        QSignalSpy taken(&panel, &ConfigSnapshotsPanel::snapshotTaken);
        panel.noteEdit()->setText(QStringLiteral("gui test"));
        QTest::mouseClick(panel.takeButton(), Qt::LeftButton);
        QVERIFY(panel.isBusy());
        QVERIFY(!panel.takeButton()->isEnabled());
        QVERIFY(taken.wait(120000));
        const auto creation = taken.first().first().value<gs::config::SnapshotCreation>();
        QVERIFY2(creation.created, qPrintable(creation.message));
        QCOMPARE(panel.stepsView()->stepStatus(QStringLiteral("snapshot")), QStringLiteral("ok"));
        QCOMPARE(panel.list()->currentItem()->data(0, Qt::UserRole).toString(), creation.entry.id);
        QCOMPARE(panel.list()->currentItem()->text(1), QStringLiteral("gui test"));
        QVERIFY(panel.noteEdit()->text().isEmpty());

        // Change a file, then restore through the confirmation.
        QVERIFY(writeBytes(siteConf, original + "# changed by the GUI test\n"));
        QSignalSpy shown(&panel, &ConfigSnapshotsPanel::confirmationShown);
        QSignalSpy restored(&panel, &ConfigSnapshotsPanel::restoreFinished);
        QTest::mouseClick(panel.restoreButton(), Qt::LeftButton);
        QCOMPARE(shown.size(), 1);
        auto box = panel.findChild<QMessageBox *>(QStringLiteral("snapshotRestoreConfirm"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->text().contains(creation.entry.id));
        auto yes = box->findChild<QPushButton *>(QStringLiteral("snapshotRestoreYes"));
        QVERIFY(yes);
        yes->click();
        QVERIFY(restored.wait(180000));
        const auto result = restored.first().first().value<gs::config::ApplyResult>();
        QCOMPARE(gs::config::applyOutcomeName(result.outcome), QStringLiteral("applied"));
        QCOMPARE(readBytes(siteConf), original);
        QCOMPARE(panel.stepsView()->stepStatus(QStringLiteral("swap")), QStringLiteral("ok"));
        QCOMPARE(panel.stepsView()->stepStatus(QStringLiteral("health")), QStringLiteral("ok"));
        // The pre-restore snapshot is listed first now.
        QCOMPARE(panel.snapshots().first().id, result.backupId);

        // Issue 11: another server selected while this one's list is read. What this server
        // holds never shows under the other (it showed another server's run).
        gs::ssh::ConnectOptions deadOptions = options;
        deadOptions.port = 1; // nothing listens: the other server cannot be reached
        auto dead = std::make_shared<gs::remote::RemoteHost>(deadOptions);
        std::shared_ptr<gs::remote::RemoteHost> selected = host;
        panel.setTargetProvider([&selected, host, server] {
            return ConfigSnapshotsPanel::Target{
                    selected, selected == host ? server.name : QStringLiteral("other"), {}};
        });
        panel.refresh(); // this server's list, in flight
        QVERIFY(panel.isBusy());
        selected = dead;
        panel.refresh(); // the user picked the other server meanwhile
        QTRY_VERIFY_WITH_TIMEOUT(
                !panel.isBusy() && panel.statusLabel()->text().contains(QStringLiteral("failed")),
                60000);
        QVERIFY(panel.snapshots().isEmpty());
        QCOMPARE(panel.list()->topLevelItemCount(), 0);
        QVERIFY(!panel.stepsView()->isVisible());
    }
};

QTEST_MAIN(TestConfigSnapshots)
#include "tst_configsnapshots.moc"
