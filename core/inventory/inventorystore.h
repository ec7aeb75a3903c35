#pragma once

#include "inventory/inventory.h"
#include "util/result.h"

#include <QObject>

class QFileSystemWatcher;
class QTimer;

namespace gs::inventory {

// The inventory file as the desktop app holds it: every change is saved at once and announced.
// gatescope-cli may change the same file meanwhile: the store follows the file (a watcher on its
// directory) and applies each change to what is on disk, so neither side drops the other's edits.
// Lives on the GUI thread; never touches the network.
class InventoryStore : public QObject
{
    Q_OBJECT

public:
    explicit InventoryStore(QString path = Inventory::defaultPath(), QObject *parent = nullptr);

    // Reads the file. When it cannot be understood it is moved aside (never overwritten), the
    // store starts empty and the returned error says where the old file went. A file from a newer
    // Gatescope is left alone and every change fails until it is dealt with.
    [[nodiscard]] Result<void> load();

    // Re-reads the file and announces reset() when someone else changed it.
    void reloadIfChanged();

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
    // The file went wrong behind our back (e.g. hand-edited into invalid JSON); it was kept aside.
    void problem(const QString &text);

private:
    // Takes the file's content when someone else changed it.
    Result<void> syncFromFile();
    // What a change starts from: the file as it is now (an unreadable one set aside first), or
    // an error when the file must not be overwritten.
    Result<Inventory> base();
    Result<void> commit(Inventory candidate);
    void watch();

    QString m_path;
    Inventory m_inventory;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reloadTimer = nullptr;
};

} // namespace gs::inventory
