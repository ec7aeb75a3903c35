#include "chartspage.h"

#include "emptystatewidget.h"

#include <QVBoxLayout>

namespace gs::gui {

ChartsPage::ChartsPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("chartspage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_emptyState = new EmptyStateWidget(
            QStringLiteral("chart"),
            tr("Error rates will appear here"),
            tr("Gatescope reads this server's nginx access log and charts 5xx answers over time, "
               "so you can see when the errors started and whether a fix helped."));
    layout->addWidget(m_emptyState);
}

void ChartsPage::setServer(const inventory::Server &server)
{
    m_serverName = server.name;
}

} // namespace gs::gui
