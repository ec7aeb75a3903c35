#pragma once

#include <QTreeView>

namespace gs::gui {

// The sidebar's tree: group headers are labels, not places. The arrow keys, Home, End and the
// page keys move from server to server over them (they made the current row a header, which
// shows the Fleet page: Down from the last server of a group left the servers).
class ServerTreeView : public QTreeView
{
    Q_OBJECT

public:
    using QTreeView::QTreeView;

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;

private:
    // The nearest selectable row from `from` (itself included) walking down or up, or invalid.
    QModelIndex selectableFrom(QModelIndex from, bool down) const;
};

} // namespace gs::gui
