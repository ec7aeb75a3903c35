#include "activitypage.h"

#include "emptystatewidget.h"

#include <QVBoxLayout>

namespace gs::gui {

ActivityPage::ActivityPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("activitypage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_emptyState = new EmptyStateWidget(
            QStringLiteral("activity"),
            tr("Nothing has happened here yet"),
            tr("Every command Gatescope runs on this server and every change it makes will be "
               "listed here, with the time and the outcome."));
    layout->addWidget(m_emptyState);
}

void ActivityPage::setServer(const inventory::Server &server)
{
    m_serverName = server.name;
}

} // namespace gs::gui
