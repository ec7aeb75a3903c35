#include "fleet/fleetmodel.h"

#include "common/appicons.h"
#include "common/plural.h"
#include "inventory/inventorystore.h"

#include <QLocale>

namespace gs::gui {

namespace {

int severityRank(const QString &severity)
{
    if (severity == QLatin1String("error"))
        return 6;
    if (severity == QLatin1String("critical"))
        return 5;
    if (severity == QLatin1String("warning"))
        return 4;
    if (severity == QLatin1String("incomplete"))
        return 3;
    if (severity == QLatin1String("info"))
        return 2;
    if (severity == QLatin1String("ok"))
        return 1;
    return 0;
}

QString severityIcon(const QString &severity)
{
    if (severity == QLatin1String("error"))
        return QStringLiteral("state-failed");
    if (severity == QLatin1String("critical") || severity == QLatin1String("warning")
        || severity == QLatin1String("info")) {
        return QStringLiteral("severity-") + severity;
    }
    if (severity == QLatin1String("ok"))
        return QStringLiteral("severity-ok");
    if (severity == QLatin1String("incomplete"))
        return QStringLiteral("severity-incomplete");
    return QStringLiteral("state-unknown");
}

// "Today 13:47", "21 Nov 13:47", "21 Nov 2025": short enough for a column.
QString shortTime(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    const QDate today = QDate::currentDate();
    if (local.date() == today)
        return FleetModel::tr("Today %1").arg(local.toString(QStringLiteral("HH:mm")));
    if (local.date().year() == today.year())
        return QLocale().toString(local, QStringLiteral("d MMM HH:mm"));
    return QLocale().toString(local.date(), QStringLiteral("d MMM yyyy"));
}

} // namespace

FleetModel::FleetModel(inventory::InventoryStore *store, ServerTreeModel *servers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
    , m_servers(servers)
{
    connect(store, &inventory::InventoryStore::reset, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(store, &inventory::InventoryStore::serverChanged, this, &FleetModel::rowChanged);
    connect(servers,
            &QAbstractItemModel::dataChanged,
            this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                    rowChanged(m_servers->serverName(topLeft.siblingAtRow(row)));
            });
    connect(servers, &QAbstractItemModel::modelReset, this, [this] {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    });
}

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_store ? 0 : int(m_store->inventory().servers().size());
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 5;
}

QString FleetModel::serverName(int row) const
{
    if (!m_store || row < 0 || row >= rowCount())
        return {};
    return m_store->inventory().servers().at(row).name;
}

int FleetModel::rowOf(const QString &name) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (serverName(row) == name)
            return row;
    }
    return -1;
}

void FleetModel::rowChanged(const QString &name)
{
    const int row = rowOf(name);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void FleetModel::setDiagnosisState(const QString &name, const DiagnosisState &state)
{
    m_states.insert(name, state);
    rowChanged(name);
}

QString FleetModel::severityOf(int row) const
{
    const inventory::Server &server = m_store->inventory().servers().at(row);
    const DiagnosisState state = m_states.value(server.name);
    if (state.phase == DiagnosisState::Phase::Done && state.report) {
        const auto worst = state.report->worstSeverity();
        if (state.report->exitCode() == 0 && !state.report->coverage.complete)
            return QStringLiteral("incomplete"); // never "Healthy" on what could not be seen
        return worst ? findings::Finding::severityName(*worst) : QStringLiteral("ok");
    }
    if (state.phase == DiagnosisState::Phase::Failed)
        return QStringLiteral("error");
    const inventory::Server::LastResult &last = server.lastResult;
    if (last.isEmpty())
        return {};
    if (last.status == QLatin1String("error"))
        return QStringLiteral("error");
    return last.worstSeverity.isEmpty() ? QStringLiteral("ok") : last.worstSeverity;
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_store || index.row() >= rowCount())
        return {};
    const inventory::Server &server = m_store->inventory().servers().at(index.row());
    const DiagnosisState state = m_states.value(server.name);
    const QString severity = severityOf(index.row());
    if (role == ServerNameRole)
        return server.name;
    if (role == SeverityRole)
        return severity;

    switch (index.column()) {
    case ServerColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return server.name;
        if (role == Qt::ToolTipRole)
            return server.displayAddress();
        if (role == Qt::DecorationRole)
            return appIcon(QStringLiteral("server"));
        break;
    case ConnectionColumn: {
        const auto connection = m_servers ? m_servers->connectionState(server.name)
                                          : ServerTreeModel::ConnectionState::NotConnected;
        if (role == Qt::DisplayRole) {
            switch (connection) {
            case ServerTreeModel::ConnectionState::NotConnected: return tr("Not connected");
            case ServerTreeModel::ConnectionState::Connecting: return tr("Connecting…");
            case ServerTreeModel::ConnectionState::Connected: return tr("Connected");
            case ServerTreeModel::ConnectionState::Failed: return tr("Failed");
            }
        }
        if (role == SortRole)
            return int(connection);
        if (role == Qt::ToolTipRole && m_servers)
            return m_servers->connectionMessage(server.name);
        if (role == Qt::DecorationRole) {
            switch (connection) {
            case ServerTreeModel::ConnectionState::NotConnected:
                return appIcon(QStringLiteral("state-unknown"));
            case ServerTreeModel::ConnectionState::Connecting:
                return appIcon(QStringLiteral("state-connecting"));
            case ServerTreeModel::ConnectionState::Connected:
                return appIcon(QStringLiteral("state-connected"));
            case ServerTreeModel::ConnectionState::Failed:
                return appIcon(QStringLiteral("state-failed"));
            }
        }
        break;
    }
    case StatusColumn:
        if (role == Qt::DisplayRole) {
            if (state.isRunning())
                return state.step.isEmpty() ? tr("Diagnosing…") : state.step + QStringLiteral("…");
            if (state.phase == DiagnosisState::Phase::Cancelled)
                return tr("Cancelled");
            if (severity == QLatin1String("error"))
                return tr("Could not connect");
            if (severity == QLatin1String("critical"))
                return tr("Critical");
            if (severity == QLatin1String("warning"))
                return tr("Warning");
            if (severity == QLatin1String("incomplete"))
                return tr("Not fully checked");
            if (severity == QLatin1String("info") || severity == QLatin1String("ok"))
                return tr("Healthy");
            return tr("Not diagnosed");
        }
        if (role == SortRole)
            return severityRank(severity);
        if (role == Qt::DecorationRole) {
            return appIcon(state.isRunning() ? QStringLiteral("state-connecting")
                                             : severityIcon(severity));
        }
        break;
    case WorstFindingColumn: {
        QString text;
        if (state.phase == DiagnosisState::Phase::Done && state.report) {
            if (!state.report->findings.isEmpty())
                text = state.report->findings.first().title;
            else if (!state.report->coverage.complete)
                text = tr("Could not check: %1").arg(state.report->coverage.summary());
            else
                text = tr("No problems found");
        } else if (state.phase == DiagnosisState::Phase::Failed && state.error) {
            text = state.error->message;
        } else {
            text = server.lastResult.summary;
        }
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole || role == SortRole)
            return text;
        break;
    }
    case LastRunColumn: {
        const QDateTime time = state.finished.isValid() ? state.finished : server.lastResult.time;
        if (role == Qt::DisplayRole)
            return time.isValid() ? shortTime(time) : tr("never");
        if (role == Qt::ToolTipRole && time.isValid())
            return QLocale().toString(time.toLocalTime(), QLocale::LongFormat);
        if (role == SortRole)
            return time.isValid() ? time.toMSecsSinceEpoch() : 0;
        break;
    }
    }
    return {};
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServerColumn: return tr("Server");
    case ConnectionColumn: return tr("Connection");
    case StatusColumn: return tr("Status");
    case WorstFindingColumn: return tr("Worst finding");
    case LastRunColumn: return tr("Last run");
    }
    return {};
}

QString FleetModel::summary() const
{
    int critical = 0;
    int warning = 0;
    int healthy = 0;
    int error = 0;
    int never = 0;
    for (int row = 0; row < rowCount(); ++row) {
        const QString severity = severityOf(row);
        if (severity == QLatin1String("critical"))
            ++critical;
        else if (severity == QLatin1String("warning"))
            ++warning;
        else if (severity == QLatin1String("error"))
            ++error;
        else if (severity.isEmpty())
            ++never;
        else
            ++healthy;
    }
    QStringList parts;
    if (critical)
        parts << tr("%1 critical").arg(critical);
    if (warning)
        parts << tr("%1 with warnings").arg(warning);
    if (error)
        parts << tr("%1 unreachable").arg(error);
    if (healthy)
        parts << tr("%1 healthy").arg(healthy);
    if (never)
        parts << tr("%1 not diagnosed").arg(never);
    return plural(rowCount(), tr("%1 server"), tr("%1 servers"))
           + (parts.isEmpty() ? QString() : QStringLiteral(": ") + parts.join(QLatin1String(", ")));
}

} // namespace gs::gui
