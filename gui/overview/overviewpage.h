#pragma once

#include "connection/servertreemodel.h"
#include "inventory/server.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;

namespace gs::gui {

class ServicesPanel;

// The "Overview" tab: what Gatescope knows about one server (address, login, key, group,
// tags, notes), whether it can connect, and the last diagnosis. Test connection only asks; the
// SSH layer answers through setConnectionState().
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    explicit OverviewPage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);
    void setConnectionState(ServerTreeModel::ConnectionState state, const QString &message = {});
    // What the last "Test connection" found (label, value rows); empty hides the box.
    void setConnectionDetails(const QList<std::pair<QString, QString>> &rows);
    ServicesPanel *servicesPanel() const { return m_services; }

Q_SIGNALS:
    void testConnectionRequested(const gs::inventory::Server &server);
    void editRequested(const QString &name);

private:
    QLabel *addFact(const QString &label, const QString &objectName);

    inventory::Server m_server;
    QFormLayout *m_facts = nullptr;
    QLabel *m_address = nullptr;
    QLabel *m_user = nullptr;
    QLabel *m_key = nullptr;
    QLabel *m_knownHosts = nullptr;
    QLabel *m_group = nullptr;
    QLabel *m_tags = nullptr;
    QLabel *m_notes = nullptr;
    QLabel *m_stateIcon = nullptr;
    QLabel *m_stateText = nullptr;
    QLabel *m_lastResult = nullptr;
    QWidget *m_found = nullptr;
    QFormLayout *m_foundRows = nullptr;
    QPushButton *m_testButton = nullptr;
    ServicesPanel *m_services = nullptr;
};

} // namespace gs::gui
