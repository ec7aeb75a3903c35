#include "app/mainwindow.h"

#include "app/serverview.h"
#include "app/taskstatuswidget.h"
#include "common/appicons.h"
#include "common/emptystatewidget.h"
#include "connection/importsshconfigdialog.h"
#include "connection/serverdialog.h"
#include "connection/serveritemdelegate.h"
#include "connection/servertreeview.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/explaindialog.h"
#include "fleet/bundledialog.h"
#include "fleet/bundlefleetdialog.h"
#include "fleet/fleetmodel.h"
#include "fleet/fleetpage.h"
#include "inventory/inventorystore.h"
#include "inventory/sshconfigloader.h"
#include "overview/overviewpage.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMetaMethod>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace gs::gui {

namespace {
constexpr int kSidebarWidth = 240;
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_store(new inventory::InventoryStore(inventory::Inventory::defaultPath(), this))
{
    loadInventory();
    init();
}

MainWindow::MainWindow(inventory::InventoryStore *store, QWidget *parent)
    : QMainWindow(parent)
    , m_store(store)
{
    init();
}

void MainWindow::loadInventory()
{
    if (Result<void> loaded = m_store->load(); !loaded)
        m_loadWarning = loaded.error().text();
}

void MainWindow::init()
{
    setWindowTitle(QStringLiteral("Gatescope"));
    resize(1100, 720);
    setAcceptDrops(true); // a support bundle dropped on the window opens it
    m_model = new ServerTreeModel(m_store, this);

    createActions();
    createMenus();

    m_stack = new QStackedWidget(this);
    m_emptyState = createEmptyState();
    m_stack->addWidget(m_emptyState);

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createSidebar());
    m_detailStack = new QStackedWidget;
    m_fleetModel = new FleetModel(m_store, m_model, this);
    m_fleetPage = new FleetPage(m_fleetModel);
    m_serverView = new ServerView;
    m_detailStack->addWidget(m_fleetPage);
    m_detailStack->addWidget(m_serverView);
    m_splitter->addWidget(m_detailStack);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({kSidebarWidth, width() - kSidebarWidth});
    m_stack->addWidget(m_splitter);
    setCentralWidget(m_stack);

    m_status = new TaskStatusWidget;
    m_status->setObjectName(QStringLiteral("taskStatus"));
    statusBar()->addWidget(m_status, 1);
    statusBar()->setSizeGripEnabled(true);

    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onInventoryReset);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &topLeft) {
        if (m_model->serverName(topLeft) == currentServerName())
            refreshCurrentServer();
    });
    connect(m_tree->selectionModel(),
            &QItemSelectionModel::currentChanged,
            this,
            &MainWindow::onCurrentChanged);
    OverviewPage *overview = m_serverView->overviewPage();
    connect(overview,
            &OverviewPage::testConnectionRequested,
            this,
            [this](const inventory::Server &server) {
                request(&MainWindow::testConnectionRequested, tr("Testing connections"), server);
            });
    connect(overview, &OverviewPage::editRequested, this, &MainWindow::editServer);
    connect(m_serverView->diagnosePage(),
            &DiagnosePage::diagnoseRequested,
            this,
            [this](const QString &name) {
                request(&MainWindow::diagnoseRequested, tr("Diagnosis"), QStringList{name});
            });

    connect(m_serverView->diagnosePage(),
            &DiagnosePage::openConfigRequested,
            this,
            [this](const QString &file, int line) {
                m_serverView->showConfigAt(file, line);
                Q_EMIT openConfigRequested(currentServerName(), file, line);
            });
    connect(m_serverView->diagnosePage(),
            &DiagnosePage::reviewFixRequested,
            m_serverView,
            &ServerView::reviewFix);
    connect(m_fleetPage, &FleetPage::diagnoseRequested, this, [this](const QStringList &names) {
        request(&MainWindow::diagnoseRequested, tr("Diagnosis"), names);
    });
    connect(m_fleetPage, &FleetPage::openServerRequested, this, &MainWindow::selectServer);
    connect(m_fleetPage, &FleetPage::openBundleFolderRequested, this, [this] {
        m_openBundleFolderAction->trigger();
    });

    connect(m_store, &inventory::InventoryStore::problem, this, [this](const QString &text) {
        auto box = new QMessageBox(QMessageBox::Warning,
                                   tr("The server list could not be read"),
                                   text,
                                   QMessageBox::Ok,
                                   this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });

    onInventoryReset();
    if (!m_loadWarning.isEmpty()) {
        // After the window is up, and without blocking: the app stays usable behind it.
        QTimer::singleShot(0, this, [this] {
            auto box = new QMessageBox(QMessageBox::Warning,
                                       tr("The server list could not be read"),
                                       m_loadWarning,
                                       QMessageBox::Ok,
                                       this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        });
    }
}

template<typename Signal, typename... Args>
void MainWindow::request(Signal signal, const QString &what, Args &&...args)
{
    if (!isSignalConnected(QMetaMethod::fromSignal(signal))) {
        m_status->finish(tr("%1 is not available in this build yet.").arg(what));
        return;
    }
    Q_EMIT(this->*signal)(std::forward<Args>(args)...);
}

void MainWindow::createActions()
{
    m_addAction = new QAction(appIcon(QStringLiteral("add")), tr("Add server…"), this);
    m_addAction->setObjectName(QStringLiteral("addServerAction"));
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(tr("Add a server Gatescope should look after"));
    m_importAction
            = new QAction(appIcon(QStringLiteral("import")), tr("Import from ssh config…"), this);
    m_importAction->setObjectName(QStringLiteral("importAction"));
    m_editAction = new QAction(appIcon(QStringLiteral("edit")), tr("Edit server…"), this);
    m_removeAction = new QAction(appIcon(QStringLiteral("remove")), tr("Remove server…"), this);
    m_removeAction->setObjectName(QStringLiteral("removeServerAction"));
    m_testAction = new QAction(appIcon(QStringLiteral("plug")), tr("Test connection"), this);
    m_diagnoseAction = new QAction(appIcon(QStringLiteral("diagnose")), tr("Diagnose"), this);
    m_diagnoseAction->setObjectName(QStringLiteral("diagnoseAction"));
    m_diagnoseAction->setShortcut(Qt::CTRL | Qt::Key_D);
    m_diagnoseAction->setToolTip(tr("Run the checklist on the selected server"));
    m_diagnoseAllAction
            = new QAction(appIcon(QStringLiteral("diagnose-all")), tr("Diagnose all"), this);
    m_diagnoseAllAction->setObjectName(QStringLiteral("diagnoseAllAction"));
    m_diagnoseAllAction->setToolTip(tr("Run the checklist on every server at once"));
    m_exportAction = new QAction(appIcon(QStringLiteral("export")), tr("Export report…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setToolTip(tr("Save the selected server's last diagnosis as a report"));
    m_fleetAction = new QAction(appIcon(QStringLiteral("fleet")), tr("Fleet"), this);
    m_fleetAction->setObjectName(QStringLiteral("fleetAction"));
    m_fleetAction->setToolTip(tr("Every server at a glance: status, worst finding, last run"));
    connect(m_fleetAction, &QAction::triggered, this, &MainWindow::showFleet);

    connect(m_addAction, &QAction::triggered, this, &MainWindow::addServer);
    connect(m_importAction, &QAction::triggered, this, &MainWindow::importFromSshConfig);
    connect(m_editAction, &QAction::triggered, this, [this] { editServer(currentServerName()); });
    connect(m_removeAction, &QAction::triggered, this, [this] {
        removeServer(currentServerName());
    });
    connect(m_testAction, &QAction::triggered, this, [this] {
        if (const inventory::Server *server = m_store->inventory().find(currentServerName()))
            request(&MainWindow::testConnectionRequested, tr("Testing connections"), *server);
    });
    connect(m_diagnoseAction, &QAction::triggered, this, [this] {
        request(&MainWindow::diagnoseRequested, tr("Diagnosis"), QStringList{currentServerName()});
    });
    connect(m_diagnoseAllAction, &QAction::triggered, this, [this] {
        QStringList names;
        for (const inventory::Server &server : m_store->inventory().servers())
            names.append(server.name);
        request(&MainWindow::diagnoseRequested, tr("Diagnosis"), names);
    });
    connect(m_exportAction, &QAction::triggered, this, [this] {
        request(&MainWindow::exportReportRequested, tr("Exporting reports"), currentServerName());
    });

    auto toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(20, 20));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_addAction);
    toolbar->addSeparator();
    toolbar->addAction(m_fleetAction);
    toolbar->addAction(m_diagnoseAction);
    toolbar->addAction(m_diagnoseAllAction);
    toolbar->addSeparator();
    toolbar->addAction(m_exportAction);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    file->addAction(m_importAction);
    file->addSeparator();
    // Offline: a log a customer sent, or one copied off a server Gatescope cannot reach.
    QAction *explain = file->addAction(tr("Explain a log file…"), this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(
                this,
                tr("Explain nginx or PHP-FPM error logs"),
                QString(),
                tr("Logs (*.log *.gz *.log.* error*);;All files (*)"));
        if (paths.isEmpty())
            return;
        auto dialog = new ExplainDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        dialog->explainFiles(paths);
    });
    explain->setObjectName(QStringLiteral("explainLogAction"));
    // Offline too: what a customer's server looked like, from the collector's .tar.gz.
    QAction *bundle = file->addAction(tr("Open support bundle…"), this, [this] {
        const QString path
                = QFileDialog::getOpenFileName(this,
                                               tr("Open a Gatescope support bundle"),
                                               QString(),
                                               tr("Support bundles (*.tar.gz);;All files (*)"));
        if (!path.isEmpty())
            openBundle(path);
    });
    bundle->setObjectName(QStringLiteral("openBundleAction"));
    m_openBundleAction = bundle;
    QAction *bundles = file->addAction(tr("Open a folder of bundles…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
                this, tr("Open the folder the bundles were fetched into"));
        if (!folder.isEmpty())
            openBundleFolder(folder);
    });
    bundles->setObjectName(QStringLiteral("openBundleFolderAction"));
    m_openBundleFolderAction = bundles;
    file->addAction(m_exportAction);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    server->addAction(m_fleetAction);
    server->addSeparator();
    server->addAction(m_testAction);
    server->addAction(m_diagnoseAction);
    server->addAction(m_diagnoseAllAction);
    server->addSeparator();
    server->addAction(m_editAction);
    server->addAction(m_removeAction);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Gatescope"), this, [this] {
        auto box = new QMessageBox(QMessageBox::NoIcon,
                                   tr("About Gatescope"),
                                   tr("<b>Gatescope %1</b><p>Finds and fixes the causes of nginx "
                                      "502 and 504 errors over SSH. Nothing is installed on your "
                                      "servers.</p>")
                                           .arg(QApplication::applicationVersion()),
                                   QMessageBox::Ok,
                                   this);
        box->setIconPixmap(appIcon(QStringLiteral("gatescope")).pixmap(64, 64));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

QWidget *MainWindow::createEmptyState()
{
    auto page = new EmptyStateWidget(
            QStringLiteral("gatescope"),
            tr("No servers yet"),
            tr("Add the server whose site answers \"502 Bad Gateway\". Gatescope connects over "
               "SSH, installs nothing, and tells you why."));
    page->setObjectName(QStringLiteral("emptyState"));
    page->titleLabel()->setObjectName(QStringLiteral("emptyStateTitle"));
    QPushButton *add = page->addButton(tr("Add a server…"), QStringLiteral("add"));
    add->setObjectName(QStringLiteral("addServerButton"));
    connect(add, &QPushButton::clicked, this, &MainWindow::addServer);
    auto box = static_cast<QVBoxLayout *>(page->layout());
    const auto link = [box](const QString &text, const QString &name) {
        auto button = new QPushButton(text);
        button->setObjectName(name);
        button->setFlat(true);
        button->setCursor(Qt::PointingHandCursor);
        button->setStyleSheet(
                QStringLiteral("QPushButton { color: palette(link); border: none; }"));
        box->insertWidget(box->count() - 1, button, 0, Qt::AlignHCenter);
        return button;
    };
    connect(link(tr("or import them from ~/.ssh/config"), QStringLiteral("importSshConfigButton")),
            &QPushButton::clicked,
            this,
            &MainWindow::importFromSshConfig);
    // Support staff often start with no server of their own, only what a customer sent.
    connect(link(tr("or open a support bundle a customer sent"),
                 QStringLiteral("openBundleLinkButton")),
            &QPushButton::clicked,
            this,
            [this] { m_openBundleAction->trigger(); });
    return page;
}

QWidget *MainWindow::createSidebar()
{
    auto sidebar = new QWidget;
    sidebar->setObjectName(QStringLiteral("sidebar"));
    sidebar->setMinimumWidth(200);
    auto layout = new QVBoxLayout(sidebar);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tree = new ServerTreeView;
    m_tree->setObjectName(QStringLiteral("serverTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new ServerItemDelegate(m_tree));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setIndentation(10);
    m_tree->setUniformRowHeights(false);
    m_tree->setFrameShape(QFrame::NoFrame);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAutoFillBackground(true);
    // A sidebar tint, a touch darker than the pages.
    QPalette palette = m_tree->palette();
    palette.setColor(QPalette::Base, palette.color(QPalette::Window));
    m_tree->setPalette(palette);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showSidebarMenu);
    layout->addWidget(m_tree);
    return sidebar;
}

bool MainWindow::isShowingFleet() const
{
    return m_stack->currentWidget() == m_splitter && m_detailStack->currentWidget() == m_fleetPage;
}

void MainWindow::showFleet()
{
    // No server selected is the fleet; picking one in the sidebar goes back to it.
    m_fleetChosen = true;
    m_tree->selectionModel()->clearSelection();
    m_tree->setCurrentIndex(QModelIndex());
    m_detailStack->setCurrentWidget(m_fleetPage);
}

bool MainWindow::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_emptyState;
}

QString MainWindow::currentServerName() const
{
    return m_model->serverName(m_tree->currentIndex());
}

bool MainWindow::selectServer(const QString &name)
{
    const QModelIndex index = m_model->indexForServer(name);
    if (!index.isValid())
        return false;
    m_tree->setCurrentIndex(index);
    return true;
}

void MainWindow::setConnectionState(const QString &name,
                                    ServerTreeModel::ConnectionState state,
                                    const QString &message)
{
    m_model->setConnectionState(name, state, message);
}

void MainWindow::onInventoryReset()
{
    m_tree->expandAll();
    const bool empty = m_store->inventory().isEmpty();
    m_stack->setCurrentWidget(empty ? m_emptyState : static_cast<QWidget *>(m_splitter));
    // Keep the selection across resets when the server is still there; else take the first.
    if (!m_fleetChosen && !selectServer(m_lastSelected) && !empty) {
        const QModelIndex firstGroup = m_model->index(0, 0);
        if (m_model->rowCount(firstGroup) > 0)
            m_tree->setCurrentIndex(m_model->index(0, 0, firstGroup));
    }
    onCurrentChanged();
}

void MainWindow::onCurrentChanged()
{
    const QString name = currentServerName();
    if (!name.isEmpty()) {
        m_lastSelected = name;
        m_fleetChosen = false;
    }
    refreshCurrentServer();
    updateActions();
    Q_EMIT currentServerChanged(name);
}

void MainWindow::refreshCurrentServer()
{
    const inventory::Server *server = m_store->inventory().find(currentServerName());
    if (!server) {
        m_detailStack->setCurrentWidget(m_fleetPage);
        return;
    }
    m_serverView->setServer(*server);
    m_serverView->overviewPage()->setConnectionState(m_model->connectionState(server->name),
                                                     m_model->connectionMessage(server->name));
    m_detailStack->setCurrentWidget(m_serverView);
}

void MainWindow::updateActions()
{
    const bool hasCurrent = !currentServerName().isEmpty();
    for (QAction *action :
         {m_editAction, m_removeAction, m_testAction, m_diagnoseAction, m_exportAction})
        action->setEnabled(hasCurrent);
    m_diagnoseAllAction->setEnabled(!m_store->inventory().isEmpty());
}

void MainWindow::showSidebarMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    QMenu menu;
    if (!m_model->serverName(index).isEmpty()) {
        m_tree->setCurrentIndex(index);
        menu.addAction(m_testAction);
        menu.addAction(m_diagnoseAction);
        menu.addSeparator();
        menu.addAction(m_editAction);
        menu.addAction(m_removeAction);
    } else {
        menu.addAction(m_addAction);
        menu.addAction(m_importAction);
    }
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

ServerDialog *MainWindow::addServer()
{
    auto dialog = new ServerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSaveHandler(
            [this](const inventory::Server &server) { return m_store->add(server); });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        selectServer(dialog->server().name);
        m_status->finish(tr("Added %1.").arg(dialog->server().name));
    });
    Q_EMIT serverDialogOpened(dialog);
    dialog->open();
    return dialog;
}

ServerDialog *MainWindow::editServer(const QString &name)
{
    const inventory::Server *server = m_store->inventory().find(name);
    if (!server)
        return nullptr;
    auto dialog = new ServerDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setServer(*server);
    dialog->setSaveHandler([this, name](const inventory::Server &edited) {
        return m_store->update(name, edited);
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_lastSelected = dialog->server().name;
        selectServer(dialog->server().name);
    });
    Q_EMIT serverDialogOpened(dialog);
    dialog->open();
    return dialog;
}

void MainWindow::removeServer(const QString &name)
{
    if (!m_store->inventory().find(name))
        return;
    auto box = new QMessageBox(QMessageBox::Question,
                               tr("Remove %1?").arg(name),
                               tr("Remove \"%1\" from Gatescope's list? Nothing changes on the "
                                  "server itself, and you can add it again later.")
                                       .arg(name),
                               QMessageBox::NoButton,
                               this);
    box->setObjectName(QStringLiteral("removeConfirmation"));
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmRemoveButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, remove, name](QAbstractButton *button) {
        if (button != remove)
            return;
        if (Result<void> removed = m_store->remove(name); !removed)
            m_status->finish(removed.error().text());
        else
            m_status->finish(tr("Removed %1.").arg(name));
    });
    box->open();
}

void MainWindow::importFromSshConfig()
{
    const ssh::SshConfigContext context = ssh::SshConfigContext::system();
    const QString path = inventory::SshConfigLoader::defaultPath(context);
    const Result<ssh::SshConfig> config = inventory::SshConfigLoader::load(path, context);
    if (!config) {
        m_status->finish(config.error().text());
        return;
    }
    auto dialog = new ImportSshConfigDialog(
            path, m_store->inventory().importCandidates(*config, context), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, config = *config, context] {
        const Result<inventory::Inventory::ImportReport> report
                = m_store->importFromSshConfig(config, context, dialog->aliasesToImport());
        if (!report) {
            m_status->finish(report.error().text());
            return;
        }
        m_status->finish(tr(
                "Imported %n server(s) from your ssh config.", nullptr, int(report->added.size())));
        if (!report->added.isEmpty())
            selectServer(report->added.first());
    });
    dialog->open();
}

BundleDialog *MainWindow::openBundle(const QString &path)
{
    auto dialog = new BundleDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->openBundle(path);
    return dialog;
}

BundleFleetDialog *MainWindow::openBundleFolder(const QString &folder)
{
    auto dialog = new BundleFleetDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->openFolder(folder);
    return dialog;
}

namespace {

// The local .tar.gz files among dropped URLs.
QStringList droppedBundles(const QMimeData *data)
{
    QStringList paths;
    if (!data || !data->hasUrls())
        return paths;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".tar.gz")))
            paths << url.toLocalFile();
    }
    return paths;
}

} // namespace

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedBundles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QString &path : droppedBundles(event->mimeData()))
        openBundle(path);
    event->acceptProposedAction();
}

} // namespace gs::gui
