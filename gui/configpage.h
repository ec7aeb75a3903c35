#pragma once

#include "inventory/server.h"

#include <QWidget>

namespace gs::gui {

class EmptyStateWidget;

// The "Config" tab: nginx and PHP-FPM files with a safe editor (placeholder until the editor
// lands).
class ConfigPage : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigPage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);

private:
    EmptyStateWidget *m_emptyState = nullptr;
    QString m_serverName;
};

} // namespace gs::gui
