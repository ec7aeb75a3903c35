#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace gs::gui {

class FleetModel;

// The Fleet overview: every server with its connection, status, worst finding and last run,
// and "Diagnose selected" / "Diagnose all", which run the servers concurrently.
class FleetPage : public QWidget
{
    Q_OBJECT

public:
    explicit FleetPage(FleetModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QStringList selectedServers() const;
    QStringList allServers() const;

Q_SIGNALS:
    void diagnoseRequested(const QStringList &serverNames);
    void openServerRequested(const QString &name);
    // "Open bundles…": a folder of support bundles (fetched by the Ansible playbook), shown as
    // a fleet of its own.
    void openBundleFolderRequested();

private:
    void updateSummary();

    FleetModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_diagnoseSelected = nullptr;
    QPushButton *m_diagnoseAll = nullptr;
    QPushButton *m_openBundles = nullptr;
};

} // namespace gs::gui
