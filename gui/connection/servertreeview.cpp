#include "connection/servertreeview.h"

namespace gs::gui {

QModelIndex ServerTreeView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    const QModelIndex current = currentIndex();
    const QModelIndex next = QTreeView::moveCursor(action, modifiers);
    bool down = false;
    switch (action) {
    case MoveDown:
    case MoveNext:
    case MovePageDown:
    case MoveHome: down = true; break;
    case MoveUp:
    case MovePrevious:
    case MovePageUp:
    case MoveEnd: down = false; break;
    default: return next;
    }
    if (const QModelIndex target = selectableFrom(next, down); target.isValid())
        return target;
    // Nothing selectable that way (a header at the top, the end of the list): stay.
    return current.isValid() ? current : selectableFrom(next, !down);
}

QModelIndex ServerTreeView::selectableFrom(QModelIndex from, bool down) const
{
    while (from.isValid() && !(model()->flags(from) & Qt::ItemIsSelectable))
        from = down ? indexBelow(from) : indexAbove(from);
    return from;
}

} // namespace gs::gui
