#pragma once

#include "audit/auditlog.h"
#include "config/applyresult.h"
#include "config/configfileset.h"
#include "findings/configedit.h"
#include "inventory/server.h"
#include "remote/remotefileinfo.h"
#include "remote/remotehost.h"

#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace gs::remote {
class RemoteHost;
}

namespace gs::gui {

class ConfigApplyView;
class ConfigBackupsPanel;
class ConfigDiffView;
class ConfigEditor;
class ConfigFindBar;
class ConfigSession;
class ConfigSnapshotsPanel;

// The "Config" tab: the nginx and PHP-FPM files in force on the server (a tree), an editor with
// syntax colours, line numbers, find/replace, go-to-line and lint as you type; "Review" shows the
// change side by side, "Apply" runs the safe-apply protocol and shows each step live (validator
// output, rollback); the Backups tab lists, diffs and restores backups. An optional "revert
// unless I confirm within N seconds" guards against a change that locks the user out. Servers in
// support mode (read-only) can be read and diffed, never changed. All server work happens on a
// worker thread (ConfigSession).
class ConfigPage : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigPage(QWidget *parent = nullptr);
    ~ConfigPage() override;

    // The server this page works on (its name, support mode).
    void setServer(const inventory::Server &server);
    // The server's session (the app's one per server, ServerConnection::sharedHost()); the
    // files are read when the page is first shown. The same session again keeps the open file
    // and any edits; another one starts afresh. Null: nothing can be read, `why` says so.
    void setHost(std::shared_ptr<remote::RemoteHost> host, const QString &why = {});
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return m_readOnly; }

    // Reads the list of files again.
    void reload();
    // Starts the safe apply of the editor's text (what the Apply button does).
    void applyChanges();
    // Shows the side-by-side diff of the edit (what the Review button does).
    void review();
    // Opens edit.file with the change a finding proposes made in the editor, and shows it as a
    // diff to review with what it does; Apply is still the user's to press. `title` names the
    // finding. A file changed since the diagnosis gets an error saying so, never a guess.
    // findingId: what the audit log records the change as ("config.fix" of that finding).
    void proposeEdit(const findings::ConfigEdit &edit,
                     const QString &title,
                     const QString &findingId = {});
    // "Recipes…": a resilience recipe on the open nginx file, shown as a diff to review.
    void chooseRecipe();
    // Puts a backup back through the safe-apply protocol (the Backups tab, after confirming).
    void restoreBackup(const QString &id);
    // "Revert unless I confirm within N seconds" after an apply; 0 turns it off.
    void setConfirmSeconds(int seconds);

    // For tests and the main window.
    QTreeWidget *fileTree() const { return m_tree; }
    ConfigEditor *editor() const { return m_editor; }
    ConfigFindBar *findBar() const { return m_findBar; }
    ConfigDiffView *diffView() const { return m_diff; }
    ConfigApplyView *applyView() const { return m_applyView; }
    ConfigBackupsPanel *backupsPanel() const { return m_backups; }
    ConfigSnapshotsPanel *snapshotsPanel() const { return m_snapshots; }
    QPushButton *reviewButton() const { return m_reviewButton; }
    QPushButton *applyButton() const { return m_applyButton; }
    QPushButton *recipeButton() const { return m_recipeButton; }
    QCheckBox *snapshotFirstCheck() const { return m_snapshotFirstCheck; }
    QStackedWidget *stack() const { return m_stack; }
    QLabel *statusLabel() const { return m_status; }
    // What the restart offered after an apply came to (ActionController runs it).
    void showRestartOutcome(const QString &outcome, bool sitesAnswer);
    QLabel *proposalLabel() const { return m_proposal; }
    const QString &currentPath() const { return m_path; }
    bool isDirty() const;
    bool isBusy() const;

public Q_SLOTS:
    // Opens a file at a line (e.g. from a finding's config location); loads the list first when
    // needed. Line 0 keeps the top.
    void openFile(const QString &path, int line = 0);

Q_SIGNALS:
    void filesLoaded();
    void fileOpened(const QString &path);
    void applyFinished(const gs::config::ApplyResult &result);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    QWidget *buildEditPage();
    QWidget *buildReviewPage();
    QWidget *buildApplyPage();
    QWidget *buildSnapshotsPanel();
    void ensureSession();
    void resetState();
    void populateTree(const config::ConfigFileSet &files);
    void
    onFileRead(const QString &path, const QByteArray &bytes, const remote::RemoteFileInfo &info);
    void onApplyFinished(const config::ApplyResult &result);
    // Makes the pending guided fix in the file just read, if it is that file.
    void takePendingEdit(const QString &path, const remote::RemoteFileInfo &info);
    // Puts `text` in the editor and shows it as a diff under a box saying what it does.
    void showProposal(const QByteArray &text,
                      const QString &heading,
                      const QString &summary,
                      const QString &after,
                      int line);
    void markValidatorProblems(const config::ApplyResult &result);
    void startConfirmCountdown(const QString &backupId);
    void tickConfirm();
    void stopConfirm();
    void updateActions();
    void setStatus(const QString &text, bool error = false);
    // How the change about to be applied is recorded (empty: a plain edit).
    std::function<audit::AuditEntry(const config::ApplyResult &)>
    auditOf(const QByteArray &content) const;

    inventory::Server m_server;
    std::shared_ptr<remote::RemoteHost> m_host;
    QString m_noHostReason;
    bool m_readOnly = false;
    ConfigSession *m_session = nullptr;
    config::ConfigFileSet m_files;
    bool m_loaded = false;
    bool m_loading = false;
    QString m_pendingPath;
    int m_pendingLine = 0;
    std::optional<findings::ConfigEdit> m_pendingEdit; // a guided fix waiting for its file
    QString m_pendingEditTitle;
    QString m_pendingEditFinding;
    // Where the editor's change came from, for the audit log: the user's own edit, a guided
    // fix of a finding or a recipe (recorded as the CLI's config.apply, config.fix and
    // config.recipe are). Reset when a file is read.
    enum class Origin { Edit, Fix, Recipe };
    Origin m_origin = Origin::Edit;
    QString m_originName; // the finding id or the recipe
    QString m_afterApply; // the applied fix's next step (e.g. restart PHP-FPM), for the status

    QString m_path;
    QString m_realPath;
    QByteArray m_original;
    QString m_originalSha;
    bool m_isNginx = true;
    bool m_reverting = false;
    bool m_applyAfterSnapshot = false; // "snapshot first": an apply waits for its snapshot
    QString m_confirmBackupId;
    int m_confirmSeconds = 0;
    int m_confirmRemaining = 0;
    QTimer m_confirmTimer;

    QLabel *m_status = nullptr;
    QTreeWidget *m_tree = nullptr;
    QTabWidget *m_tabs = nullptr;
    QStackedWidget *m_stack = nullptr;
    ConfigEditor *m_editor = nullptr;
    ConfigFindBar *m_findBar = nullptr;
    QListWidget *m_problems = nullptr;
    QLabel *m_fileLabel = nullptr;
    QPushButton *m_reviewButton = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_revertEditsButton = nullptr;
    QPushButton *m_recipeButton = nullptr;
    QCheckBox *m_confirmCheck = nullptr;
    QSpinBox *m_confirmSpin = nullptr;
    ConfigDiffView *m_diff = nullptr;
    QLabel *m_proposal = nullptr;
    QPushButton *m_reviewApplyButton = nullptr;
    QCheckBox *m_snapshotFirstCheck = nullptr;
    ConfigApplyView *m_applyView = nullptr;
    QWidget *m_confirmBanner = nullptr;
    QLabel *m_confirmLabel = nullptr;
    ConfigBackupsPanel *m_backups = nullptr;
    ConfigSnapshotsPanel *m_snapshots = nullptr; // wired in buildUi()
};

} // namespace gs::gui
