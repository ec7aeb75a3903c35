#pragma once

#include <QMainWindow>

class QStackedWidget;

namespace gs::gui {

// The app's main window: a server sidebar on the left, the selected server's pages on the right,
// and a friendly empty state while the inventory is empty.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

    // True while the "no servers yet" page is shown (used by tests and the sidebar).
    bool isShowingEmptyState() const;

private:
    QWidget *createEmptyState();

    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
};

} // namespace gs::gui
