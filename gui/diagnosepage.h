#pragma once

#include "inventory/server.h"

#include <QWidget>

namespace gs::gui {

class EmptyStateWidget;

// The "Diagnose" tab: the checklist, its progress and the findings (placeholder until the checks
// land).
class DiagnosePage : public QWidget
{
    Q_OBJECT

public:
    explicit DiagnosePage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);

Q_SIGNALS:
    void diagnoseRequested(const QString &serverName);

private:
    EmptyStateWidget *m_emptyState = nullptr;
    QString m_serverName;
};

} // namespace gs::gui
