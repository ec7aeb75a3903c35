#pragma once

#include "config/applyresult.h"
#include "config/backupentry.h"
#include "config/configaudit.h"
#include "config/configfileset.h"
#include "remote/remotefileinfo.h"
#include "remote/remotehost.h"

#include <QByteArray>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace gs::gui {

class GuiPoster;

// The Config page's link to one server: every blocking core call (discovery, reads, safe apply,
// backups) runs on a worker thread, one at a time; results come back as signals on the thread
// this object lives on (the GUI thread). Never blocks the GUI thread, except that destroying it
// waits for the operation in flight.
class ConfigSession : public QObject
{
    Q_OBJECT

public:
    explicit ConfigSession(std::shared_ptr<remote::RemoteHost> host, QObject *parent = nullptr);
    ~ConfigSession() override;

    bool isBusy() const { return m_running > 0; }
    // The server, for work that runs beside the session's queue (whole-tree snapshots).
    const std::shared_ptr<remote::RemoteHost> &host() const { return m_host; }

    // The inventory name the audit log records changes under (the CLI's target).
    void setServerName(const QString &name) { m_serverName = name; }
    // How a change made here is recorded: ConfigAudit's entry for the outcome.
    using AuditOf = std::function<audit::AuditEntry(const config::ApplyResult &result)>;

    void loadFiles();
    void readFile(const QString &path);
    // The safe-apply protocol; stepChanged() for each step as it happens, then applyFinished().
    // Recorded in the audit log as auditOf says (an edit when empty), like the CLI's changes.
    void apply(const QString &path,
               const QByteArray &content,
               const QString &expectedSha256,
               AuditOf auditOf = {});
    void loadBackups(const QString &path);
    void readBackup(const QString &path, const QString &realPath, const QString &id);
    // Puts a backup back through the same protocol (over what the file holds now).
    void restore(const QString &path, const QString &realPath, const QString &id);

Q_SIGNALS:
    void filesLoaded(const gs::config::ConfigFileSet &files);
    void
    fileRead(const QString &path, const QByteArray &data, const gs::remote::RemoteFileInfo &info);
    void stepChanged(const gs::config::ApplyStep &step);
    void applyFinished(const gs::config::ApplyResult &result);
    void backupsLoaded(const QString &path, const QList<gs::config::BackupEntry> &backups);
    void backupRead(const QString &path, const QString &id, const QByteArray &data);
    void failed(const QString &what, const QString &message);
    void busyChanged(bool busy);

private:
    // Runs `work` on the worker; it reports back through post().
    void run(std::function<void()> work);
    // Runs `fn` on this object's thread (drops it if this object is gone by then).
    void post(std::function<void()> fn);
    void applyOn(const QString &path,
                 const QByteArray &content,
                 const QString &expectedSha256,
                 const config::ConfigFileSet *files,
                 const AuditOf &auditOf);
    // A change to one file through safe apply, recorded as the CLI's config.apply/restore.
    AuditOf fileAudit(const QString &action,
                      const QString &path,
                      qsizetype bytes,
                      const QString &expectedSha256) const;

    std::shared_ptr<remote::RemoteHost> m_host;
    QString m_serverName;
    QThreadPool m_pool;
    int m_running = 0;
    std::shared_ptr<config::ConfigFileSet> m_files; // touched on the worker only
    std::shared_ptr<GuiPoster> m_poster;            // the worker's results come back through it
};

} // namespace gs::gui
