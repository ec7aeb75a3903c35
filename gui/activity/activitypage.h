#pragma once

#include "inventory/server.h"

#include <QWidget>

class QLineEdit;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace gs::gui {

class AuditModel;
class EmptyStateWidget;

// The "Activity" tab: the audit trail of this server (every action Gatescope ran on it: time,
// action, exact command, outcome, detail), newest first, with a filter and Copy row. Reads the
// local audit log; refresh() after each action.
class ActivityPage : public QWidget
{
    Q_OBJECT

public:
    explicit ActivityPage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);
    void refresh();
    // The selected row (or the first) as tab-separated text on the clipboard.
    void copyRow();

    AuditModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *filter() const { return m_filter; }

private:
    EmptyStateWidget *m_emptyState = nullptr;
    QStackedWidget *m_stack = nullptr;
    QString m_serverName;
    AuditModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_copy = nullptr;
};

} // namespace gs::gui
