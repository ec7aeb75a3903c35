#include "activity/auditmodel.h"

#include <QBrush>
#include <QColor>
#include <QFontDatabase>
#include <QLocale>

#include <algorithm>

namespace gs::gui {

AuditModel::AuditModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AuditModel::setEntries(QList<audit::AuditEntry> entries)
{
    std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
        return a.time > b.time;
    });
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::rowText(int row) const
{
    QStringList cells;
    for (int column = 0; column < ColumnCount; ++column)
        cells << data(index(row, column), Qt::DisplayRole).toString();
    // The full detail, not its first line.
    cells[DetailColumn] = m_entries.at(row).detail;
    return cells.join(QLatin1Char('\t'));
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const audit::AuditEntry &entry = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(entry.time.toLocalTime(),
                                      QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ActionColumn: return entry.action;
        case CommandColumn: return entry.command;
        case OutcomeColumn: return entry.outcome;
        case DetailColumn: return entry.detail.section(QLatin1Char('\n'), 0, 0);
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == CommandColumn)
            return entry.command;
        if (index.column() == DetailColumn)
            return entry.detail.left(2000);
    }
    if (role == Qt::FontRole && index.column() == CommandColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role == Qt::ForegroundRole && index.column() == OutcomeColumn) {
        if (entry.outcome == QLatin1String("ok"))
            return QBrush(QColor(0x1e, 0x7a, 0x45));
        return QBrush(QColor(0xb3, 0x26, 0x1e));
    }
    return {};
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case ActionColumn: return tr("Action");
    case CommandColumn: return tr("Command");
    case OutcomeColumn: return tr("Outcome");
    case DetailColumn: return tr("Detail");
    }
    return {};
}

} // namespace gs::gui
