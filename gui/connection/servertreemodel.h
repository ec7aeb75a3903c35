#pragma once

#include "inventory/server.h"

#include <QAbstractItemModel>
#include <QHash>

namespace gs::inventory {
class InventoryStore;
}

namespace gs::gui {

// The inventory as a two-level tree for the sidebar: groups (sorted by name, "Servers" for
// servers without one) and their servers (sorted by name). Also holds each server's connection
// state, which lives only as long as the app runs.
class ServerTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class ConnectionState { NotConnected, Connecting, Connected, Failed };
    Q_ENUM(ConnectionState)

    enum Role {
        IsGroupRole = Qt::UserRole + 1,
        ServerNameRole,      // QString, servers only
        AddressRole,         // QString "user@host:port"
        ConnectionStateRole, // int (ConnectionState)
        ConnectionMessageRole,
        LastResultRole,  // QString summary, empty when never diagnosed
        SeverityRole,    // QString "critical", "warning", "info", "ok", or empty
        ReadOnlyRole,    // bool
        ServerCountRole, // int, groups only
    };

    explicit ServerTreeModel(inventory::InventoryStore *store, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QModelIndex indexForServer(const QString &name) const;
    QString serverName(const QModelIndex &index) const; // empty for groups and invalid indexes
    const inventory::Server *server(const QModelIndex &index) const;

    void
    setConnectionState(const QString &name, ConnectionState state, const QString &message = {});
    ConnectionState connectionState(const QString &name) const;
    QString connectionMessage(const QString &name) const;

    // What the sidebar shows for a group key ("" is "Servers").
    static QString groupTitle(const QString &group);

private:
    struct Group
    {
        QString name;
        QList<int> servers; // indexes into the store's server list, sorted by name
    };
    struct ConnectionInfo
    {
        ConnectionState state = ConnectionState::NotConnected;
        QString message;
    };

    void rebuild();
    void onServerChanged(const QString &name);

    inventory::InventoryStore *m_store = nullptr;
    QList<Group> m_groups;
    QHash<QString, ConnectionInfo> m_connections;
};

} // namespace gs::gui
