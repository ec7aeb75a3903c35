#pragma once

#include "diagnose/diagnosisstate.h"
#include "inventory/server.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

class QThreadPool;

namespace gs::secrets {
class SecretStore;
}

namespace gs::gui {

class ActionController;
class MainWindow;
class ServerConnection;
class ServerDialog;

// Connects the main window to the servers: one ServerConnection per inventory server, created on
// first use; answers the window's requests (test connection, diagnose, export), keeps each
// server's DiagnosisState for the Diagnose page and the Fleet overview, saves each result as the
// server's last result, and drives the status bar (progress, Cancel). GUI thread only.
class ConnectionManager : public QObject
{
    Q_OBJECT

public:
    // store may be null: nothing is remembered in the keychain (tests).
    ConnectionManager(MainWindow *window,
                      secrets::SecretStore *store = nullptr,
                      QObject *parent = nullptr);
    ~ConnectionManager() override;

    ServerConnection *connection(const QString &name);
    DiagnosisState diagnosisState(const QString &name) const { return m_states.value(name); }

    // The checks again after an action: the findings stay on show while they run.
    void recheck(const QString &name);
    // A fixed finding is gone: its card turns green with the outcome.
    void
    markResolved(const QString &name, const findings::Finding &finding, const QString &outcome);
    ActionController *actionController() const { return m_actions; }

    void testConnection(const QString &name);
    void diagnose(const QStringList &names);
    void cancel(const QString &name);
    void cancelAll();

    // Report actions on the last diagnosis of a server.
    void copyReport(const QString &name);
    void exportReport(const QString &name);

    // The status bar's line for what runs: the selected server's own activity first; the
    // others only as a count ("2 other servers busy"), never another server's step under
    // this one's page. Empty when nothing runs.
    static QString activityLine(const QHash<QString, QString> &activities, const QString &current);

Q_SIGNALS:
    void diagnosisStateChanged(const QString &name);

private:
    void attachDialog(ServerDialog *dialog);
    void syncWithInventory();
    void updateState(const QString &name, const DiagnosisState &state);
    void onActivity(const QString &name, const QString &text);
    void showCurrent();
    void saveLastResult(const QString &name, const DiagnosisState &state);

    QPointer<MainWindow> m_window;
    QPointer<secrets::SecretStore> m_store;
    QThreadPool *m_pool = nullptr;
    QHash<QString, ServerConnection *> m_connections;
    QHash<QString, DiagnosisState> m_states;
    QHash<QString, QList<std::pair<QString, QString>>> m_summaries; // what Test connection found
    QHash<QString, QString> m_activities; // what each server is doing, for the status bar
    QString m_lastFinished;               // what the status bar says when all is done
    QSet<QString> m_rechecks;             // servers whose next diagnosis is a re-check
    ActionController *m_actions = nullptr;
};

} // namespace gs::gui
