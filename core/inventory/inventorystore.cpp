#include "inventory/inventorystore.h"

namespace gs::inventory {

InventoryStore::InventoryStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
{}

Result<void> InventoryStore::load()
{
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
    return {};
}

Result<void> InventoryStore::add(const Server &server)
{
    Inventory candidate = m_inventory;
    if (Result<void> added = candidate.add(server); !added)
        return added;
    if (Result<void> saved = commit(std::move(candidate)); !saved)
        return saved;
    Q_EMIT reset();
    return {};
}

Result<void> InventoryStore::update(const QString &name, const Server &server)
{
    Inventory candidate = m_inventory;
    const Server *before = m_inventory.find(name);
    const bool sameShape = before && before->name == server.name && before->group == server.group;
    if (Result<void> updated = candidate.update(name, server); !updated)
        return updated;
    if (Result<void> saved = commit(std::move(candidate)); !saved)
        return saved;
    if (sameShape)
        Q_EMIT serverChanged(name);
    else
        Q_EMIT reset();
    return {};
}

Result<void> InventoryStore::remove(const QString &name)
{
    Inventory candidate = m_inventory;
    if (!candidate.remove(name)) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("There is no server named \"%1\".").arg(name));
    }
    if (Result<void> saved = commit(std::move(candidate)); !saved)
        return saved;
    Q_EMIT reset();
    return {};
}

Result<void> InventoryStore::setLastResult(const QString &name, const Server::LastResult &result)
{
    Inventory candidate = m_inventory;
    if (Result<void> set = candidate.setLastResult(name, result); !set)
        return set;
    if (Result<void> saved = commit(std::move(candidate)); !saved)
        return saved;
    Q_EMIT serverChanged(name);
    return {};
}

Result<Inventory::ImportReport>
InventoryStore::importFromSshConfig(const ssh::SshConfig &config,
                                    const ssh::SshConfigContext &context,
                                    const QStringList &aliases)
{
    Inventory candidate = m_inventory;
    Inventory::ImportReport report = candidate.importFromSshConfig(config, context, aliases);
    if (report.added.isEmpty())
        return report;
    if (Result<void> saved = commit(std::move(candidate)); !saved)
        return saved.error();
    Q_EMIT reset();
    return report;
}

} // namespace gs::inventory
