// Connecting from the GUI against the lab's real sshd: an unknown host key is asked about in the
// HostKeyDialog, and accepting it connects and records the key; refusing it does not.

#include "app/connectionmanager.h"
#include "app/mainwindow.h"
#include "app/serverview.h"
#include "app/taskstatuswidget.h"
#include "connection/hostkeydialog.h"
#include "connection/secretdialog.h"
#include "connection/serverdialog.h"
#include "guilab.h"
#include "inventory/inventorystore.h"
#include "overview/overviewpage.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
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
        return gs::test::visibleChild<gs::gui::HostKeyDialog>(window);
    }

    template<typename T>
    static T *visible(QWidget *window)
    {
        return gs::test::visibleChild<T>(window);
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

    void passwordLogin_asksInTheSecretDialog_wrongThenRight()
    {
        const QJsonObject user = m_lab.json.value(QStringLiteral("users"))
                                         .toObject()
                                         .value(QStringLiteral("password"))
                                         .toObject();
        if (user.isEmpty())
            QSKIP("This lab has no password user (non-root lab).");
        gs::inventory::Server server = m_lab.server(QStringLiteral("lab"), {});
        server.user = user.value(QStringLiteral("name")).toString();
        server.identityFile.clear();
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        QVERIFY(store.add(server).ok());
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window); // no keychain: nothing is remembered
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        manager.testConnection(QStringLiteral("lab"));
        QTRY_VERIFY_WITH_TIMEOUT(visible<gs::gui::SecretDialog>(&window) != nullptr, 30000);
        auto dialog = visible<gs::gui::SecretDialog>(&window);
        // Without a keychain the dialog does not offer to remember.
        QVERIFY(!dialog->findChild<QWidget *>(QStringLiteral("rememberCheck"))->isVisible());
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit")),
                         QStringLiteral("wrong-password"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("okButton")),
                          Qt::LeftButton);
        // Refused: asked again, saying so.
        const auto askedAgain = [&] {
            return gs::test::visibleChildWhere<gs::gui::SecretDialog>(
                    &window, [](gs::gui::SecretDialog *d) {
                        return d->findChild<QLabel *>(QStringLiteral("secretError"))->isVisible();
                    });
        };
        QTRY_VERIFY_WITH_TIMEOUT(askedAgain() != nullptr, 60000);
        dialog = askedAgain();
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("secretEdit")),
                         user.value(QStringLiteral("password")).toString());
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("okButton")),
                          Qt::LeftButton);
        // Logged in. sudo may now ask for its own password (this user has no sudo rights, but
        // sudo asks before it checks): cancelling that only skips privileged checks.
        const auto connected = [&] {
            return window.serverModel()->connectionState(QStringLiteral("lab"))
                   == ServerTreeModel::ConnectionState::Connected;
        };
        QTRY_VERIFY_WITH_TIMEOUT(connected() || gs::test::visibleSudoDialog(&window), 60000);
        if (!connected())
            gs::test::visibleSudoDialog(&window)->reject();
        QTRY_VERIFY_WITH_TIMEOUT(connected(), 60000);
        // Then what the test connection read from the server.
        QTRY_VERIFY_WITH_TIMEOUT(window.serverModel()
                                         ->connectionMessage(QStringLiteral("lab"))
                                         .contains(QLatin1String("Logged in with")),
                                 60000);
    }

    void serverDialog_testConnection_reportsWhatConnectFinds()
    {
        gs::inventory::InventoryStore store(m_dir->filePath(QStringLiteral("inventory.json")));
        gs::gui::MainWindow window(&store);
        gs::gui::ConnectionManager manager(&window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // A server typed into the dialog, not saved: the test uses it as typed.
        const gs::inventory::Server lab = m_lab.server(QStringLiteral("typed"), {});
        gs::gui::ServerDialog *dialog = window.addServer();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), lab.name);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("addressEdit")),
                         lab.address);
        dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(lab.port);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("userEdit")), lab.user);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("keyEdit")),
                         lab.identityFile);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("knownHostsEdit")),
                         lab.knownHostsFile);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("testConnectionButton")),
                          Qt::LeftButton);
        auto status = dialog->findChild<QLabel *>(QStringLiteral("testStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("Host key")), 30000);
        QVERIFY2(status->text().contains(m_lab.fingerprint()), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QLatin1String("nginx")), qPrintable(status->text()));
        // Nothing was saved by testing.
        QVERIFY(store.inventory().isEmpty());
    }
};

QTEST_MAIN(TestConnection)
#include "tst_connection.moc"
