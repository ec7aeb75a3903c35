#include "config/configsession.h"

#include "config/backupstore.h"
#include "config/configfiles.h"
#include "config/safeapply.h"
#include "remote/remotefile.h"

#include "common/guiposter.h"

namespace gs::gui {

ConfigSession::ConfigSession(std::shared_ptr<remote::RemoteHost> host, QObject *parent)
    : QObject(parent)
    , m_host(std::move(host))
    , m_files(std::make_shared<config::ConfigFileSet>())
    , m_poster(std::make_shared<GuiPoster>(this))
{
    // One worker: operations on a server happen in the order they were asked for.
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("config-session"));
}

ConfigSession::~ConfigSession()
{
    m_poster->detach();
    m_pool.waitForDone();
}

void ConfigSession::post(std::function<void()> fn)
{
    m_poster->post(std::move(fn));
}

void ConfigSession::run(std::function<void()> work)
{
    if (++m_running == 1)
        Q_EMIT busyChanged(true);
    m_pool.start([this, work = std::move(work)] {
        work();
        post([this] {
            if (--m_running == 0)
                Q_EMIT busyChanged(false);
        });
    });
}

void ConfigSession::loadFiles()
{
    run([this, host = m_host, files = m_files] {
        auto found = config::ConfigFiles::discover(*host);
        if (!found) {
            post([this, message = found.error().text()] {
                Q_EMIT failed(tr("Reading the configuration"), message);
            });
            return;
        }
        *files = found.value();
        post([this, set = found.value()] { Q_EMIT filesLoaded(set); });
    });
}

void ConfigSession::readFile(const QString &path)
{
    run([this, host = m_host, path] {
        auto content = remote::RemoteFile::read(*host, path);
        if (!content) {
            post([this, path, message = content.error().text()] {
                Q_EMIT failed(tr("Reading %1").arg(path), message);
            });
            return;
        }
        post([this, path, data = content->data, info = content->info] {
            Q_EMIT fileRead(path, data, info);
        });
    });
}

ConfigSession::AuditOf ConfigSession::fileAudit(const QString &action,
                                                const QString &path,
                                                qsizetype bytes,
                                                const QString &expectedSha256) const
{
    return [where = config::ConfigAudit::Where::at(m_serverName, *m_host),
            action,
            path,
            bytes,
            expectedSha256](const config::ApplyResult &result) {
        return config::ConfigAudit::fileApply(where, action, path, bytes, expectedSha256, result);
    };
}

void ConfigSession::applyOn(const QString &path,
                            const QByteArray &content,
                            const QString &expectedSha256,
                            const config::ConfigFileSet *files,
                            const AuditOf &auditOf)
{
    config::SafeApply apply(*m_host);
    if (files && !files->files.isEmpty())
        apply.setFiles(*files);
    config::SafeApply::Request request;
    request.path = path;
    request.content = content;
    request.expectedSha256 = expectedSha256;
    const config::ApplyResult result = apply.apply(request, [this](const config::ApplyStep &step) {
        post([this, step] { Q_EMIT stepChanged(step); });
    });
    // Every change is recorded whatever its outcome, as the CLI records it; a log that cannot
    // be written does not undo the change.
    (void)config::ConfigAudit::record(auditOf(result));
    post([this, result] { Q_EMIT applyFinished(result); });
}

void ConfigSession::apply(const QString &path,
                          const QByteArray &content,
                          const QString &expectedSha256,
                          AuditOf auditOf)
{
    if (!auditOf)
        auditOf = fileAudit(QStringLiteral("config.apply"), path, content.size(), expectedSha256);
    run([this, files = m_files, path, content, expectedSha256, auditOf = std::move(auditOf)] {
        applyOn(path, content, expectedSha256, files.get(), auditOf);
    });
}

void ConfigSession::loadBackups(const QString &path)
{
    run([this, host = m_host, path] {
        auto backups = config::BackupStore::list(*host, path);
        if (!backups) {
            post([this, message = backups.error().text()] {
                Q_EMIT failed(tr("Listing backups"), message);
            });
            return;
        }
        post([this, path, list = backups.value()] { Q_EMIT backupsLoaded(path, list); });
    });
}

void ConfigSession::readBackup(const QString &path, const QString &realPath, const QString &id)
{
    run([this, host = m_host, path, realPath, id] {
        auto data = config::BackupStore::content(*host, realPath, id);
        if (!data) {
            post([this, id, message = data.error().text()] {
                Q_EMIT failed(tr("Reading backup %1").arg(id), message);
            });
            return;
        }
        post([this, path, id, bytes = data.value()] { Q_EMIT backupRead(path, id, bytes); });
    });
}

void ConfigSession::restore(const QString &path, const QString &realPath, const QString &id)
{
    run([this, host = m_host, files = m_files, path, realPath, id] {
        auto current = remote::RemoteFile::read(*host, path);
        auto data = current ? config::BackupStore::content(*host, realPath, id)
                            : Result<QByteArray>(current.error());
        if (!data) {
            post([this, id, message = data.error().text()] {
                Q_EMIT failed(tr("Restoring backup %1").arg(id), message);
            });
            return;
        }
        applyOn(path,
                *data,
                current->info.sha256,
                files.get(),
                fileAudit(QStringLiteral("config.restore"),
                          path,
                          data->size(),
                          current->info.sha256));
    });
}

} // namespace gs::gui
