// Connecting from the GUI against the lab's real sshd: an unknown host key is asked about in the
// HostKeyDialog, and accepting it connects and records the key; refusing it does not.

#include "connectionmanager.h"
#include "guilab.h"
#include "hostkeydialog.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "overviewpage.h"
#include "serverview.h"
#include "taskstatuswidget.h"

#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using gs::gui::ServerTreeModel;

class TestConnection : public QObject
{
    Q_OBJECT

private:
    static gs::gui::HostKeyDialog *visibleHostKeyDialog(QWidget *window)
    {
        for (auto *dialog : window->findChildren<gs::gui::HostKeyDialog *>()) {
            if (dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    static QString readFile(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
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

    void unknownHostKey_askedThenAcceptedAndRemembered_connects()
    {
        // A known_hosts file of its own, empty: the lab's key is unknown to it.
        const QString knownHosts = m_dir->filePath(QStringLiteral("known_hosts"));
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab"), knownHosts)).ok());
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.currentServerName(), QStringLiteral("lab"));

        auto overview = window.serverView()->overviewPage();
        QTest::mouseClick(
                overview->findChild<QPushButton *>(QStringLiteral("testConnectionButton")),
                Qt::LeftButton);
        // Asked while the session's worker waits; the window stays responsive meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(visibleHostKeyDialog(&window) != nullptr, 30000);
        gs::gui::HostKeyDialog *dialog = visibleHostKeyDialog(&window);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("fingerprintLabel"))
                        ->text()
                        .contains(m_lab.fingerprint()));
        QCOMPARE(window.serverModel()->connectionState(QStringLiteral("lab")),
                 ServerTreeModel::ConnectionState::Connecting);
        QVERIFY(window.statusArea()->isBusy());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("acceptRememberButton")),
                          Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(window.serverModel()->connectionState(QStringLiteral("lab")),
                                  ServerTreeModel::ConnectionState::Connected,
                                  30000);
        // What `connect` reports: login, host key, privileges, OS, nginx.
        auto details = overview->findChild<QWidget *>(QStringLiteral("connectionDetails"));
        QTRY_VERIFY_WITH_TIMEOUT(details->isVisible(), 30000);
        QStringList texts;
        for (QLabel *label : details->findChildren<QLabel *>())
            texts << label->text();
        const QString shown = texts.join(QLatin1Char('\n'));
        QVERIFY2(shown.contains(m_lab.fingerprint()), qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("sudo without a password")), qPrintable(shown));
        QVERIFY2(shown.contains(QLatin1String("running (pid")), qPrintable(shown));
        QTRY_VERIFY_WITH_TIMEOUT(!window.statusArea()->isBusy(), 30000);
        // Remembered: the key is now in the server's known_hosts file.
        QVERIFY(readFile(knownHosts).contains(QLatin1String("ssh-ed25519")));
    }

    void unknownHostKey_refused_failsAndRecordsNothing()
    {
        const QString knownHosts = m_dir->filePath(QStringLiteral("known_hosts"));
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab"), knownHosts)).ok());
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        manager.testConnection(QStringLiteral("lab"));
        QTRY_VERIFY_WITH_TIMEOUT(visibleHostKeyDialog(&window) != nullptr, 30000);
        QTest::mouseClick(visibleHostKeyDialog(&window)->findChild<QPushButton *>(
                                  QStringLiteral("refuseButton")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(window.serverModel()->connectionState(QStringLiteral("lab")),
                                  ServerTreeModel::ConnectionState::Failed,
                                  30000);
        QVERIFY(window.serverModel()
                        ->connectionMessage(QStringLiteral("lab"))
                        .contains(QLatin1String("not accepted")));
        QVERIFY(!readFile(knownHosts).contains(QLatin1String("ssh-ed25519")));
    }

    void cancelWhileAsking_closesTheDialogAndLeavesTheAppUsable()
    {
        const QString knownHosts = m_dir->filePath(QStringLiteral("known_hosts"));
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(m_lab.server(QStringLiteral("lab"), knownHosts)).ok());
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        manager.testConnection(QStringLiteral("lab"));
        QTRY_VERIFY_WITH_TIMEOUT(visibleHostKeyDialog(&window) != nullptr, 30000);
        // The status bar's Cancel answers the question for the user.
        auto cancel
                = window.statusArea()->findChild<QToolButton *>(QStringLiteral("taskCancelButton"));
        QVERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(visibleHostKeyDialog(&window) == nullptr, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.serverModel()->connectionState(QStringLiteral("lab"))
                                         != ServerTreeModel::ConnectionState::Connecting,
                                 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.statusArea()->isBusy(), 30000);
        QVERIFY(!readFile(knownHosts).contains(QLatin1String("ssh-ed25519")));
    }
};

QTEST_MAIN(TestConnection)
#include "tst_connection.moc"
