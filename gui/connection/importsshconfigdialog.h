#pragma once

#include "inventory/inventory.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace gs::gui {

// Lets the user pick which Host aliases of ~/.ssh/config become servers. Aliases that cannot be
// imported (already in the list, ProxyJump, ...) are shown greyed out with the reason. Shown
// with open(); on OK, aliasesToImport() says what was ticked.
class ImportSshConfigDialog : public QDialog
{
    Q_OBJECT

public:
    ImportSshConfigDialog(const QString &configPath,
                          const QList<inventory::Inventory::ImportCandidate> &candidates,
                          QWidget *parent = nullptr);

    QStringList aliasesToImport() const;
    QListWidget *list() const { return m_list; }

private:
    void updateButtons();

    QListWidget *m_list = nullptr;
    QPushButton *m_importButton = nullptr;
};

} // namespace gs::gui
