#pragma once

#include <QStyledItemDelegate>

namespace gs::gui {

// Draws the sidebar: group rows as small caps headings with a count, server rows as two lines
// (name, then address or last result) with the connection state on the left and the worst
// severity of the last diagnosis on the right.
class ServerItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter,
               const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace gs::gui
