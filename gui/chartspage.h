#pragma once

#include "inventory/server.h"

#include <QWidget>

namespace gs::gui {

class EmptyStateWidget;

// The "Error rates" tab: 2xx-5xx over time from the access log (placeholder until the charts land).
class ChartsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ChartsPage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);

private:
    EmptyStateWidget *m_emptyState = nullptr;
    QString m_serverName;
};

} // namespace gs::gui
