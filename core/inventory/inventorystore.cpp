#include "inventory/inventorystore.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace gs::inventory {

InventoryStore::InventoryStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_watcher(new QFileSystemWatcher(this))
    , m_reloadTimer(new QTimer(this))
{
    // QSaveFile renames a new file over the old one, so watch the directory, not the file, and
    // let a burst of events settle before reading.
    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(150);
    connect(m_watcher,
            &QFileSystemWatcher::directoryChanged,
            m_reloadTimer,
            qOverload<>(&QTimer::start));
    connect(m_reloadTimer, &QTimer::timeout, this, &InventoryStore::reloadIfChanged);
}

void InventoryStore::watch()
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!m_watcher->directories().contains(dir) && QFileInfo(dir).isDir())
        m_watcher->addPath(dir);
}

Result<void> InventoryStore::syncFromFile()
{
    // A missing file keeps what we hold: the next save writes it again.
    if (!QFileInfo::exists(m_path))
        return {};
    Result<Inventory> onDisk = Inventory::load(m_path);
    if (!onDisk)
        return onDisk.error();
    if (!(*onDisk == m_inventory)) {
        m_inventory = std::move(*onDisk);
        Q_EMIT reset();
    }
    return {};
}

void InventoryStore::reloadIfChanged()
{
    // An unreadable file is dealt with when a change needs it (base()), not on every event.
    static_cast<void>(syncFromFile());
}

Result<Inventory> InventoryStore::base()
{
    const Result<void> synced = syncFromFile();
    if (synced)
        return m_inventory;
    if (synced.error().code != ErrorCode::ParseError)
        return synced.error(); // e.g. written by a newer Gatescope: never overwrite it
    // Broken behind our back: keep it aside, say so, and carry on from what we hold.
    const Result<QString> kept = Inventory::setAsideCorrupt(m_path);
    if (!kept)
        return kept.error();
    Q_EMIT problem(synced.error().message + QLatin1Char(' ')
                   + QStringLiteral("It was kept as %1.").arg(*kept));
    return m_inventory;
}

Result<void> InventoryStore::load()
{
    watch();
    Result<Inventory> loaded = Inventory::load(m_path);
    if (loaded) {
        m_inventory = std::move(*loaded);
        Q_EMIT reset();
        return {};
    }
    Error error = loaded.error();
    m_inventory = Inventory{};
    Q_EMIT reset();
    if (error.code != ErrorCode::ParseError)
        return error;
    Result<QString> kept = Inventory::setAsideCorrupt(m_path);
    if (!kept)
        return kept.error();
    error.hint
            = QStringLiteral("It was kept as %1; Gatescope starts with an empty list.").arg(*kept);
    return error;
}

Result<void> InventoryStore::commit(Inventory candidate)
{
    if (Result<void> saved = candidate.save(m_path); !saved)
        return saved;
    m_inventory = std::move(candidate);
    watch();
    return {};
}

Result<void> InventoryStore::add(const Server &server)
{
    Result<Inventory> candidate = base();
    if (!candidate)
        return candidate.error();
    if (Result<void> added = candidate->add(server); !added)
        return added;
    if (Result<void> saved = commit(std::move(*candidate)); !saved)
        return saved;
    Q_EMIT reset();
    return {};
}

Result<void> InventoryStore::update(const QString &name, const Server &server)
{
    Result<Inventory> candidate = base();
    if (!candidate)
        return candidate.error();
    const Server *before = m_inventory.find(name);
    const bool sameShape = before && before->name == server.name && before->group == server.group;
    if (Result<void> updated = candidate->update(name, server); !updated)
        return updated;
    if (Result<void> saved = commit(std::move(*candidate)); !saved)
        return saved;
    if (sameShape)
        Q_EMIT serverChanged(name);
    else
        Q_EMIT reset();
    return {};
}

Result<void> InventoryStore::remove(const QString &name)
{
    Result<Inventory> candidate = base();
    if (!candidate)
        return candidate.error();
    if (!candidate->remove(name)) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("There is no server named \"%1\".").arg(name));
    }
    if (Result<void> saved = commit(std::move(*candidate)); !saved)
        return saved;
    Q_EMIT reset();
    return {};
}

Result<void> InventoryStore::setLastResult(const QString &name, const Server::LastResult &result)
{
    Result<Inventory> candidate = base();
    if (!candidate)
        return candidate.error();
    if (Result<void> set = candidate->setLastResult(name, result); !set)
        return set;
    if (Result<void> saved = commit(std::move(*candidate)); !saved)
        return saved;
    Q_EMIT serverChanged(name);
    return {};
}

Result<Inventory::ImportReport>
InventoryStore::importFromSshConfig(const ssh::SshConfig &config,
                                    const ssh::SshConfigContext &context,
                                    const QStringList &aliases)
{
    Result<Inventory> candidate = base();
    if (!candidate)
        return candidate.error();
    Inventory::ImportReport report = candidate->importFromSshConfig(config, context, aliases);
    if (report.added.isEmpty())
        return report;
    if (Result<void> saved = commit(std::move(*candidate)); !saved)
        return saved.error();
    Q_EMIT reset();
    return report;
}

} // namespace gs::inventory
