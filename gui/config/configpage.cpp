#include "config/configpage.h"

#include "config/configapplyview.h"
#include "config/configbackupspanel.h"
#include "config/configdiffview.h"
#include "config/configeditor.h"
#include "config/configfindbar.h"
#include "config/configsession.h"
#include "config/configsnapshotspanel.h"
#include "config/recipedialog.h"

#include "config/configaudit.h"
#include "config/configdiff.h"
#include "config/guidededit.h"

#include "nginx/testoutputparser.h"
#include "phpfpm/fpmtestoutputparser.h"
#include "remote/remotefile.h"
#include "remote/remotehost.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>

namespace gs::gui {

ConfigPage::ConfigPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("configpage"));
    buildUi();
    m_confirmTimer.setInterval(1000);
    connect(&m_confirmTimer, &QTimer::timeout, this, &ConfigPage::tickConfirm);
    // The Backups tab talks to whichever session is current.
    connect(m_backups, &ConfigBackupsPanel::refreshRequested, this, [this] {
        if (m_session && !m_path.isEmpty())
            m_session->loadBackups(m_path);
    });
    connect(m_backups, &ConfigBackupsPanel::diffRequested, this, [this](const QString &id) {
        if (m_session && !m_path.isEmpty())
            m_session->readBackup(m_path, m_realPath, id);
    });
    connect(m_backups, &ConfigBackupsPanel::restoreRequested, this, [this](const QString &id) {
        const auto answer = QMessageBox::question(
                this,
                tr("Restore backup"),
                tr("Put backup %1 back in place of %2? It goes through the same checks: backup, "
                   "validation, reload, health check and rollback.")
                        .arg(id, m_path));
        if (answer == QMessageBox::Yes)
            restoreBackup(id);
    });
    setStatus(tr("Read and edit nginx and PHP-FPM configuration safely: every change is backed "
                 "up, checked with nginx -t or php-fpm -t in place, reloaded, health-checked, and "
                 "rolled back automatically if the site breaks."));
    updateActions();
}

ConfigPage::~ConfigPage() = default;

void ConfigPage::setServer(const inventory::Server &server)
{
    m_server = server;
    setReadOnly(server.readOnly);
}

void ConfigPage::setHost(std::shared_ptr<remote::RemoteHost> host, const QString &why)
{
    m_noHostReason = why;
    if (host && host == m_host)
        return;
    m_host = std::move(host);
    resetState();
    if (!m_host && !why.isEmpty())
        setStatus(why, true);
    if (isVisible() && m_host)
        reload();
}

void ConfigPage::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_editor->setReadOnly(readOnly);
    m_backups->setReadOnly(readOnly);
    m_snapshots->setReadOnly(readOnly);
    if (readOnly)
        setStatus(tr("Read-only (support mode): files can be read and compared, never changed on "
                     "this server."));
    updateActions();
}

void ConfigPage::resetState()
{
    stopConfirm();
    // An apply waiting for its snapshot belongs to the server left behind: it must never run
    // here when a snapshot of this server is taken later.
    m_applyAfterSnapshot = false;
    if (m_session) {
        // Never wait on the GUI thread: a session still at work finishes on its own (the server
        // side of an apply completes regardless) and deletes itself; its results are dropped.
        ConfigSession *old = m_session;
        m_session = nullptr;
        QObject::disconnect(old, nullptr, nullptr, nullptr);
        if (old->isBusy()) {
            old->setParent(nullptr);
            connect(old, &ConfigSession::busyChanged, old, [old](bool busy) {
                if (!busy)
                    old->deleteLater();
            });
        } else {
            delete old;
        }
    }
    m_files = {};
    m_loaded = false;
    m_loading = false;
    m_path.clear();
    m_realPath.clear();
    m_original.clear();
    m_originalSha.clear();
    m_tree->clear();
    m_editor->clear();
    m_fileLabel->setText(tr("Pick a file on the left."));
    m_backups->setBackups(QString(), {});
    m_stack->setCurrentIndex(0);
    updateActions();
}

void ConfigPage::ensureSession()
{
    if (m_session || !m_host)
        return;
    m_session = new ConfigSession(m_host, this);
    m_session->setServerName(m_server.name);
    connect(m_session, &ConfigSession::filesLoaded, this, [this](const config::ConfigFileSet &set) {
        m_loading = false;
        m_loaded = true;
        m_files = set;
        populateTree(set);
        setStatus(set.problems.isEmpty()
                          ? tr("%n configuration file(s) in force.", nullptr, int(set.files.size()))
                          : set.problems.join(QLatin1Char('\n')),
                  !set.problems.isEmpty());
        Q_EMIT filesLoaded();
        if (!m_pendingPath.isEmpty()) {
            const QString path = m_pendingPath;
            m_pendingPath.clear();
            openFile(path, m_pendingLine);
        }
    });
    connect(m_session, &ConfigSession::fileRead, this, &ConfigPage::onFileRead);
    connect(m_session, &ConfigSession::stepChanged, m_applyView, &ConfigApplyView::updateStep);
    connect(m_session, &ConfigSession::applyFinished, this, &ConfigPage::onApplyFinished);
    connect(m_session,
            &ConfigSession::backupsLoaded,
            m_backups,
            [this](const QString &path, const QList<config::BackupEntry> &list) {
                if (path == m_path)
                    m_backups->setBackups(path, list);
            });
    connect(m_session,
            &ConfigSession::backupRead,
            this,
            [this](const QString &path, const QString &id, const QByteArray &bytes) {
                if (path == m_path)
                    m_backups->showDiff(
                            id, QString::fromUtf8(m_original), QString::fromUtf8(bytes));
            });
    connect(m_session,
            &ConfigSession::failed,
            this,
            [this](const QString &what, const QString &message) {
                m_loading = false;
                m_reverting = false;
                setStatus(tr("%1 failed: %2").arg(what, message), true);
            });
    connect(m_session, &ConfigSession::busyChanged, this, &ConfigPage::updateActions);
}

void ConfigPage::reload()
{
    ensureSession();
    if (!m_session) {
        setStatus(m_noHostReason.isEmpty() ? tr("No server selected.") : m_noHostReason, true);
        return;
    }
    m_loading = true;
    setStatus(tr("Reading the configuration in force on %1…").arg(m_host->options().displayName()));
    m_session->loadFiles();
}

void ConfigPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_host && !m_loaded && !m_loading)
        reload();
}

void ConfigPage::populateTree(const config::ConfigFileSet &files)
{
    m_tree->clear();
    QHash<int, QTreeWidgetItem *> groups;
    // A group is named by its service; by its main file too only when two of a kind run (the
    // pane elides from the left, which would hide the service's name behind a long path).
    QHash<config::ServiceKind, int> ofKind;
    for (const config::ConfigService &service : files.services)
        ++ofKind[service.kind];
    for (const config::ConfigFile &file : files.files) {
        QTreeWidgetItem *group = groups.value(file.serviceIndex);
        if (!group) {
            const config::ConfigService *service = files.serviceFor(file);
            const QString config = service ? service->config : QString();
            const QString kind
                    = file.kind == config::ServiceKind::Nginx ? tr("nginx") : tr("PHP-FPM");
            group = new QTreeWidgetItem(m_tree);
            group->setText(0, ofKind.value(file.kind) > 1 ? tr("%1 (%2)").arg(kind, config) : kind);
            group->setToolTip(0, tr("%1, main configuration %2").arg(kind, config));
            group->setFirstColumnSpanned(true);
            group->setExpanded(true);
            groups.insert(file.serviceIndex, group);
        }
        // Under its group, a file is named from the main configuration's directory
        // ("sites-enabled/shop.conf"); one outside it keeps its whole path.
        const config::ConfigService *service = files.serviceFor(file);
        const QString root
                = service ? QFileInfo(service->config).path() + QLatin1Char('/') : QString();
        auto item = new QTreeWidgetItem(group);
        item->setText(0,
                      !root.isEmpty() && file.info.path.startsWith(root)
                              ? file.info.path.mid(root.size())
                              : file.info.path);
        item->setData(0, Qt::UserRole, file.info.path);
        QString tip = file.info.path;
        if (file.info.isSymlink)
            tip += QStringLiteral(" → ") + file.info.realPath;
        item->setToolTip(0,
                         QStringLiteral("%1\n%2 %3:%4\nsha256 %5")
                                 .arg(tip,
                                      file.info.mode.rightJustified(4, QLatin1Char('0')),
                                      file.info.owner,
                                      file.info.group,
                                      file.info.sha256));
    }
}

void ConfigPage::openFile(const QString &path, int line)
{
    if (!m_loaded) {
        m_pendingPath = path;
        m_pendingLine = line;
        if (!m_loading)
            reload();
        return;
    }
    if (path != m_path && isDirty()) {
        const auto answer = QMessageBox::question(this,
                                                  tr("Discard edits?"),
                                                  tr("%1 has edits that were not applied. Discard "
                                                     "them and open %2?")
                                                          .arg(m_path, path));
        if (answer != QMessageBox::Yes)
            return;
    }
    const config::ConfigFile *file = m_files.find(path);
    if (!file) {
        m_pendingEdit.reset();
        setStatus(tr("%1 is not a configuration file in force on this server.").arg(path), true);
        return;
    }
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == file->info.path)
            m_tree->setCurrentItem(*it);
    }
    m_pendingLine = line;
    m_isNginx = file->kind == config::ServiceKind::Nginx;
    ensureSession();
    m_session->readFile(file->info.path);
}

void ConfigPage::onFileRead(const QString &path,
                            const QByteArray &bytes,
                            const remote::RemoteFileInfo &info)
{
    const bool samePath = path == m_path;
    m_path = path;
    m_realPath = info.realPath;
    m_original = bytes;
    m_originalSha = info.sha256;
    m_origin = Origin::Edit;
    m_originName.clear();
    m_editor->setLanguage(m_isNginx ? ConfigEditor::Language::Nginx : ConfigEditor::Language::Ini);
    m_editor->setPlainText(QString::fromUtf8(bytes));
    m_editor->lintNow();
    QString label = path;
    if (info.isSymlink)
        label += QStringLiteral(" → ") + info.realPath;
    m_fileLabel->setText(QStringLiteral("%1  (%2 %3:%4)")
                                 .arg(label,
                                      info.mode.rightJustified(4, QLatin1Char('0')),
                                      info.owner,
                                      info.group));
    m_fileLabel->setToolTip(m_fileLabel->text());
    if (m_pendingLine > 0)
        m_editor->goToLine(m_pendingLine);
    m_pendingLine = 0;
    if (!samePath || m_stack->currentIndex() != 2)
        m_stack->setCurrentIndex(0);
    m_tabs->setCurrentIndex(0);
    m_session->loadBackups(path);
    takePendingEdit(path, info);
    updateActions();
    Q_EMIT fileOpened(path);
}

void ConfigPage::proposeEdit(const findings::ConfigEdit &edit,
                             const QString &title,
                             const QString &findingId)
{
    if (isDirty()) {
        const auto answer = QMessageBox::question(
                this,
                tr("Discard edits?"),
                tr("%1 has edits that were not applied. Discard them to review the proposed "
                   "fix?")
                        .arg(m_path));
        if (answer != QMessageBox::Yes)
            return;
        m_editor->setPlainText(QString::fromUtf8(m_original)); // openFile must not ask again
    }
    m_pendingEdit = edit;
    m_pendingEditTitle = title;
    m_pendingEditFinding = findingId;
    openFile(edit.file, edit.line);
}

void ConfigPage::takePendingEdit(const QString &path, const remote::RemoteFileInfo &info)
{
    m_proposal->hide();
    if (!m_pendingEdit || (path != m_pendingEdit->file && info.realPath != m_pendingEdit->file))
        return;
    const findings::ConfigEdit edit = *m_pendingEdit;
    m_pendingEdit.reset();
    const auto made = config::GuidedEdit::apply(edit, m_original);
    if (!made) {
        setStatus(made.error().hint.isEmpty()
                          ? made.error().message
                          : QStringLiteral("%1 %2").arg(made.error().message, made.error().hint),
                  true);
        return;
    }
    if (!m_pendingEditFinding.isEmpty()) {
        m_origin = Origin::Fix;
        m_originName = m_pendingEditFinding;
    }
    showProposal(*made,
                 tr("Proposed fix for “%1”").arg(m_pendingEditTitle),
                 edit.summary,
                 edit.after,
                 edit.line);
}

void ConfigPage::showProposal(const QByteArray &text,
                              const QString &heading,
                              const QString &summary,
                              const QString &after,
                              int line)
{
    m_editor->setPlainText(QString::fromUtf8(text));
    m_editor->lintNow();
    if (line > 0)
        m_editor->goToLine(line);
    m_afterApply = after;
    QString html = tr("<b>%1</b><br>%2<br>Check the change below. Nothing changes on the server "
                      "until you press Apply; Apply backs the file up, validates it, reloads and "
                      "rolls back by itself if the site breaks.")
                           .arg(heading.toHtmlEscaped(), summary.toHtmlEscaped());
    if (!after.isEmpty())
        html += tr("<br><b>Afterwards:</b> %1").arg(after.toHtmlEscaped());
    m_proposal->setText(html);
    m_proposal->show();
    review();
    setStatus(tr("Ready for review: %1").arg(heading));
}

void ConfigPage::chooseRecipe()
{
    if (m_path.isEmpty() || !m_isNginx)
        return;
    RecipeDialog dialog(m_editor->toPlainText().toUtf8(), m_path, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.recipe())
        return;
    m_origin = Origin::Recipe;
    m_originName = dialog.recipe()->id;
    showProposal(dialog.result(),
                 tr("Resilience recipe: %1").arg(dialog.recipe()->title),
                 dialog.recipe()->explanation,
                 {},
                 0);
}

bool ConfigPage::isDirty() const
{
    return !m_path.isEmpty() && m_editor->toPlainText().toUtf8() != m_original;
}

bool ConfigPage::isBusy() const
{
    return m_session && m_session->isBusy();
}

void ConfigPage::review()
{
    if (m_path.isEmpty())
        return;
    // Shown first: the diff scrolls to its first change, which needs the table laid out.
    m_stack->setCurrentIndex(1);
    m_diff->setTexts(QString::fromUtf8(m_original),
                     m_editor->toPlainText(),
                     tr("On the server"),
                     tr("Your edit"));
    updateActions();
}

void ConfigPage::applyChanges()
{
    if (m_readOnly || m_path.isEmpty() || !m_session || m_session->isBusy())
        return;
    const QByteArray content = m_editor->toPlainText().toUtf8();
    if (content == m_original) {
        setStatus(tr("Nothing to apply: the editor holds what the server has."));
        return;
    }
    if (m_snapshotFirstCheck->isChecked() && !m_applyAfterSnapshot) {
        // The risky-change path: the whole tree is kept first; the apply waits for it.
        m_applyAfterSnapshot = true;
        setStatus(tr("Taking a snapshot of the whole configuration before applying…"));
        m_snapshots->takeSnapshot(tr("before applying %1").arg(m_path));
        updateActions();
        return;
    }
    m_applyAfterSnapshot = false;
    stopConfirm();
    m_applyView->start(tr("Applying the change to %1").arg(m_path));
    m_stack->setCurrentIndex(2);
    m_session->apply(m_path, content, m_originalSha, auditOf(content));
    updateActions();
}

std::function<audit::AuditEntry(const config::ApplyResult &)>
ConfigPage::auditOf(const QByteArray &content) const
{
    if (m_origin == Origin::Edit)
        return {}; // the session records a plain config.apply
    const auto where = config::ConfigAudit::Where::at(m_server.name, *m_host);
    const QString diff = config::ConfigDiff::unified(QString::fromUtf8(m_original),
                                                     QString::fromUtf8(content),
                                                     QStringLiteral("a") + m_path,
                                                     QStringLiteral("b") + m_path);
    return [where,
            fix = m_origin == Origin::Fix,
            name = m_originName,
            path = m_path,
            sha = m_originalSha,
            diff](const config::ApplyResult &result) {
        return fix ? config::ConfigAudit::fix(where, name, path, sha, diff, result)
                   : config::ConfigAudit::recipe(where, name, path, sha, diff, result);
    };
}

void ConfigPage::restoreBackup(const QString &id)
{
    if (m_readOnly || m_path.isEmpty() || !m_session)
        return;
    m_reverting = true;
    m_applyView->start(tr("Restoring backup %1 of %2").arg(id, m_path));
    m_tabs->setCurrentIndex(0);
    m_stack->setCurrentIndex(2);
    m_session->restore(m_path, m_realPath, id);
    updateActions();
}

void ConfigPage::setConfirmSeconds(int seconds)
{
    m_confirmSeconds = seconds;
    m_confirmCheck->setChecked(seconds > 0);
    if (seconds > 0)
        m_confirmSpin->setValue(std::max(seconds, m_confirmSpin->minimum()));
    m_confirmSeconds = seconds; // the spin box's minimum must not change what was asked for
}

void ConfigPage::onApplyFinished(const config::ApplyResult &result)
{
    const bool wasRevert = m_reverting;
    m_reverting = false;
    m_applyView->finish(result);
    Q_EMIT applyFinished(result);
    if (result.outcome == config::ApplyOutcome::Applied
        || result.outcome == config::ApplyOutcome::Unchanged) {
        if (wasRevert) {
            setStatus(tr("%1 was put back.").arg(m_path));
            m_session->readFile(m_path); // the editor shows what the server has now
            return;
        }
        m_original = m_editor->toPlainText().toUtf8();
        m_originalSha = remote::RemoteFile::sha256(m_original);
        setStatus(m_afterApply.isEmpty() ? result.message
                                         : tr("%1 Next: %2").arg(result.message, m_afterApply));
        m_afterApply.clear();
        m_proposal->hide();
        if (m_confirmSeconds > 0 && !result.backupId.isEmpty())
            startConfirmCountdown(result.backupId);
        m_session->loadBackups(m_path);
    } else {
        setStatus(result.message, true);
        if (result.outcome == config::ApplyOutcome::ValidationFailed)
            markValidatorProblems(result);
        if (!result.backupId.isEmpty())
            m_session->loadBackups(m_path);
    }
    updateActions();
}

void ConfigPage::showRestartOutcome(const QString &outcome, bool sitesAnswer)
{
    m_applyView->showRestartOutcome(outcome, sitesAnswer);
    setStatus(tr("After the restart: %1").arg(outcome), !sitesAnswer);
}

void ConfigPage::markValidatorProblems(const config::ApplyResult &result)
{
    // Put the validator's complaints about this file on the editor's lines.
    const QStringList names{m_path, m_realPath};
    if (m_isNginx) {
        const auto parsed = nginx::TestOutputParser::parse(result.validationOutput);
        for (const auto &message : parsed.errors()) {
            if (message.line > 0 && names.contains(message.file))
                m_editor->addExternalProblem({message.line,
                                              0,
                                              0,
                                              config::ConfigLint::Problem::Severity::Error,
                                              QStringLiteral("nginx -t: ") + message.text});
        }
    } else {
        const auto parsed = phpfpm::FpmTestOutputParser::parse(result.validationOutput);
        for (const auto &message : parsed.errors()) {
            if (message.line > 0 && names.contains(message.file))
                m_editor->addExternalProblem({message.line,
                                              0,
                                              0,
                                              config::ConfigLint::Problem::Severity::Error,
                                              QStringLiteral("php-fpm -t: ") + message.text});
        }
    }
}

void ConfigPage::startConfirmCountdown(const QString &backupId)
{
    m_confirmBackupId = backupId;
    m_confirmRemaining = m_confirmSeconds;
    m_confirmBanner->show();
    m_confirmLabel->setText(tr("Keep this change? It is reverted in %n second(s) unless you "
                               "confirm.",
                               nullptr,
                               m_confirmRemaining));
    m_confirmTimer.start();
}

void ConfigPage::tickConfirm()
{
    if (m_confirmBackupId.isEmpty())
        return;
    if (--m_confirmRemaining > 0) {
        m_confirmLabel->setText(tr("Keep this change? It is reverted in %n second(s) unless you "
                                   "confirm.",
                                   nullptr,
                                   m_confirmRemaining));
        return;
    }
    const QString id = m_confirmBackupId;
    stopConfirm();
    setStatus(tr("Not confirmed: putting %1 back as it was.").arg(m_path));
    restoreBackup(id);
}

void ConfigPage::stopConfirm()
{
    m_confirmTimer.stop();
    m_confirmBackupId.clear();
    if (m_confirmBanner)
        m_confirmBanner->hide();
}

void ConfigPage::updateActions()
{
    const bool busy = isBusy();
    const bool open = !m_path.isEmpty();
    const bool dirty = isDirty();
    m_reviewButton->setEnabled(open && dirty);
    const bool canApply = open && dirty && !busy && !m_readOnly && !m_applyAfterSnapshot;
    m_applyButton->setEnabled(canApply);
    m_reviewApplyButton->setEnabled(canApply);
    m_snapshotFirstCheck->setEnabled(!m_readOnly);
    m_revertEditsButton->setEnabled(open && dirty);
    m_recipeButton->setEnabled(open && m_isNginx && !busy);
    m_applyButton->setToolTip(m_readOnly ? tr("Read-only (support mode): nothing is changed on "
                                              "this server.")
                                         : tr("Backup, validate in place, reload, check the site, "
                                              "and roll back automatically on failure."));
}

void ConfigPage::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #c02020; }") : QString());
}

} // namespace gs::gui
