#include "config/configsnapshotspanel.h"

#include "common/guiposter.h"
#include "config/configapplyview.h"

#include "config/configaudit.h"
#include "config/treesnapshot.h"
#include "remote/remotehost.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace gs::gui {

namespace {

QString sizeText(qint64 bytes)
{
    return bytes < 0 ? QString() : QLocale().formattedDataSize(bytes);
}

} // namespace

ConfigSnapshotsPanel::ConfigSnapshotsPanel(QWidget *parent)
    : QWidget(parent)
    , m_poster(std::make_shared<GuiPoster>(this))
{
    setObjectName(QStringLiteral("configSnapshotsPanel"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    auto intro = new QLabel(
            tr("A snapshot is a copy of the whole nginx and PHP-FPM configuration (such as "
               "/etc/nginx and /etc/php/8.2/fpm), kept on the server and on this computer. "
               "Restoring one makes the configuration exactly what it was, with the same checks "
               "as an apply."));
    intro->setWordWrap(true);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("snapshotStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto bar = new QHBoxLayout;
    m_refresh = new QPushButton(tr("Refresh"));
    m_note = new QLineEdit;
    m_note->setObjectName(QStringLiteral("snapshotNote"));
    m_note->setPlaceholderText(tr("Note: what is it for? (e.g. before the PHP upgrade)"));
    m_note->setMaxLength(300);
    m_take = new QPushButton(tr("Take snapshot"));
    m_take->setObjectName(QStringLiteral("snapshotTakeButton"));
    m_restore = new QPushButton(tr("Restore…"));
    m_restore->setObjectName(QStringLiteral("snapshotRestoreButton"));
    bar->addWidget(m_refresh);
    bar->addWidget(m_note, 1);
    bar->addWidget(m_take);
    bar->addSpacing(12);
    bar->addWidget(m_restore);

    m_list = new QTreeWidget;
    m_list->setObjectName(QStringLiteral("snapshotList"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels(
            {tr("Taken (UTC)"), tr("Note"), tr("Files"), tr("Size"), tr("Kept"), tr("Snapshot")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_steps = new ConfigApplyView;
    auto splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_list);
    splitter->addWidget(m_steps);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    m_steps->hide(); // until something runs

    layout->addWidget(intro);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(splitter, 1);

    connect(m_refresh, &QPushButton::clicked, this, &ConfigSnapshotsPanel::refresh);
    connect(m_take, &QPushButton::clicked, this, [this] { takeSnapshot(m_note->text()); });
    connect(m_note, &QLineEdit::returnPressed, this, [this] {
        if (m_take->isEnabled())
            takeSnapshot(m_note->text());
    });
    connect(m_restore, &QPushButton::clicked, this, [this] {
        if (!selectedId().isEmpty())
            confirmRestore(selectedId());
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ConfigSnapshotsPanel::updateButtons);
    setStatus(tr("No server selected."));
    updateButtons();
}

ConfigSnapshotsPanel::~ConfigSnapshotsPanel()
{
    m_poster->detach();
}

void ConfigSnapshotsPanel::setTargetProvider(TargetProvider provider)
{
    m_provider = std::move(provider);
    m_stale = true;
}

void ConfigSnapshotsPanel::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateButtons();
}

void ConfigSnapshotsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    const Target target = m_provider ? m_provider() : Target{};
    if (m_stale || !shows(target.host))
        refresh();
}

void ConfigSnapshotsPanel::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
    Q_EMIT busyChanged(busy);
}

void ConfigSnapshotsPanel::setStatus(const QString &text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #c02020; }") : QString());
}

void ConfigSnapshotsPanel::updateButtons()
{
    const bool selected = !selectedId().isEmpty();
    const QString readOnly = tr("Read-only (support mode): nothing is changed on this server.");
    m_refresh->setEnabled(!m_busy);
    m_take->setEnabled(!m_busy && !m_readOnly);
    m_restore->setEnabled(!m_busy && !m_readOnly && selected);
    m_take->setToolTip(m_readOnly ? readOnly
                                  : tr("Copy the whole configuration now (logs and temporary "
                                       "files are left out)."));
    m_restore->setToolTip(m_readOnly ? readOnly
                                     : tr("Make the configuration exactly what the selected "
                                          "snapshot holds: validated, reloaded, health-checked, "
                                          "rolled back automatically on failure."));
}

bool ConfigSnapshotsPanel::shows(const std::shared_ptr<remote::RemoteHost> &host) const
{
    const std::shared_ptr<remote::RemoteHost> shown = m_shownHost.lock();
    return shown && shown == host;
}

QString ConfigSnapshotsPanel::selectedId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

void ConfigSnapshotsPanel::runOnWorker(
        const QString &activity,
        std::function<std::function<void()>(remote::RemoteHost &, const Target &)> work)
{
    const Target target = m_provider ? m_provider() : Target{};
    if (!target.host) {
        setStatus(tr("No server selected."), true);
        return;
    }
    if (m_busy) {
        // Another server's job may still run: read this one's when it ends.
        m_stale = true;
        return;
    }
    m_stale = false;
    m_shownHost = target.host;
    setBusy(true);
    setStatus(activity);
    // The job owns what it uses (the host): the panel may go away while it runs.
    GuiPoster::run(
            m_poster,
            [target, work = std::move(work)] { return work(*target.host, target); },
            [this, host = std::weak_ptr(target.host)](const std::function<void()> &next) {
                // The page moved on to another server meanwhile: what this job found belongs
                // to that one's page, not to the list now on show (its audit entry is written).
                const Target now = m_provider ? m_provider() : Target{};
                const std::shared_ptr<remote::RemoteHost> ran = host.lock();
                if (!ran || now.host != ran) {
                    setBusy(false);
                    m_stale = true;
                    m_entries.clear();
                    m_list->clear();
                    m_steps->hide();
                    refresh();
                    return;
                }
                next();
            });
}

void ConfigSnapshotsPanel::refresh()
{
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    const Target target = m_provider ? m_provider() : Target{};
    if (!shows(target.host)) {
        m_entries.clear();
        m_list->clear();
        m_steps->hide();
    }
    if (!target.host) {
        setStatus(tr("No server selected."));
        return;
    }
    runOnWorker(
            tr("Reading the snapshots…"),
            [this](remote::RemoteHost &host, const Target &) -> std::function<void()> {
                auto entries = config::TreeSnapshot(host).list();
                return [this, entries] {
                    setBusy(false);
                    if (!entries) {
                        setStatus(
                                tr("Listing the snapshots failed: %1").arg(entries.error().text()),
                                true);
                        return;
                    }
                    showEntries(*entries);
                    Q_EMIT snapshotsLoaded();
                };
            });
}

void ConfigSnapshotsPanel::showEntries(const QList<config::SnapshotEntry> &entries)
{
    const QString selected = selectedId();
    m_entries = entries;
    m_list->clear();
    for (const config::SnapshotEntry &entry : entries) {
        auto row = new QTreeWidgetItem(m_list);
        row->setData(0, Qt::UserRole, entry.id);
        row->setText(0,
                     QString(entry.created)
                             .replace(QLatin1Char('T'), QLatin1Char(' '))
                             .remove(QLatin1Char('Z')));
        row->setText(1, entry.note.isEmpty() ? tr("(no note)") : entry.note);
        row->setToolTip(1, entry.note);
        if (entry.validation == QLatin1String("failed")) {
            row->setText(1, row->text(1) + QStringLiteral("  ⚠ ") + tr("did not validate"));
            row->setToolTip(1,
                            entry.note + QLatin1Char('\n')
                                    + tr("nginx -t or php-fpm -t failed when this snapshot was "
                                         "taken."));
        }
        row->setText(2, entry.fileCount < 0 ? QString() : QString::number(entry.fileCount));
        row->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        row->setText(3, sizeText(entry.size));
        row->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        QStringList where;
        if (!entry.remotePath.isEmpty())
            where << tr("server");
        if (!entry.localPath.isEmpty())
            where << tr("here");
        row->setText(4, where.join(QStringLiteral(" + ")));
        row->setToolTip(
                4,
                QStringList{entry.remotePath, entry.localPath}.join(QLatin1Char('\n')).trimmed());
        row->setText(5, entry.id);
        row->setToolTip(0, entry.paths().join(QLatin1Char('\n')));
        if (entry.id == selected)
            m_list->setCurrentItem(row);
    }
    if (!m_list->currentItem() && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    setStatus(entries.isEmpty()
                      ? tr("No snapshots of this server yet. Take one before a risky change.")
                      : tr("%1 snapshot(s), newest first. The server keeps the newest %2, and so "
                           "does this computer.")
                                .arg(entries.size())
                                .arg(config::TreeSnapshot::kKeep));
    updateButtons();
}

void ConfigSnapshotsPanel::takeSnapshot(const QString &note)
{
    if (m_readOnly || m_busy)
        return;
    m_steps->show();
    m_steps->start(tr("Taking a snapshot"));
    const std::shared_ptr<GuiPoster> poster = m_poster;
    runOnWorker(
            tr("Taking a snapshot of the whole configuration…"),
            [this, note, poster](remote::RemoteHost &host,
                                 const Target &target) -> std::function<void()> {
                config::TreeSnapshot::Options options;
                options.nginxConfig = target.nginxConfig;
                config::TreeSnapshot snapshots(host, options);
                const config::SnapshotCreation creation
                        = snapshots.create(note, [this, poster](const config::ApplyStep &step) {
                              poster->post([this, step] { m_steps->updateStep(step); });
                          });
                // A log that cannot be written must not undo the work.
                (void)config::ConfigAudit::record(config::ConfigAudit::snapshot(
                        config::ConfigAudit::Where::at(target.serverName, host), creation, note));
                auto entries = config::TreeSnapshot(host).list();
                return [this, creation, entries] {
                    setBusy(false);
                    config::ApplyResult shown;
                    shown.outcome = creation.created ? config::ApplyOutcome::Applied
                                                     : config::ApplyOutcome::Error;
                    shown.message = creation.message;
                    shown.steps = creation.steps;
                    m_steps->finish(shown);
                    if (entries)
                        showEntries(*entries);
                    if (!creation.created)
                        setStatus(tr("No snapshot was taken: see the steps below."), true);
                    if (creation.created)
                        m_note->clear();
                    Q_EMIT auditChanged();
                    Q_EMIT snapshotTaken(creation);
                };
            });
}

QString ConfigSnapshotsPanel::restoreQuestion(const config::SnapshotEntry &entry,
                                              const QString &server)
{
    QString text = tr("Restore snapshot %1 on %2?").arg(entry.id, server) + QStringLiteral("\n\n");
    const QString when = QString(entry.created)
                                 .replace(QLatin1Char('T'), QLatin1Char(' '))
                                 .replace(QLatin1Char('Z'), QStringLiteral(" UTC"));
    text += tr("Taken %1%2; %3 files of:")
                    .arg(when,
                         entry.note.isEmpty() ? QString()
                                              : QStringLiteral(" (“%1”)").arg(entry.note))
                    .arg(entry.fileCount)
            + QLatin1Char('\n');
    for (const QString &path : entry.paths())
        text += QStringLiteral("    • ") + path + QLatin1Char('\n');
    text += QLatin1Char('\n') + tr("This will, on the server:") + QLatin1Char('\n');
    text += tr("1. take a snapshot of the configuration as it is now, to come back to;")
            + QLatin1Char('\n');
    text += tr("2. make those directories exactly as in the snapshot: changed files are put back, "
               "files added since (such as a new conf.d/*.conf) are deleted; logs and temporary "
               "files are not touched;")
            + QLatin1Char('\n');
    text += tr("3. test it with nginx -t and php-fpm -t: if that fails, everything is put back "
               "and nothing is reloaded;")
            + QLatin1Char('\n');
    text += tr("4. reload nginx and PHP-FPM and check the sites: if they break, the previous "
               "configuration is put back and reloaded automatically.");
    if (entry.validation == QLatin1String("failed"))
        text += QStringLiteral("\n\n⚠ ")
                + tr("This configuration did not validate when the snapshot was taken: the "
                     "restore will most likely stop at step 3.");
    return text;
}

void ConfigSnapshotsPanel::confirmRestore(const QString &id)
{
    if (m_readOnly || m_busy)
        return;
    const auto it = std::find_if(
            m_entries.begin(), m_entries.end(), [&](const auto &entry) { return entry.id == id; });
    if (it == m_entries.end())
        return;
    const Target target = m_provider ? m_provider() : Target{};
    auto box = new QMessageBox(
            QMessageBox::Question,
            tr("Restore snapshot"),
            restoreQuestion(*it,
                            target.serverName.isEmpty() ? tr("this server") : target.serverName),
            QMessageBox::Cancel,
            this);
    box->setObjectName(QStringLiteral("snapshotRestoreConfirm"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("Restore this snapshot"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("snapshotRestoreYes"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, yes, id](QAbstractButton *button) {
        Q_UNUSED(box);
        if (button == yes)
            restoreSnapshot(id);
    });
    box->open();
    Q_EMIT confirmationShown(box);
}

void ConfigSnapshotsPanel::restoreSnapshot(const QString &id)
{
    if (m_readOnly || m_busy)
        return;
    m_steps->show();
    m_steps->start(tr("Restoring snapshot %1").arg(id));
    const std::shared_ptr<GuiPoster> poster = m_poster;
    runOnWorker(tr("Restoring snapshot %1…").arg(id),
                [this, id, poster](remote::RemoteHost &host,
                                   const Target &target) -> std::function<void()> {
                    config::TreeSnapshot::Options options;
                    options.nginxConfig = target.nginxConfig;
                    config::TreeSnapshot snapshots(host, options);
                    const config::ApplyResult result
                            = snapshots.restore(id, [this, poster](const config::ApplyStep &step) {
                                  poster->post([this, step] { m_steps->updateStep(step); });
                              });
                    (void)config::ConfigAudit::record(config::ConfigAudit::snapshotRestore(
                            config::ConfigAudit::Where::at(target.serverName, host), id, result));
                    auto entries = config::TreeSnapshot(host).list();
                    return [this, result, entries] {
                        setBusy(false);
                        m_steps->finish(result);
                        if (entries)
                            showEntries(*entries);
                        const bool good = result.outcome == config::ApplyOutcome::Applied
                                          || result.outcome == config::ApplyOutcome::Unchanged;
                        if (!good)
                            setStatus(tr("The restore did not go through: see the steps below."),
                                      true);
                        Q_EMIT auditChanged();
                        Q_EMIT restoreFinished(result);
                    };
                });
}

} // namespace gs::gui
