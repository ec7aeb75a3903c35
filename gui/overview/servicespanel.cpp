#include "overview/servicespanel.h"

#include "common/appicons.h"
#include "common/elidedlabel.h"
#include "overview/serviceconfirmdialog.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

using actions::ServiceAction;

constexpr ServiceAction kActions[] = {
        ServiceAction::Start, ServiceAction::Stop, ServiceAction::Restart, ServiceAction::Reload};

} // namespace

ServicesPanel::ServicesPanel(QWidget *parent)
    : QGroupBox(tr("Services"), parent)
{
    setObjectName(QStringLiteral("servicesPanel"));
    auto layout = new QVBoxLayout(this);
    layout->setSpacing(8);
    auto top = new QHBoxLayout;
    m_message = new QLabel(tr("Read the services to see nginx and PHP-FPM here."));
    m_message->setObjectName(QStringLiteral("servicesMessage"));
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    top->addWidget(m_message, 10);
    top->addStretch(1);
    m_refresh = new QPushButton(appIcon(QStringLiteral("service")), tr("Read services"));
    m_refresh->setObjectName(QStringLiteral("refreshServicesButton"));
    m_refresh->setToolTip(tr("Look at what runs on the server (changes nothing)"));
    top->addWidget(m_refresh, 0, Qt::AlignTop);
    layout->addLayout(top);
    m_rows = new QWidget;
    m_grid = new QGridLayout(m_rows);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(8);
    m_grid->setVerticalSpacing(6);
    m_grid->setColumnStretch(2, 1);
    layout->addWidget(m_rows);
    connect(m_refresh, &QPushButton::clicked, this, &ServicesPanel::refreshRequested);
}

void ServicesPanel::setServer(const inventory::Server &server)
{
    if (server.name != m_serverName) {
        clearRows();
        m_message->setText(tr("Read the services to see nginx and PHP-FPM here."));
    }
    m_serverName = server.name;
    m_readOnly = server.readOnly;
    m_busy = false;
    updateButtons();
}

void ServicesPanel::clearRows()
{
    m_buttons.clear();
    while (QLayoutItem *item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

void ServicesPanel::setError(const QString &text)
{
    m_message->setText(tr("Could not read the services: %1").arg(text));
    m_message->show();
}

void ServicesPanel::setServices(const actions::ServiceControl::HostServices &services)
{
    clearRows();
    const auto &nginx = services.facts.nginx;
    if (!nginx.binary.isEmpty() || nginx.running) {
        addRow(tr("nginx"),
               nginx.config.isEmpty() ? QStringLiteral("nginx")
                                      : QStringLiteral("nginx:") + nginx.config,
               nginx.running,
               nginx.config);
    }
    // PHP-FPM masters by their configuration, running or remembered: a restart gives a master a
    // new pid, and rows that followed the process table would change places under the mouse.
    QMap<QString, bool> fpm; // configuration -> running
    for (const auto &master : services.facts.fpm.masters)
        fpm.insert(master.config, true);
    for (const auto &daemon : services.rememberedFpm) {
        if (!daemon.config.isEmpty() && !fpm.contains(daemon.config))
            fpm.insert(daemon.config, false);
    }
    for (auto it = fpm.cbegin(); it != fpm.cend(); ++it)
        addRow(tr("PHP-FPM"), QStringLiteral("php-fpm:") + it.key(), it.value(), it.key());
    if (fpm.isEmpty() && !services.facts.fpm.binaries.isEmpty())
        addRow(tr("PHP-FPM"), QStringLiteral("php-fpm"), false, tr("installed, not running"));
    m_message->setText(m_grid->count() ? QString() : tr("Neither nginx nor PHP-FPM was found."));
    m_message->setVisible(!m_message->text().isEmpty());
    m_refresh->setText(tr("Read again"));
    updateButtons();
}

void ServicesPanel::addRow(const QString &label,
                           const QString &service,
                           bool running,
                           const QString &detail)
{
    const int row = m_grid->rowCount();
    auto name = new QLabel(QStringLiteral("<b>%1</b>").arg(label.toHtmlEscaped()));
    m_grid->addWidget(name, row, 0);
    auto state = new QLabel(running ? tr("running") : tr("stopped"));
    state->setObjectName(QStringLiteral("serviceState"));
    state->setStyleSheet(running ? QStringLiteral("QLabel { color: #1e7a45; font-weight: bold; }")
                                 : QStringLiteral("QLabel { color: #b3261e; font-weight: bold; }"));
    m_grid->addWidget(state, row, 1);
    // A long configuration path shortens in the middle instead of pushing the buttons out of
    // the window at 1024x600.
    auto where = new ElidedLabel(detail);
    where->setObjectName(QStringLiteral("serviceWhere"));
    where->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_grid->addWidget(where, row, 2);
    int column = 3;
    for (ServiceAction action : kActions) {
        auto button = new QPushButton(ServiceConfirmDialog::actionVerb(action));
        button->setProperty("service", service);
        button->setProperty("action", int(action));
        button->setProperty("running", running);
        button->setObjectName(QStringLiteral("serviceButton"));
        m_buttons << button;
        m_grid->addWidget(button, row, column++);
        connect(button, &QPushButton::clicked, this, [this, service, action] {
            Q_EMIT actionRequested(service, action);
        });
    }
}

void ServicesPanel::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void ServicesPanel::updateButtons()
{
    m_refresh->setEnabled(!m_busy);
    for (QPushButton *button : std::as_const(m_buttons)) {
        const auto action = ServiceAction(button->property("action").toInt());
        const bool running = button->property("running").toBool();
        // What makes sense now: Start a stopped service, the rest on a running one.
        const bool fits = running ? action != ServiceAction::Start : action == ServiceAction::Start;
        button->setEnabled(!m_readOnly && !m_busy && fits);
        if (m_readOnly)
            button->setToolTip(tr("This server is read-only (support mode): Gatescope does not "
                                  "change anything on it."));
        else if (m_busy)
            button->setToolTip(tr("An action is running on this server."));
        else
            button->setToolTip(tr("Shows the exact commands first; nothing runs until you "
                                  "confirm"));
    }
}

QStringList ServicesPanel::serviceNames() const
{
    QStringList names;
    for (QPushButton *button : m_buttons)
        names << button->property("service").toString();
    names.removeDuplicates();
    return names;
}

QPushButton *ServicesPanel::button(const QString &service, ServiceAction action) const
{
    for (QPushButton *button : m_buttons) {
        if (button->property("service").toString() == service
            && button->property("action").toInt() == int(action))
            return button;
    }
    return nullptr;
}

} // namespace gs::gui
