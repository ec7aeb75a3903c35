#include "charts/chartlinesmodel.h"

#include "logs/errorlineclassifier.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFontDatabase>

namespace gs::gui {

ChartLinesModel::ChartLinesModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ChartLinesModel::setLines(QList<logs::LogLine> lines)
{
    beginResetModel();
    m_lines = std::move(lines);
    endResetModel();
}

void ChartLinesModel::clear()
{
    setLines({});
}

int ChartLinesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_lines.size());
}

int ChartLinesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChartLinesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const logs::LogLine &line = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromSecsSinceEpoch(line.time).toString(
                    QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case LogColumn: return line.errorLog ? tr("error log") : tr("access");
        case StatusColumn:
            if (line.errorLog)
                return line.what.isEmpty() ? QString()
                                           : logs::ErrorLineClassifier::label(line.what);
            return line.status;
        case LineColumn: return line.text;
        default: break;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == LineColumn)
            return line.text;
        break;
    case Qt::ForegroundRole:
        if ((!line.errorLog && line.status >= 500) || (line.errorLog && !line.what.isEmpty()))
            return QBrush(QColor(0xb3, 0x26, 0x1e));
        break;
    case Qt::FontRole:
        if (index.column() == LineColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    default: break;
    }
    return {};
}

QVariant ChartLinesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case LogColumn: return tr("Log");
    case StatusColumn: return tr("Status / finding");
    case LineColumn: return tr("Line");
    default: break;
    }
    return {};
}

} // namespace gs::gui
