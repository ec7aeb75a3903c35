#include "app/serverview.h"

#include "connection/serverconnection.h"

#include "activity/activitypage.h"
#include "charts/chartspage.h"
#include "common/appicons.h"
#include "config/configpage.h"
#include "config/configsnapshotspanel.h"
#include "diagnose/diagnosepage.h"
#include "overview/overviewpage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

namespace gs::gui {

ServerView::ServerView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("serverView"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 14, 16, 8);
    layout->setSpacing(10);

    auto header = new QHBoxLayout;
    header->setSpacing(12);
    auto icon = new QLabel;
    icon->setPixmap(appIcon(QStringLiteral("server")).pixmap(32, 32));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto titles = new QVBoxLayout;
    titles->setSpacing(2);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("serverTitle"));
    QFont font = m_title->font();
    font.setPointSizeF(font.pointSizeF() * 1.45);
    font.setBold(true);
    m_title->setFont(font);
    m_subtitle = new QLabel;
    m_subtitle->setObjectName(QStringLiteral("serverSubtitle"));
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    header->addLayout(titles, 1);
    m_readOnlyBadge = new QLabel(tr("Read-only (support mode)"));
    m_readOnlyBadge->setObjectName(QStringLiteral("readOnlyBadge"));
    m_readOnlyBadge->setToolTip(tr("Gatescope only looks at this server: it will not change "
                                   "files or restart services."));
    m_readOnlyBadge->setStyleSheet(QStringLiteral(
            "QLabel { background: #fff3d6; color: #7a5200; border: 1px solid #e8c872;"
            " border-radius: 9px; padding: 2px 10px; }"));
    header->addWidget(m_readOnlyBadge, 0, Qt::AlignTop);
    layout->addLayout(header);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("serverTabs"));
    m_tabs->setDocumentMode(true);
    m_overview = new OverviewPage;
    m_diagnose = new DiagnosePage;
    m_charts = new ChartsPage;
    m_config = new ConfigPage;
    m_activity = new ActivityPage;
    m_tabs->addTab(m_overview, appIcon(QStringLiteral("server")), tr("Overview"));
    m_tabs->addTab(m_diagnose, appIcon(QStringLiteral("diagnose")), tr("Diagnose"));
    m_tabs->addTab(m_charts, appIcon(QStringLiteral("chart")), tr("Error rates"));
    m_tabs->addTab(m_config, appIcon(QStringLiteral("config")), tr("Config"));
    m_tabs->addTab(m_activity, appIcon(QStringLiteral("activity")), tr("Activity"));
    layout->addWidget(m_tabs, 1);
    addTabShortcuts();
    connect(m_config->snapshotsPanel(),
            &ConfigSnapshotsPanel::auditChanged,
            m_activity,
            &ActivityPage::refresh);

    m_charts->setHostFactory(
            [this](const inventory::Server &server) { return sessionFor(server.name).first; });
}

void ServerView::setConnectionLookup(ConnectionLookup lookup)
{
    m_lookup = std::move(lookup);
    attachSession();
    if (!m_server.name.isEmpty())
        m_charts->setHost(sessionFor(m_server.name).first);
}

std::pair<std::shared_ptr<remote::RemoteHost>, QString>
ServerView::sessionFor(const QString &name) const
{
    ServerConnection *connection = m_lookup && !name.isEmpty() ? m_lookup(name) : nullptr;
    if (!connection)
        return {nullptr, QString()};
    auto host = connection->sharedHost();
    if (!host)
        return {nullptr, host.error().text()};
    return {*host, QString()};
}

void ServerView::attachSession()
{
    disconnect(m_hostReplaced);
    ServerConnection *connection
            = m_lookup && !m_server.name.isEmpty() ? m_lookup(m_server.name) : nullptr;
    if (connection) {
        // Queued: the connection drops its session in the middle of its own work (an edit of
        // the server, a reconnect); the pages ask for the new one once that is done.
        m_hostReplaced = connect(
                connection,
                &ServerConnection::hostReplaced,
                this,
                [this, name = m_server.name] {
                    if (name != m_server.name)
                        return;
                    attachSession();
                    m_charts->setHost(sessionFor(name).first);
                },
                Qt::QueuedConnection);
    }
    const auto [host, why] = sessionFor(m_server.name);
    m_config->setHost(host, why);
}

void ServerView::addTabShortcuts()
{
    // Ctrl+Tab / Ctrl+PgDn and back, as in browsers and IDEs, wherever the focus is in the
    // window (the sidebar just clicked, an editor or a table that would keep the keys); a
    // shortcut of a hidden server view (the Fleet page shown) does not fire.
    const auto step = [this](int delta) {
        const int count = m_tabs->count();
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + delta + count) % count);
    };
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)}) {
        auto next = new QShortcut(keys, this);
        next->setContext(Qt::WindowShortcut);
        connect(next, &QShortcut::activated, this, [step] { step(1); });
    }
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                                     QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
                                     QKeySequence(Qt::CTRL | Qt::Key_PageUp)}) {
        auto previous = new QShortcut(keys, this);
        previous->setContext(Qt::WindowShortcut);
        connect(previous, &QShortcut::activated, this, [step] { step(-1); });
    }
}

void ServerView::showConfigAt(const QString &file, int line)
{
    m_tabs->setCurrentWidget(m_config);
    m_config->openFile(file, line);
}

void ServerView::reviewFix(const findings::Finding &finding)
{
    if (!finding.edit)
        return;
    m_tabs->setCurrentWidget(m_config);
    m_config->proposeEdit(*finding.edit, finding.title, finding.id);
}

void ServerView::setServer(const inventory::Server &server)
{
    m_server = server;
    m_title->setText(server.name);
    QString subtitle = server.displayAddress();
    if (!server.group.isEmpty())
        subtitle += QStringLiteral("  ·  ") + server.group;
    if (!server.tags.isEmpty())
        subtitle += QStringLiteral("  ·  ") + server.tags.join(QStringLiteral(", "));
    m_subtitle->setText(subtitle);
    m_readOnlyBadge->setVisible(server.readOnly);
    m_overview->setServer(server);
    m_diagnose->setServer(server);
    m_charts->setServer(server);
    m_config->setServer(server);
    attachSession();
    m_activity->setServer(server);
}

} // namespace gs::gui
