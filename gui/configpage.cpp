#include "configpage.h"

#include "emptystatewidget.h"

#include <QVBoxLayout>

namespace gs::gui {

ConfigPage::ConfigPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("configpage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_emptyState = new EmptyStateWidget(
            QStringLiteral("config"),
            tr("Configuration files will appear here"),
            tr("Read and edit nginx and PHP-FPM configuration safely: every change is checked with "
               "nginx -t, backed up, and rolled back automatically if the site breaks."));
    layout->addWidget(m_emptyState);
}

void ConfigPage::setServer(const inventory::Server &server)
{
    m_serverName = server.name;
}

} // namespace gs::gui
