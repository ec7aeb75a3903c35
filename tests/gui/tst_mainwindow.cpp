#include "app/mainwindow.h"
#include "app/serverview.h"
#include "app/taskstatuswidget.h"
#include "connection/importsshconfigdialog.h"
#include "connection/serverdialog.h"
#include "inventory/inventory.h"
#include "inventory/inventorystore.h"
#include "overview/overviewpage.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using gs::inventory::Inventory;
using gs::inventory::Server;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QString inventoryPath() const { return m_dir->filePath(QStringLiteral("inventory.json")); }

    static Server server(const QString &name, const QString &address, const QString &group)
    {
        Server s;
        s.name = name;
        s.address = address;
        s.group = group;
        return s;
    }

    // The dialog the window opened with open(): a child of the window, visible.
    template<typename T>
    static T *openDialog(QWidget *window)
    {
        const QList<T *> dialogs = window->findChildren<T *>();
        for (T *dialog : dialogs) {
            if (dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    static void
    fillAndSave(gs::gui::ServerDialog *dialog, const QString &name, const QString &address)
    {
        auto nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
        auto addressEdit = dialog->findChild<QLineEdit *>(QStringLiteral("addressEdit"));
        QVERIFY(nameEdit && addressEdit);
        nameEdit->clear();
        addressEdit->clear();
        QTest::keyClicks(nameEdit, name);
        QTest::keyClicks(addressEdit, address);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")),
                          Qt::LeftButton);
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private Q_SLOTS:
    void init()
    {
        // Every test gets its own data directory: the app must never touch the real inventory.
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        qputenv("GATESCOPE_DATA_DIR", m_dir->path().toUtf8());
    }

    void showsEmptyStateWithoutServers()
    {
        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isShowingEmptyState());
        auto title = window.findChild<QLabel *>(QStringLiteral("emptyStateTitle"));
        QVERIFY(title);
        QVERIFY(title->isVisible());
        auto add = window.findChild<QPushButton *>(QStringLiteral("addServerButton"));
        QVERIFY(add);
        QVERIFY(add->isVisible());
    }

    void addServerThroughDialog_appearsInSidebarAndIsSaved()
    {
        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("addServerButton")),
                          Qt::LeftButton);
        auto dialog = openDialog<gs::gui::ServerDialog>(&window);
        QVERIFY(dialog);
        dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))->setValue(2222);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("userEdit")),
                         QStringLiteral("deploy"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("groupEdit")),
                         QStringLiteral("Shop"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("tagsEdit")),
                         QStringLiteral("php, eu"));
        fillAndSave(dialog, QStringLiteral("shop-prod"), QStringLiteral("203.0.113.10"));
        QTRY_VERIFY(!dialog->isVisible());

        QVERIFY(!window.isShowingEmptyState());
        QVERIFY(window.sidebar()->isVisible());
        const QModelIndex index = window.serverModel()->indexForServer(QStringLiteral("shop-prod"));
        QVERIFY(index.isValid());
        QCOMPARE(index.parent().data().toString(), QStringLiteral("Shop"));
        QCOMPARE(window.currentServerName(), QStringLiteral("shop-prod"));
        QVERIFY(window.serverView()->isVisible());
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("serverTitle"))->text(),
                 QStringLiteral("shop-prod"));

        const gs::Result<Inventory> saved = Inventory::load(inventoryPath());
        QVERIFY(saved.ok());
        QCOMPARE(saved->servers().size(), 1);
        const Server &s = saved->servers().first();
        QCOMPARE(s.address, QStringLiteral("203.0.113.10"));
        QCOMPARE(s.port, 2222);
        QCOMPARE(s.user, QStringLiteral("deploy"));
        QCOMPARE(s.tags, QStringList({QStringLiteral("php"), QStringLiteral("eu")}));
    }

    void invalidInput_showsInlineErrorsAndKeepsDialogOpen()
    {
        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto dialog = window.addServer();
        QVERIFY(dialog->isVisible());
        fillAndSave(dialog, QStringLiteral("web"), QStringLiteral("web.example.com:2222"));
        QVERIFY(dialog->isVisible());
        auto addressError = dialog->findChild<QLabel *>(QStringLiteral("addressError"));
        QVERIFY(addressError->isVisible());
        QVERIFY(addressError->text().contains(QLatin1String("Port")));
        QVERIFY(window.isShowingEmptyState());
        QVERIFY(!QFile::exists(inventoryPath()));

        fillAndSave(dialog, QString(), QStringLiteral("web.example.com"));
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("nameError"))->isVisible());
        QVERIFY(!addressError->isVisible());
    }

    void duplicateName_isShownAtTheNameField()
    {
        gs::inventory::InventoryStore store(inventoryPath());
        QVERIFY(store.add(server(QStringLiteral("web"), QStringLiteral("h1"), {})).ok());
        gs::gui::MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto dialog = window.addServer();
        fillAndSave(dialog, QStringLiteral("WEB"), QStringLiteral("h2"));
        QVERIFY(dialog->isVisible());
        auto nameError = dialog->findChild<QLabel *>(QStringLiteral("nameError"));
        QVERIFY(nameError->isVisible());
        QVERIFY(nameError->text().contains(QLatin1String("already")));
        QCOMPARE(store.inventory().servers().size(), 1);
    }

    void startup_readsInventoryGroupsAndSelectsFirstServer()
    {
        Inventory inventory;
        QVERIFY(inventory
                        .add(server(QStringLiteral("shop-prod"),
                                    QStringLiteral("10.0.0.1"),
                                    QStringLiteral("Shop")))
                        .ok());
        QVERIFY(inventory
                        .add(server(QStringLiteral("shop-staging"),
                                    QStringLiteral("10.0.0.2"),
                                    QStringLiteral("Shop")))
                        .ok());
        QVERIFY(inventory
                        .add(server(QStringLiteral("blog"),
                                    QStringLiteral("10.0.0.3"),
                                    QStringLiteral("Customers")))
                        .ok());
        QVERIFY(inventory.save(inventoryPath()).ok());

        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.isShowingEmptyState());
        QVERIFY(window.loadWarning().isEmpty());
        QCOMPARE(window.serverModel()->rowCount(), 2);
        QCOMPARE(window.serverModel()->index(0, 0).data().toString(), QStringLiteral("Customers"));
        QCOMPARE(window.currentServerName(), QStringLiteral("blog"));
        QVERIFY(window.sidebar()->width() >= 200);
        QVERIFY(window.sidebar()->width() <= 280);

        // Clicking another server shows it.
        const QModelIndex staging
                = window.serverModel()->indexForServer(QStringLiteral("shop-staging"));
        const QRect rect = window.sidebar()->visualRect(staging);
        QTest::mouseClick(window.sidebar()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(window.currentServerName(), QStringLiteral("shop-staging"));
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("factAddress"))->text(),
                 QStringLiteral("10.0.0.2"));

        // Ctrl+Tab / Ctrl+PgDn step through the server's tabs, from the sidebar just clicked or
        // from inside a page, and back.
        QTabWidget *tabs = window.serverView()->tabs();
        tabs->setCurrentIndex(0);
        window.activateWindow();
        window.sidebar()->setFocus();
        QTest::keyClick(window.sidebar(), Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 1);
        QTest::keyClick(tabs->currentWidget(), Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 2);
        QTest::keyClick(tabs->currentWidget(), Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), 1);
        QTest::keyClick(
                tabs->currentWidget(), Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentIndex(), 0);
        QTest::keyClick(
                tabs->currentWidget(), Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->currentIndex(), tabs->count() - 1);

        // The arrow keys go from server to server over the group headers (Down from the last
        // server of a group showed the Fleet page); at either end they stay.
        window.sidebar()->setFocus();
        const auto key = [&window](Qt::Key k) {
            QTest::keyClick(window.sidebar(), k);
        };
        window.selectServer(QStringLiteral("blog"));
        key(Qt::Key_Down);
        QCOMPARE(window.currentServerName(), QStringLiteral("shop-prod"));
        QVERIFY(!window.isShowingFleet());
        key(Qt::Key_Down);
        QCOMPARE(window.currentServerName(), QStringLiteral("shop-staging"));
        key(Qt::Key_Down);
        QCOMPARE(window.currentServerName(), QStringLiteral("shop-staging"));
        key(Qt::Key_Up);
        key(Qt::Key_Up);
        QCOMPARE(window.currentServerName(), QStringLiteral("blog"));
        key(Qt::Key_Up);
        QCOMPARE(window.currentServerName(), QStringLiteral("blog"));
        key(Qt::Key_End);
        QCOMPARE(window.currentServerName(), QStringLiteral("shop-staging"));
        key(Qt::Key_Home);
        QCOMPARE(window.currentServerName(), QStringLiteral("blog"));
        QVERIFY(!window.isShowingFleet());
    }

    void removeServer_asksThenRemoves()
    {
        gs::inventory::InventoryStore store(inventoryPath());
        QVERIFY(store.add(server(QStringLiteral("web"), QStringLiteral("h1"), {})).ok());
        gs::gui::MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.removeServer(QStringLiteral("web"));
        auto box = openDialog<QMessageBox>(&window);
        QVERIFY(box);
        QCOMPARE(store.inventory().servers().size(), 1); // nothing happens before the answer
        QTest::mouseClick(box->findChild<QPushButton *>(QStringLiteral("confirmRemoveButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(store.inventory().isEmpty());
        QVERIFY(window.isShowingEmptyState());
        const gs::Result<Inventory> saved = Inventory::load(inventoryPath());
        QVERIFY(saved.ok());
        QVERIFY(saved->isEmpty());
    }

    void corruptInventory_isKeptAsideAndReported()
    {
        QFile file(inventoryPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ broken");
        file.close();
        gs::gui::MainWindow window;
        QVERIFY(window.loadWarning().contains(QLatin1String(".corrupt-")));
        QVERIFY(window.isShowingEmptyState());
        QCOMPARE(QDir(m_dir->path()).entryList({QStringLiteral("inventory.json.corrupt-*")}).size(),
                 1);
    }

    void serverAddedByTheCli_appearsWithoutRestart()
    {
        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isShowingEmptyState());
        // What `gatescope-cli hosts add` does: write the shared file.
        Inventory inventory;
        QVERIFY(inventory
                        .add(server(QStringLiteral("demo-server"),
                                    QStringLiteral("127.0.0.1"),
                                    QStringLiteral("Demo")))
                        .ok());
        QVERIFY(inventory.save(inventoryPath()).ok());
        QTRY_VERIFY(!window.isShowingEmptyState());
        QVERIFY(window.serverModel()->indexForServer(QStringLiteral("demo-server")).isValid());
    }

    void editServer_movesItToItsNewGroup()
    {
        gs::inventory::InventoryStore store(inventoryPath());
        QVERIFY(store.add(server(QStringLiteral("web"),
                                 QStringLiteral("h1"),
                                 QStringLiteral("Old")))
                        .ok());
        gs::gui::MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto dialog = window.editServer(QStringLiteral("web"));
        QVERIFY(dialog && dialog->isVisible());
        auto group = dialog->findChild<QLineEdit *>(QStringLiteral("groupEdit"));
        QCOMPARE(group->text(), QStringLiteral("Old"));
        group->clear();
        QTest::keyClicks(group, QStringLiteral("New"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("saveButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());
        const QModelIndex index = window.serverModel()->indexForServer(QStringLiteral("web"));
        QCOMPARE(index.parent().data().toString(), QStringLiteral("New"));
        QCOMPARE(window.currentServerName(), QStringLiteral("web"));
        QCOMPARE(store.inventory().find(QStringLiteral("web"))->group, QStringLiteral("New"));
    }

    void importFromSshConfig_addsTickedAliases()
    {
        const QString home = m_dir->filePath(QStringLiteral("home"));
        QVERIFY(QDir().mkpath(home + QStringLiteral("/.ssh")));
        QFile config(home + QStringLiteral("/.ssh/config"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("Host web1\n  HostName 10.0.0.1\n  User admin\nHost db1\n  HostName 10.0.0.2\n"
                     "Host *\n  IdentityFile ~/.ssh/id_ed25519\n");
        config.close();
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.toUtf8());
        auto restoreHome = qScopeGuard([&oldHome] { qputenv("HOME", oldHome); });

        gs::gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("importSshConfigButton")),
                          Qt::LeftButton);
        auto dialog = openDialog<gs::gui::ImportSshConfigDialog>(&window);
        QVERIFY(dialog);
        QCOMPARE(dialog->list()->count(), 2);
        dialog->list()->item(1)->setCheckState(Qt::Unchecked); // db1
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("importButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!window.isShowingEmptyState());
        const gs::Result<Inventory> saved = Inventory::load(inventoryPath());
        QVERIFY(saved.ok());
        QCOMPARE(saved->servers().size(), 1);
        QCOMPARE(saved->servers().first().name, QStringLiteral("web1"));
        QCOMPARE(saved->servers().first().user, QStringLiteral("admin"));
        QCOMPARE(saved->servers().first().identityFile, home + QStringLiteral("/.ssh/id_ed25519"));
        QCOMPARE(window.currentServerName(), QStringLiteral("web1"));
    }

    void testConnection_withoutSshLayer_saysSoInsteadOfFaking()
    {
        gs::inventory::InventoryStore store(inventoryPath());
        QVERIFY(store.add(server(QStringLiteral("web"), QStringLiteral("h1"), {})).ok());
        gs::gui::MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto button = window.serverView()->overviewPage()->findChild<QPushButton *>(
                QStringLiteral("testConnectionButton"));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(window.statusArea()->text().contains(QLatin1String("not available")));

        // With a listener, the request goes out with the server, and state comes back.
        QSignalSpy spy(&window, &gs::gui::MainWindow::testConnectionRequested);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().first().value<Server>().name, QStringLiteral("web"));
        window.setConnectionState(QStringLiteral("web"),
                                  gs::gui::ServerTreeModel::ConnectionState::Failed,
                                  QStringLiteral("The server did not answer."));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("connectionStateText"))
                        ->text()
                        .contains(QLatin1String("did not answer")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
