#pragma once

#include "audit/auditlog.h"

#include <QAbstractTableModel>

namespace gs::gui {

// The audit trail of one server as a table: time, action, command, outcome, detail. Newest first.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        ActionColumn,
        CommandColumn,
        OutcomeColumn,
        DetailColumn,
        ColumnCount
    };

    explicit AuditModel(QObject *parent = nullptr);

    void setEntries(QList<audit::AuditEntry> entries);
    const audit::AuditEntry &entry(int row) const { return m_entries.at(row); }
    // One row as tab-separated text, for the clipboard.
    QString rowText(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant
    headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<audit::AuditEntry> m_entries;
};

} // namespace gs::gui
