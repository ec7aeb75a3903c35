#include "fleet/fleetpage.h"

#include "common/appicons.h"
#include "fleet/fleetmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace gs::gui {

FleetPage::FleetPage(FleetModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("fleetPage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 8);
    layout->setSpacing(10);

    auto header = new QHBoxLayout;
    header->setSpacing(12);
    auto icon = new QLabel;
    icon->setPixmap(appIcon(QStringLiteral("fleet")).pixmap(32, 32));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto titles = new QVBoxLayout;
    titles->setSpacing(2);
    auto title = new QLabel(tr("Fleet overview"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.45);
    font.setBold(true);
    title->setFont(font);
    titles->addWidget(title);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("fleetSummary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    titles->addWidget(m_summary);
    header->addLayout(titles, 1);
    m_diagnoseSelected
            = new QPushButton(appIcon(QStringLiteral("diagnose")), tr("Diagnose selected"));
    m_diagnoseSelected->setObjectName(QStringLiteral("diagnoseSelectedButton"));
    m_diagnoseAll = new QPushButton(appIcon(QStringLiteral("diagnose-all")), tr("Diagnose all"));
    m_diagnoseAll->setObjectName(QStringLiteral("fleetDiagnoseAllButton"));
    m_openBundles = new QPushButton(appIcon(QStringLiteral("open-file")), tr("Open bundles…"));
    m_openBundles->setObjectName(QStringLiteral("fleetOpenBundlesButton"));
    m_openBundles->setToolTip(tr("Diagnose a folder of support bundles, such as the one "
                                 "`gatescope-cli bundle playbook` fetches from every host"));
    header->addWidget(m_openBundles, 0, Qt::AlignVCenter);
    header->addWidget(m_diagnoseSelected, 0, Qt::AlignVCenter);
    header->addWidget(m_diagnoseAll, 0, Qt::AlignVCenter);
    layout->addLayout(header);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(FleetModel::SortRole);
    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("fleetView"));
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(FleetModel::ServerColumn, Qt::AscendingOrder);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(FleetModel::WorstFindingColumn, QHeaderView::Stretch);
    m_view->setColumnWidth(FleetModel::ServerColumn, 170);
    m_view->setColumnWidth(FleetModel::ConnectionColumn, 130);
    m_view->setColumnWidth(FleetModel::StatusColumn, 190);
    m_view->setColumnWidth(FleetModel::LastRunColumn, 130);
    layout->addWidget(m_view, 1);

    auto hint = new QLabel(tr("Double-click a server to open it. Diagnoses of several servers "
                              "run at the same time, each over its own connection."));
    hint->setForegroundRole(QPalette::PlaceholderText);
    hint->setWordWrap(true);
    layout->addWidget(hint);

    connect(m_diagnoseSelected, &QPushButton::clicked, this, [this] {
        if (const QStringList names = selectedServers(); !names.isEmpty())
            Q_EMIT diagnoseRequested(names);
    });
    connect(m_openBundles, &QPushButton::clicked, this, &FleetPage::openBundleFolderRequested);
    connect(m_diagnoseAll, &QPushButton::clicked, this, [this] {
        if (const QStringList names = allServers(); !names.isEmpty())
            Q_EMIT diagnoseRequested(names);
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT openServerRequested(index.data(FleetModel::ServerNameRole).toString());
    });
    auto refresh = [this] {
        updateSummary();
    };
    connect(model, &QAbstractItemModel::dataChanged, this, refresh);
    connect(model, &QAbstractItemModel::modelReset, this, refresh);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, refresh);
    updateSummary();
}

QStringList FleetPage::selectedServers() const
{
    QStringList names;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        names << index.data(FleetModel::ServerNameRole).toString();
    return names;
}

QStringList FleetPage::allServers() const
{
    QStringList names;
    for (int row = 0; row < m_model->rowCount(); ++row)
        names << m_model->serverName(row);
    return names;
}

void FleetPage::updateSummary()
{
    m_summary->setText(m_model->summary());
    m_diagnoseSelected->setEnabled(m_view->selectionModel()->hasSelection());
    m_diagnoseAll->setEnabled(m_model->rowCount() > 0);
}

} // namespace gs::gui
