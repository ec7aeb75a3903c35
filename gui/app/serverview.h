#pragma once

#include "remote/remotehost.h"

#include "findings/finding.h"
#include "inventory/server.h"

#include <QWidget>

#include <functional>
#include <memory>
#include <utility>

class QLabel;
class QTabWidget;

namespace gs::gui {

class ActivityPage;
class ChartsPage;
class ConfigPage;
class DiagnosePage;
class OverviewPage;
class ServerConnection;

// The right-hand side for one server: a header (name, address, support-mode badge) and the
// pages as tabs. Each page is its own class; this one only hands the server to them.
class ServerView : public QWidget
{
    Q_OBJECT

public:
    explicit ServerView(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);
    // How the pages reach a server: the app's one connection per server (ConnectionManager).
    // Config and Error rates work through its session, so its prompts and the secrets given
    // to it serve them too. Without one (tests of single pages) they have no session.
    using ConnectionLookup = std::function<ServerConnection *(const QString &name)>;
    void setConnectionLookup(ConnectionLookup lookup);
    // Shows the Config tab with `file` open at `line` ("open this file at this line").
    void showConfigAt(const QString &file, int line);
    // Shows the Config tab with the finding's proposed change made in its file, as a diff to
    // review; nothing is applied until the user presses Apply there.
    void reviewFix(const findings::Finding &finding);
    const QString &serverName() const { return m_server.name; }

    QTabWidget *tabs() const { return m_tabs; }
    OverviewPage *overviewPage() const { return m_overview; }
    DiagnosePage *diagnosePage() const { return m_diagnose; }
    ChartsPage *chartsPage() const { return m_charts; }
    ConfigPage *configPage() const { return m_config; }
    ActivityPage *activityPage() const { return m_activity; }

private:
    void addTabShortcuts();
    QLabel *m_title = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_readOnlyBadge = nullptr;
    QTabWidget *m_tabs = nullptr;
    OverviewPage *m_overview = nullptr;
    DiagnosePage *m_diagnose = nullptr;
    ChartsPage *m_charts = nullptr;
    ConfigPage *m_config = nullptr;
    // The named server's session, or null and why not (empty: no connection to ask).
    std::pair<std::shared_ptr<remote::RemoteHost>, QString> sessionFor(const QString &name) const;
    // Hands the current server's session to the Config page and follows its replacement.
    void attachSession();
    inventory::Server m_server;
    ConnectionLookup m_lookup;
    QMetaObject::Connection m_hostReplaced;
    ActivityPage *m_activity = nullptr;
};

} // namespace gs::gui
