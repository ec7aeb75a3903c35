#pragma once

#include "connection/servertreemodel.h"
#include "diagnose/diagnosisstate.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

namespace gs::inventory {
class InventoryStore;
}

namespace gs::gui {

// Every server of the inventory as one row of the Fleet overview: connection, status of the last
// (or running) diagnosis, its worst finding and when it ran. Reads the inventory and the
// sidebar's connection states; the ConnectionManager adds what this run of the app diagnosed.
class FleetModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ServerColumn, ConnectionColumn, StatusColumn, WorstFindingColumn, LastRunColumn };
    enum Role {
        ServerNameRole = Qt::UserRole + 1,
        SortRole,     // a value that sorts the column sensibly (severity rank, time)
        SeverityRole, // "critical", "warning", "info", "ok", "error", or empty
    };

    FleetModel(inventory::InventoryStore *store,
               ServerTreeModel *servers,
               QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString serverName(int row) const;
    int rowOf(const QString &name) const;
    void setDiagnosisState(const QString &name, const DiagnosisState &state);

    // "3 servers: 1 critical, 1 healthy, 1 not diagnosed".
    QString summary() const;

private:
    QString severityOf(int row) const;
    void rowChanged(const QString &name);

    QPointer<inventory::InventoryStore> m_store;
    QPointer<ServerTreeModel> m_servers;
    QHash<QString, DiagnosisState> m_states;
};

} // namespace gs::gui
