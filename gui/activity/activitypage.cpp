#include "activity/activitypage.h"

#include "activity/auditmodel.h"
#include "common/appicons.h"
#include "common/emptystatewidget.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace gs::gui {

ActivityPage::ActivityPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("activitypage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    m_stack = new QStackedWidget;
    m_emptyState = new EmptyStateWidget(
            QStringLiteral("activity"),
            tr("Nothing has happened here yet"),
            tr("Every command Gatescope runs on this server and every change it makes will be "
               "listed here, with the time and the outcome."));
    m_stack->addWidget(m_emptyState);

    auto trail = new QWidget;
    auto trailLayout = new QVBoxLayout(trail);
    trailLayout->setContentsMargins(4, 0, 4, 0);
    auto bar = new QHBoxLayout;
    m_filter = new QLineEdit;
    m_filter->setObjectName(QStringLiteral("activityFilter"));
    m_filter->setPlaceholderText(tr("Filter: action, command, outcome…"));
    m_filter->setClearButtonEnabled(true);
    bar->addWidget(m_filter, 1);
    m_copy = new QPushButton(appIcon(QStringLiteral("copy")), tr("Copy row"));
    m_copy->setObjectName(QStringLiteral("copyActivityRowButton"));
    bar->addWidget(m_copy);
    trailLayout->addLayout(bar);
    m_model = new AuditModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("activityTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(AuditModel::TimeColumn, 150);
    m_table->setColumnWidth(AuditModel::ActionColumn, 120);
    m_table->setColumnWidth(AuditModel::CommandColumn, 330);
    m_table->setColumnWidth(AuditModel::OutcomeColumn, 80);
    auto copyAction = new QAction(appIcon(QStringLiteral("copy")), tr("Copy row"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(copyAction);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    trailLayout->addWidget(m_table, 1);
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->hide();
    trailLayout->addWidget(m_error);
    m_stack->addWidget(trail);
    layout->addWidget(m_stack);

    connect(m_filter,
            &QLineEdit::textChanged,
            m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_copy, &QPushButton::clicked, this, &ActivityPage::copyRow);
    connect(copyAction, &QAction::triggered, this, &ActivityPage::copyRow);
}

void ActivityPage::setServer(const inventory::Server &server)
{
    m_serverName = server.name;
    refresh();
}

void ActivityPage::refresh()
{
    // A local file of one line per action: small enough to read here.
    const auto entries = audit::AuditLog().read(m_serverName);
    m_error->setVisible(!entries);
    if (!entries) {
        m_error->setText(tr("The audit log could not be read: %1").arg(entries.error().text()));
        m_model->setEntries({});
    } else {
        m_model->setEntries(*entries);
    }
    m_stack->setCurrentIndex(m_model->rowCount() > 0 || !entries ? 1 : 0);
}

void ActivityPage::copyRow()
{
    QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        current = m_proxy->index(0, 0);
    if (!current.isValid())
        return;
    QApplication::clipboard()->setText(m_model->rowText(m_proxy->mapToSource(current).row()));
}

} // namespace gs::gui
