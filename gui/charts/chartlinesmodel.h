#pragma once

#include "logs/logline.h"

#include <QAbstractTableModel>
#include <QList>

namespace gs::gui {

// The log lines of a clicked bucket, access and error log together in time order, for the table
// under the chart.
class ChartLinesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, LogColumn, StatusColumn, LineColumn, ColumnCount };

    explicit ChartLinesModel(QObject *parent = nullptr);

    void setLines(QList<logs::LogLine> lines);
    void clear();
    const QList<logs::LogLine> &lines() const { return m_lines; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<logs::LogLine> m_lines;
};

} // namespace gs::gui
