#pragma once

#include "inventory/server.h"

#include <QWidget>

namespace gs::gui {

class EmptyStateWidget;

// The "Activity" tab: what Gatescope did on this server (placeholder until the audit log lands).
class ActivityPage : public QWidget
{
    Q_OBJECT

public:
    explicit ActivityPage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);

private:
    EmptyStateWidget *m_emptyState = nullptr;
    QString m_serverName;
};

} // namespace gs::gui
