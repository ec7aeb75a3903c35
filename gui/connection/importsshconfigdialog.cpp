#include "connection/importsshconfigdialog.h"

#include "common/appicons.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

ImportSshConfigDialog::ImportSshConfigDialog(
        const QString &configPath,
        const QList<inventory::Inventory::ImportCandidate> &candidates,
        QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("importSshConfigDialog"));
    setWindowTitle(tr("Import from ssh config"));
    setMinimumSize(520, 400);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(10);

    int importable = 0;
    for (const auto &candidate : candidates)
        importable += candidate.skipReason.isEmpty() ? 1 : 0;
    auto intro = new QLabel(
            candidates.isEmpty()
                    ? tr("No hosts were found in %1. Only Host lines that name one host "
                         "(without * or ?) can be imported.")
                              .arg(configPath)
                    : tr("Hosts found in %1. Tick the ones Gatescope should look after; "
                         "their address, port, user and key come along.")
                              .arg(configPath));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("aliasList"));
    m_list->setAlternatingRowColors(true);
    m_list->setIconSize(QSize(20, 20));
    m_list->setSpacing(1);
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    for (const auto &candidate : candidates) {
        const inventory::Server &server = candidate.server;
        QString text = server.name + QStringLiteral("  —  ") + server.displayAddress();
        auto item = new QListWidgetItem(appIcon(QStringLiteral("server")), text, m_list);
        item->setData(Qt::UserRole, server.name);
        if (candidate.skipReason.isEmpty()) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            item->setCheckState(Qt::Checked);
            if (!server.identityFile.isEmpty())
                item->setToolTip(tr("Key: %1").arg(server.identityFile));
        } else {
            item->setFlags(Qt::ItemIsSelectable);
            item->setText(text + QStringLiteral("\n    ")
                          + tr("Not imported: %1").arg(candidate.skipReason));
            item->setToolTip(candidate.skipReason);
        }
    }
    layout->addWidget(m_list, 1);

    auto selection = new QHBoxLayout;
    auto all = new QPushButton(tr("Select all"));
    auto none = new QPushButton(tr("Select none"));
    all->setAutoDefault(false);
    none->setAutoDefault(false);
    all->setEnabled(importable > 0);
    none->setEnabled(importable > 0);
    selection->addWidget(all);
    selection->addWidget(none);
    selection->addStretch();
    layout->addLayout(selection);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_importButton = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setIcon(appIcon(QStringLiteral("import")));
    layout->addWidget(buttons);

    auto setAll = [this](Qt::CheckState state) {
        for (int i = 0; i < m_list->count(); ++i) {
            if (m_list->item(i)->flags() & Qt::ItemIsUserCheckable)
                m_list->item(i)->setCheckState(state);
        }
    };
    connect(all, &QPushButton::clicked, this, [setAll] { setAll(Qt::Checked); });
    connect(none, &QPushButton::clicked, this, [setAll] { setAll(Qt::Unchecked); });
    connect(m_list, &QListWidget::itemChanged, this, &ImportSshConfigDialog::updateButtons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateButtons();
}

QStringList ImportSshConfigDialog::aliasesToImport() const
{
    QStringList aliases;
    for (int i = 0; i < m_list->count(); ++i) {
        const QListWidgetItem *item = m_list->item(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState() == Qt::Checked)
            aliases.append(item->data(Qt::UserRole).toString());
    }
    return aliases;
}

void ImportSshConfigDialog::updateButtons()
{
    const int count = int(aliasesToImport().size());
    m_importButton->setEnabled(count > 0);
    m_importButton->setText(count > 0 ? tr("Import %n server(s)", nullptr, count) : tr("Import"));
}

} // namespace gs::gui
