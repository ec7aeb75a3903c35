#pragma once

#include "inventory/inventory.h"
#include "util/result.h"

#include <QObject>

namespace gs::inventory {

// The inventory file as the desktop app holds it: every change is saved at once and announced.
// Lives on the GUI thread; never touches the network.
class InventoryStore : public QObject
{
    Q_OBJECT

public:
    explicit InventoryStore(QString path = Inventory::defaultPath(), QObject *parent = nullptr);

    // Reads the file. When it cannot be understood it is moved aside (never overwritten), the
    // store starts empty and the returned error says where the old file went.
    [[nodiscard]] Result<void> load();

    const QString &path() const { return m_path; }
    const Inventory &inventory() const { return m_inventory; }

    // Each change is saved before it is announced; on a failed save nothing changes.
    [[nodiscard]] Result<void> add(const Server &server);
    [[nodiscard]] Result<void> update(const QString &name, const Server &server);
    [[nodiscard]] Result<void> remove(const QString &name);
    [[nodiscard]] Result<void> setLastResult(const QString &name, const Server::LastResult &result);
    [[nodiscard]] Result<Inventory::ImportReport>
    importFromSshConfig(const ssh::SshConfig &config,
                        const ssh::SshConfigContext &context,
                        const QStringList &aliases);

Q_SIGNALS:
    // The list changed shape (servers added, removed or renamed): views rebuild.
    void reset();
    // One server's fields changed in place (same name, same position).
    void serverChanged(const QString &name);

private:
    Result<void> commit(Inventory candidate);

    QString m_path;
    Inventory m_inventory;
};

} // namespace gs::inventory
