#pragma once

#include "connection/servertreemodel.h"
#include "inventory/server.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QSplitter;
class QStackedWidget;
class QTreeView;

namespace gs::inventory {
class InventoryStore;
}

namespace gs::gui {

class EmptyStateWidget;
class FleetModel;
class FleetPage;
class ServerDialog;
class ServerView;
class TaskStatusWidget;

// The app's main window: a server sidebar on the left, the selected server's pages on the right,
// and a friendly empty state while the inventory is empty. Work that needs the network is asked
// for through signals (testConnectionRequested, diagnoseRequested, ...); whoever answers reports
// back through setConnectionState() and statusArea(). Nothing here waits on the network.
class BundleDialog;
class BundleFleetDialog;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Reads the inventory from Inventory::defaultPath() (GATESCOPE_DATA_DIR respected).
    explicit MainWindow(QWidget *parent = nullptr);
    // Uses a store the caller owns and has loaded (tests, or an app with its own store).
    explicit MainWindow(inventory::InventoryStore *store, QWidget *parent = nullptr);

    // True while the "no servers yet" page is shown (used by tests and the sidebar).
    bool isShowingEmptyState() const;

    TaskStatusWidget *statusArea() const { return m_status; }
    ServerTreeModel *serverModel() const { return m_model; }
    inventory::InventoryStore *store() const { return m_store; }
    ServerView *serverView() const { return m_serverView; }
    QTreeView *sidebar() const { return m_tree; }
    FleetModel *fleetModel() const { return m_fleetModel; }
    FleetPage *fleetPage() const { return m_fleetPage; }
    bool isShowingFleet() const;

    QString currentServerName() const;
    bool selectServer(const QString &name);
    void setConnectionState(const QString &name,
                            ServerTreeModel::ConnectionState state,
                            const QString &message = {});

    // The problem met when reading the inventory at start-up, or empty.
    const QString &loadWarning() const { return m_loadWarning; }

public Q_SLOTS:
    // Open the dialogs (non-modal; they delete themselves when closed).
    ServerDialog *addServer();
    ServerDialog *editServer(const QString &name);
    void removeServer(const QString &name);
    void importFromSshConfig();
    // The Fleet overview: every server at once (also shown when no server is selected).
    void showFleet();
    // A support bundle in its own read-only window (File → Open support bundle…, or dropped).
    BundleDialog *openBundle(const QString &path);
    // Every bundle of a folder (an Ansible run's) as one table (File → Open a folder of bundles…).
    BundleFleetDialog *openBundleFolder(const QString &folder);

Q_SIGNALS:
    void testConnectionRequested(const gs::inventory::Server &server);
    void diagnoseRequested(const QStringList &serverNames);
    void exportReportRequested(const QString &serverName);
    void currentServerChanged(const QString &name);
    // A finding's "Open in editor": the config editor (to come) shows this file at this line.
    void openConfigRequested(const QString &serverName, const QString &file, int line);
    // A server dialog was opened: connect its testConnectionRequested()/setTestResult().
    void serverDialogOpened(gs::gui::ServerDialog *dialog);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void init();
    void loadInventory();
    void createActions();
    void createMenus();
    QWidget *createEmptyState();
    QWidget *createSidebar();
    void onInventoryReset();
    void onCurrentChanged();
    void refreshCurrentServer();
    void updateActions();
    void showSidebarMenu(const QPoint &pos);
    // Emits a request signal, or says plainly that nothing in this build handles it yet.
    template<typename Signal, typename... Args>
    void request(Signal signal, const QString &what, Args &&...args);

    inventory::InventoryStore *m_store = nullptr;
    ServerTreeModel *m_model = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
    QSplitter *m_splitter = nullptr;
    QTreeView *m_tree = nullptr;
    QStackedWidget *m_detailStack = nullptr;
    FleetModel *m_fleetModel = nullptr;
    FleetPage *m_fleetPage = nullptr;
    ServerView *m_serverView = nullptr;
    TaskStatusWidget *m_status = nullptr;
    QString m_loadWarning;
    QString m_lastSelected;
    bool m_fleetChosen = false; // the user asked for the fleet: resets keep it

    QAction *m_addAction = nullptr;
    QAction *m_importAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_testAction = nullptr;
    QAction *m_diagnoseAction = nullptr;
    QAction *m_diagnoseAllAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_openBundleAction = nullptr;       // File → Open support bundle…
    QAction *m_openBundleFolderAction = nullptr; // File → Open a folder of bundles…
    QAction *m_fleetAction = nullptr;
};

} // namespace gs::gui
