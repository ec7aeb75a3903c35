#include "connection/servertreemodel.h"

#include "common/appicons.h"
#include "inventory/inventorystore.h"

#include <algorithm>

namespace gs::gui {

namespace {

// internalId: 0 for a group row, group index + 1 for a server row.
constexpr quintptr kGroupId = 0;

// "web9" before "web10", case-insensitive; QCollator's numeric mode does nothing in the C locale.
bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a.at(i).isDigit() && b.at(j).isDigit()) {
            qsizetype ie = i;
            qsizetype je = j;
            while (ie < a.size() && a.at(ie).isDigit())
                ++ie;
            while (je < b.size() && b.at(je).isDigit())
                ++je;
            const QString na = a.mid(i, ie - i);
            const QString nb = b.mid(j, je - j);
            const qulonglong va = na.toULongLong();
            const qulonglong vb = nb.toULongLong();
            if (va != vb)
                return va < vb;
            i = ie;
            j = je;
            continue;
        }
        const int c = QString::compare(a.mid(i, 1), b.mid(j, 1), Qt::CaseInsensitive);
        if (c != 0)
            return c < 0;
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return (a.size() - i) < (b.size() - j);
    return QString::compare(a, b, Qt::CaseSensitive) < 0;
}

QString stateIconName(ServerTreeModel::ConnectionState state)
{
    switch (state) {
    case ServerTreeModel::ConnectionState::Connecting: return QStringLiteral("state-connecting");
    case ServerTreeModel::ConnectionState::Connected: return QStringLiteral("state-connected");
    case ServerTreeModel::ConnectionState::Failed: return QStringLiteral("state-failed");
    case ServerTreeModel::ConnectionState::NotConnected: break;
    }
    return QStringLiteral("state-unknown");
}

QString stateText(ServerTreeModel::ConnectionState state)
{
    switch (state) {
    case ServerTreeModel::ConnectionState::Connecting: return ServerTreeModel::tr("Connecting…");
    case ServerTreeModel::ConnectionState::Connected: return ServerTreeModel::tr("Connected");
    case ServerTreeModel::ConnectionState::Failed: return ServerTreeModel::tr("Could not connect");
    case ServerTreeModel::ConnectionState::NotConnected: break;
    }
    return ServerTreeModel::tr("Not connected");
}

} // namespace

ServerTreeModel::ServerTreeModel(inventory::InventoryStore *store, QObject *parent)
    : QAbstractItemModel(parent)
    , m_store(store)
{
    rebuild();
    connect(m_store, &inventory::InventoryStore::reset, this, [this] {
        beginResetModel();
        rebuild();
        endResetModel();
    });
    connect(m_store,
            &inventory::InventoryStore::serverChanged,
            this,
            &ServerTreeModel::onServerChanged);
}

QString ServerTreeModel::groupTitle(const QString &group)
{
    return group.isEmpty() ? tr("Servers") : group;
}

void ServerTreeModel::rebuild()
{
    m_groups.clear();
    const QList<inventory::Server> &servers = m_store->inventory().servers();
    for (int i = 0; i < servers.size(); ++i) {
        const QString &group = servers.at(i).group;
        auto it = std::find_if(m_groups.begin(), m_groups.end(), [&group](const Group &g) {
            return g.name == group;
        });
        if (it == m_groups.end()) {
            m_groups.append(Group{group, {}});
            it = m_groups.end() - 1;
        }
        it->servers.append(i);
    }
    // Named groups alphabetically, the unnamed "Servers" group last.
    std::sort(m_groups.begin(), m_groups.end(), [](const Group &a, const Group &b) {
        if (a.name.isEmpty() != b.name.isEmpty())
            return b.name.isEmpty();
        return naturalLess(a.name, b.name);
    });
    for (Group &group : m_groups) {
        std::sort(group.servers.begin(), group.servers.end(), [&](int a, int b) {
            return naturalLess(servers.at(a).name, servers.at(b).name);
        });
    }
    // Forget states of servers that are gone.
    for (auto it = m_connections.begin(); it != m_connections.end();) {
        if (!m_store->inventory().find(it.key()))
            it = m_connections.erase(it);
        else
            ++it;
    }
}

void ServerTreeModel::onServerChanged(const QString &name)
{
    const QModelIndex index = indexForServer(name);
    if (index.isValid())
        Q_EMIT dataChanged(index, index);
}

QModelIndex ServerTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupId);
    if (parent.internalId() == kGroupId)
        return createIndex(row, column, quintptr(parent.row()) + 1);
    return {};
}

QModelIndex ServerTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int ServerTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalId() != kGroupId)
        return 0;
    return int(m_groups.at(parent.row()).servers.size());
}

int ServerTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

const inventory::Server *ServerTreeModel::server(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == kGroupId)
        return nullptr;
    const Group &group = m_groups.at(qsizetype(index.internalId() - 1));
    return &m_store->inventory().servers().at(group.servers.at(index.row()));
}

QString ServerTreeModel::serverName(const QModelIndex &index) const
{
    const inventory::Server *s = server(index);
    return s ? s->name : QString();
}

QModelIndex ServerTreeModel::indexForServer(const QString &name) const
{
    const QList<inventory::Server> &servers = m_store->inventory().servers();
    for (int g = 0; g < m_groups.size(); ++g) {
        const QList<int> &rows = m_groups.at(g).servers;
        for (int r = 0; r < rows.size(); ++r) {
            if (servers.at(rows.at(r)).name == name)
                return createIndex(r, 0, quintptr(g) + 1);
        }
    }
    return {};
}

Qt::ItemFlags ServerTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == kGroupId)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant ServerTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kGroupId) {
        const Group &group = m_groups.at(index.row());
        switch (role) {
        case Qt::DisplayRole: return groupTitle(group.name);
        case Qt::DecorationRole: return appIcon(QStringLiteral("folder"));
        case IsGroupRole: return true;
        case ServerCountRole: return int(group.servers.size());
        default: return {};
        }
    }
    const inventory::Server *s = server(index);
    const ConnectionInfo info = m_connections.value(s->name);
    switch (role) {
    case Qt::DisplayRole:
    case ServerNameRole: return s->name;
    case Qt::DecorationRole: return appIcon(stateIconName(info.state));
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b><br>%2<br>%3")
                              .arg(s->name.toHtmlEscaped(),
                                   s->displayAddress().toHtmlEscaped(),
                                   stateText(info.state));
        if (!info.message.isEmpty())
            tip += QStringLiteral(": ") + info.message.toHtmlEscaped();
        if (!s->lastResult.summary.isEmpty())
            tip += QStringLiteral("<br>")
                   + tr("Last diagnosis: %1").arg(s->lastResult.summary.toHtmlEscaped());
        return tip;
    }
    case IsGroupRole: return false;
    case AddressRole: return s->displayAddress();
    case ConnectionStateRole: return int(info.state);
    case ConnectionMessageRole: return info.message;
    case LastResultRole: return s->lastResult.summary;
    case SeverityRole:
        if (s->lastResult.status == QLatin1String("ok") && s->lastResult.worstSeverity.isEmpty())
            return QStringLiteral("ok");
        return s->lastResult.worstSeverity;
    case ReadOnlyRole: return s->readOnly;
    default: return {};
    }
}

void ServerTreeModel::setConnectionState(const QString &name,
                                         ConnectionState state,
                                         const QString &message)
{
    m_connections[name] = ConnectionInfo{state, message};
    onServerChanged(name);
}

ServerTreeModel::ConnectionState ServerTreeModel::connectionState(const QString &name) const
{
    return m_connections.value(name).state;
}

QString ServerTreeModel::connectionMessage(const QString &name) const
{
    return m_connections.value(name).message;
}

} // namespace gs::gui
