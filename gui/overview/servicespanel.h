#pragma once

#include "actions/servicecontrol.h"
#include "inventory/server.h"

#include <QGroupBox>

class QGridLayout;
class QLabel;
class QPushButton;

namespace gs::gui {

// The Overview's "Services" box: nginx and each PHP-FPM master (running, or remembered from an
// earlier run) with its state and Start/Stop/Restart/Reload. Buttons only ask; the
// ActionController confirms and runs. A read-only server shows the states and no actions.
class ServicesPanel : public QGroupBox
{
    Q_OBJECT

public:
    explicit ServicesPanel(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);
    const QString &serverName() const { return m_serverName; }
    void setServices(const actions::ServiceControl::HostServices &services);
    void setError(const QString &text);
    // An action runs on this server: the buttons wait.
    void setBusy(bool busy);

    // The service names shown ("nginx:/etc/nginx/nginx.conf", "php-fpm:/…/php-fpm.conf").
    QStringList serviceNames() const;
    QPushButton *button(const QString &service, actions::ServiceAction action) const;

Q_SIGNALS:
    void actionRequested(const QString &service, gs::actions::ServiceAction action);
    void refreshRequested();

private:
    void addRow(const QString &label, const QString &service, bool running, const QString &detail);
    void clearRows();
    void updateButtons();

    QString m_serverName;
    bool m_readOnly = false;
    bool m_busy = false;
    QLabel *m_message = nullptr;
    QWidget *m_rows = nullptr;
    QGridLayout *m_grid = nullptr;
    QPushButton *m_refresh = nullptr;
    QList<QPushButton *> m_buttons;
};

} // namespace gs::gui
