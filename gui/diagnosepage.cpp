#include "diagnosepage.h"

#include "emptystatewidget.h"

#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

DiagnosePage::DiagnosePage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("diagnosepage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_emptyState
            = new EmptyStateWidget(QStringLiteral("diagnose"),
                                   tr("No diagnosis yet"),
                                   tr("Diagnose runs the whole checklist on this server over SSH: "
                                      "nginx, PHP-FPM, upstreams, sockets, logs. It changes "
                                      "nothing and tells you why visitors get 502 or 504 errors."));
    layout->addWidget(m_emptyState);
    QPushButton *run
            = m_emptyState->addButton(tr("Diagnose this server"), QStringLiteral("diagnose"));
    run->setObjectName(QStringLiteral("diagnoseButton"));
    connect(run, &QPushButton::clicked, this, [this] { Q_EMIT diagnoseRequested(m_serverName); });
}

void DiagnosePage::setServer(const inventory::Server &server)
{
    m_serverName = server.name;
}

} // namespace gs::gui
