#include "config/configbackupspanel.h"

#include "config/configdiffview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gs::gui {

ConfigBackupsPanel::ConfigBackupsPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("configBackupsPanel"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel(tr("Open a file to see its backups."));
    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("backupList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels(
            {tr("Backup"), tr("Taken (UTC)"), tr("Size"), tr("sha256"), tr("Kept")});
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto buttons = new QHBoxLayout;
    m_refresh = new QPushButton(tr("Refresh"));
    m_showDiff = new QPushButton(tr("Diff with current"));
    m_showDiff->setObjectName(QStringLiteral("backupDiffButton"));
    m_restore = new QPushButton(tr("Restore…"));
    m_restore->setObjectName(QStringLiteral("backupRestoreButton"));
    buttons->addWidget(m_refresh);
    buttons->addStretch(1);
    buttons->addWidget(m_showDiff);
    buttons->addWidget(m_restore);
    m_diff = new ConfigDiffView;
    auto splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_list);
    splitter->addWidget(m_diff);
    layout->addWidget(m_title);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    connect(m_refresh, &QPushButton::clicked, this, &ConfigBackupsPanel::refreshRequested);
    connect(m_showDiff, &QPushButton::clicked, this, [this] {
        if (!selectedId().isEmpty())
            Q_EMIT diffRequested(selectedId());
    });
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (!selectedId().isEmpty())
            Q_EMIT restoreRequested(selectedId());
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ConfigBackupsPanel::updateButtons);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this] {
        Q_EMIT diffRequested(selectedId());
    });
    updateButtons();
}

void ConfigBackupsPanel::setBackups(const QString &path, const QList<config::BackupEntry> &backups)
{
    m_title->setText(backups.isEmpty() ? tr("No backups of %1 yet: one is taken before every "
                                            "change.")
                                                 .arg(path)
                                       : tr("Backups of %1, newest first").arg(path));
    m_list->clear();
    for (const config::BackupEntry &entry : backups) {
        auto row = new QTreeWidgetItem(m_list);
        row->setText(0, entry.id);
        row->setData(0, Qt::UserRole, entry.id);
        row->setText(1, entry.created);
        row->setText(2, QString::number(entry.size));
        row->setText(3, entry.sha256.left(12));
        QStringList where;
        if (!entry.remotePath.isEmpty())
            where << tr("server");
        if (!entry.localPath.isEmpty())
            where << tr("here");
        row->setText(4, where.join(QStringLiteral(" + ")));
        row->setToolTip(4, entry.remotePath + QLatin1Char('\n') + entry.localPath);
    }
    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void ConfigBackupsPanel::showDiff(const QString &id,
                                  const QString &currentText,
                                  const QString &backupText)
{
    m_diff->setTexts(currentText, backupText, tr("Current"), tr("Backup %1").arg(id));
}

void ConfigBackupsPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateButtons();
}

QString ConfigBackupsPanel::selectedId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void ConfigBackupsPanel::updateButtons()
{
    const bool selected = !selectedId().isEmpty();
    m_showDiff->setEnabled(selected);
    m_restore->setEnabled(selected && !m_readOnly);
    m_restore->setToolTip(m_readOnly ? tr("Read-only (support mode): nothing is changed on this "
                                          "server.")
                                     : QString());
}

} // namespace gs::gui
