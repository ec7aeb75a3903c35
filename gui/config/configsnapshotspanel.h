#pragma once

#include "config/applyresult.h"
#include "config/snapshotcreation.h"
#include "config/snapshotentry.h"

#include <QList>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QTreeWidget;

namespace gs::remote {
class RemoteHost;
}

namespace gs::gui {

class ConfigApplyView;
class GuiPoster;

// Whole-tree snapshots of one server's nginx and PHP-FPM configuration (config::TreeSnapshot):
// the list (newest first: when, note, files, size, where it is kept), "Take snapshot" with a
// note, and "Restore…" behind a confirmation that says exactly what will happen; the steps of
// the running operation are shown live below. All server work runs on a worker thread; the GUI
// thread never waits (the panel may be destroyed while a restore runs: the server finishes it
// and the result is dropped). Self-contained: the page it sits on only says which server.
class ConfigSnapshotsPanel : public QWidget
{
    Q_OBJECT

public:
    // The server to work on, asked for each time (the page may switch servers).
    struct Target
    {
        std::shared_ptr<remote::RemoteHost> host; // null: no server yet
        QString serverName;                       // for the audit log
        QString nginxConfig;                      // which nginx where several run; may be empty
    };
    using TargetProvider = std::function<Target()>;

    explicit ConfigSnapshotsPanel(QWidget *parent = nullptr);
    ~ConfigSnapshotsPanel() override;

    void setTargetProvider(TargetProvider provider);
    void setReadOnly(bool readOnly);
    bool isBusy() const { return m_busy; }

    // Reads the list again (now if shown, else when next shown).
    void refresh();
    // Takes a snapshot with this note (what the button does, without asking).
    void takeSnapshot(const QString &note);
    // Asks (non-modal, confirmationShown()), then restores.
    void confirmRestore(const QString &id);
    // Restores without asking.
    void restoreSnapshot(const QString &id);

    QString selectedId() const;
    // Whether the list shows this host's snapshots (a host that is gone shows nothing).
    bool shows(const std::shared_ptr<remote::RemoteHost> &host) const;
    const QList<config::SnapshotEntry> &snapshots() const { return m_entries; }
    QTreeWidget *list() const { return m_list; }
    QLineEdit *noteEdit() const { return m_note; }
    QPushButton *takeButton() const { return m_take; }
    QPushButton *restoreButton() const { return m_restore; }
    ConfigApplyView *stepsView() const { return m_steps; }
    QLabel *statusLabel() const { return m_status; }

    // The words of the restore confirmation (pure, for the dialog and its test).
    static QString restoreQuestion(const config::SnapshotEntry &entry, const QString &server);

Q_SIGNALS:
    void snapshotsLoaded();
    void snapshotTaken(const gs::config::SnapshotCreation &creation);
    void restoreFinished(const gs::config::ApplyResult &result);
    void confirmationShown(QMessageBox *box);
    // A snapshot or restore was recorded in the audit log.
    void auditChanged();
    void busyChanged(bool busy);

protected:
    void showEvent(QShowEvent *event) override;

private:
    // Runs `work` with the host on a worker; it returns what to do next on the GUI thread.
    void
    runOnWorker(const QString &activity,
                std::function<std::function<void()>(remote::RemoteHost &, const Target &)> work);
    void setBusy(bool busy);
    void setStatus(const QString &text, bool error = false);
    void showEntries(const QList<config::SnapshotEntry> &entries);
    void updateButtons();

    TargetProvider m_provider;
    std::shared_ptr<GuiPoster> m_poster;
    // Whose snapshots the list shows. Weak, and compared as a pointer that cannot be reused: a
    // raw address could come back as another server's host once the first one is gone.
    std::weak_ptr<remote::RemoteHost> m_shownHost;
    QList<config::SnapshotEntry> m_entries;
    bool m_busy = false;
    bool m_readOnly = false;
    bool m_stale = true;

    QLabel *m_status = nullptr;
    QTreeWidget *m_list = nullptr;
    QLineEdit *m_note = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_take = nullptr;
    QPushButton *m_restore = nullptr;
    ConfigApplyView *m_steps = nullptr;
};

} // namespace gs::gui
