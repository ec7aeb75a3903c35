// ConfigPage's widgets: built here, driven from configpage.cpp.

#include "config/configpage.h"

#include "config/configapplyview.h"
#include "config/configbackupspanel.h"
#include "config/configdiffview.h"
#include "config/configeditor.h"
#include "config/configfindbar.h"
#include "config/configsession.h"
#include "config/configsnapshotspanel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gs::gui {

void ConfigPage::buildUi()
{
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("configStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto splitter = new QSplitter(Qt::Horizontal);
    auto left = new QWidget;
    auto leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto refresh = new QPushButton(tr("Refresh"));
    refresh->setObjectName(QStringLiteral("configRefresh"));
    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("configFileTree"));
    // One column: the file names need the pane's whole width at 1024x600. A file's mode and
    // owner are in its tooltip and above the editor once it is open.
    m_tree->setHeaderHidden(true);
    m_tree->setColumnCount(1);
    // Paths share their start (/etc/nginx/…): keep the file names in view when the pane is narrow.
    m_tree->setTextElideMode(Qt::ElideLeft);
    leftLayout->addWidget(refresh);
    leftLayout->addWidget(m_tree, 1);
    splitter->addWidget(left);

    m_tabs = new QTabWidget;
    m_stack = new QStackedWidget;
    m_stack->setObjectName(QStringLiteral("configStack"));
    m_stack->addWidget(buildEditPage());
    m_stack->addWidget(buildReviewPage());
    m_stack->addWidget(buildApplyPage());
    m_backups = new ConfigBackupsPanel;
    m_tabs->addTab(m_stack, tr("Edit"));
    m_tabs->addTab(m_backups, tr("Backups"));
    m_tabs->addTab(buildSnapshotsPanel(), tr("Snapshots"));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    // Paths are long: give the file tree room to show them from the start.
    splitter->setSizes({340, 860});
    layout->addWidget(splitter, 1);

    connect(refresh, &QPushButton::clicked, this, &ConfigPage::reload);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString path = item->data(0, Qt::UserRole).toString();
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        const QString path = item->data(0, Qt::UserRole).toString();
        if (!path.isEmpty() && path != m_path)
            openFile(path);
    });
}

// Whole-tree snapshots: the panel does its own server work; it is told which server (the
// session's, so one SSH connection serves both) and refreshes when the page loads another one.
QWidget *ConfigPage::buildSnapshotsPanel()
{
    m_snapshots = new ConfigSnapshotsPanel;
    m_snapshots->setTargetProvider([this] {
        ensureSession();
        return ConfigSnapshotsPanel::Target{
                m_session ? m_session->host() : nullptr, m_server.name, m_server.nginxConfig};
    });
    connect(this, &ConfigPage::filesLoaded, m_snapshots, &ConfigSnapshotsPanel::refresh);
    // "Snapshot first": the apply goes ahead only once the snapshot is safely taken.
    connect(m_snapshots,
            &ConfigSnapshotsPanel::snapshotTaken,
            this,
            [this](const config::SnapshotCreation &creation) {
                if (!m_applyAfterSnapshot)
                    return;
                if (!creation.created) {
                    m_applyAfterSnapshot = false;
                    setStatus(tr("The snapshot failed, so nothing was applied: %1")
                                      .arg(creation.message),
                              true);
                    updateActions();
                    return;
                }
                applyChanges();
            });
    // A restore changed the files: list them again and show the open file as it is now.
    connect(m_snapshots, &ConfigSnapshotsPanel::restoreFinished, this, [this] {
        const QString open = isDirty() ? QString() : m_path;
        reload();
        if (!open.isEmpty())
            m_session->readFile(open);
    });
    return m_snapshots;
}

QWidget *ConfigPage::buildEditPage()
{
    auto page = new QWidget;
    auto layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto bar = new QHBoxLayout;
    m_fileLabel = new QLabel(tr("Pick a file on the left."));
    m_fileLabel->setObjectName(QStringLiteral("configFileLabel"));
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long path must not push the file tree off the page: the label gives way (full text in
    // its tooltip).
    m_fileLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_fileLabel->setMinimumWidth(120);
    m_revertEditsButton = new QPushButton(tr("Discard edits"));
    m_recipeButton = new QPushButton(tr("Recipes…"));
    m_recipeButton->setObjectName(QStringLiteral("configRecipeButton"));
    m_recipeButton->setToolTip(tr("Resilience recipes for this nginx file: retries on the next "
                                  "server, max_fails, a backup server, keepalive, timeouts, a "
                                  "502 page, upstream log fields. Shown as a diff first."));
    m_reviewButton = new QPushButton(tr("Review…"));
    m_reviewButton->setObjectName(QStringLiteral("configReviewButton"));
    m_applyButton = new QPushButton(tr("Apply"));
    m_applyButton->setObjectName(QStringLiteral("configApplyButton"));
    m_applyButton->setToolTip(tr("Backup, validate in place (nginx -t / php-fpm -t), reload, "
                                 "check the site, and roll back automatically on failure."));
    m_confirmCheck = new QCheckBox(tr("Revert unless I confirm within"));
    m_confirmCheck->setObjectName(QStringLiteral("configConfirmCheck"));
    m_confirmSpin = new QSpinBox;
    m_confirmSpin->setRange(10, 600);
    m_confirmSpin->setValue(60);
    m_confirmSpin->setSuffix(tr(" s"));
    // The file and the revert option on one row, the buttons on the next: one row of both was
    // wider than the room a 1024x600 window leaves, and squeezed the file tree to nothing. The
    // file name gives way first (full text in its tooltip).
    auto fileRow = new QHBoxLayout;
    fileRow->addWidget(m_fileLabel, 1);
    fileRow->addWidget(m_confirmCheck);
    fileRow->addWidget(m_confirmSpin);
    layout->addLayout(fileRow);
    bar->addWidget(m_recipeButton);
    bar->addStretch(1);
    bar->addWidget(m_revertEditsButton);
    bar->addWidget(m_reviewButton);
    bar->addWidget(m_applyButton);
    layout->addLayout(bar);

    m_editor = new ConfigEditor;
    m_findBar = new ConfigFindBar(m_editor);
    m_problems = new QListWidget;
    m_problems->setObjectName(QStringLiteral("configProblems"));
    m_problems->setMaximumHeight(90);
    auto split = new QSplitter(Qt::Vertical);
    split->addWidget(m_editor);
    split->addWidget(m_problems);
    split->setStretchFactor(0, 5);
    split->setStretchFactor(1, 1);
    layout->addWidget(m_findBar);
    layout->addWidget(split, 1);

    const auto shortcut = [page](const QKeySequence &keys, const std::function<void()> &action) {
        auto s = new QShortcut(keys, page);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        QObject::connect(s, &QShortcut::activated, page, action);
    };
    shortcut(QKeySequence::Find, [this] { m_findBar->showFind(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_H), [this] { m_findBar->showReplace(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_G), [this] { m_findBar->showGoToLine(); });
    shortcut(QKeySequence::FindNext, [this] { m_findBar->findNext(); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] { m_findBar->hide(); });

    connect(m_reviewButton, &QPushButton::clicked, this, &ConfigPage::review);
    connect(m_recipeButton, &QPushButton::clicked, this, &ConfigPage::chooseRecipe);
    connect(m_applyButton, &QPushButton::clicked, this, &ConfigPage::applyChanges);
    connect(m_revertEditsButton, &QPushButton::clicked, this, [this] {
        m_editor->setPlainText(QString::fromUtf8(m_original));
    });
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ConfigPage::updateActions);
    connect(m_confirmCheck, &QCheckBox::toggled, this, [this](bool on) {
        m_confirmSeconds = on ? m_confirmSpin->value() : 0;
    });
    connect(m_confirmSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_confirmCheck->isChecked())
            m_confirmSeconds = value;
    });
    connect(m_editor,
            &ConfigEditor::problemsChanged,
            this,
            [this](const QList<config::ConfigLint::Problem> &problems) {
                m_problems->clear();
                for (const auto &problem : problems) {
                    const bool error
                            = problem.severity == config::ConfigLint::Problem::Severity::Error;
                    auto item = new QListWidgetItem(
                            QStringLiteral("%1 line %2: %3")
                                    .arg(error ? QStringLiteral("✘") : QStringLiteral("⚠"))
                                    .arg(problem.line)
                                    .arg(problem.message),
                            m_problems);
                    item->setData(Qt::UserRole, problem.line);
                }
            });
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        m_editor->goToLine(item->data(Qt::UserRole).toInt());
    });
    connect(m_problems, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        m_editor->goToLine(item->data(Qt::UserRole).toInt());
    });
    return page;
}

QWidget *ConfigPage::buildReviewPage()
{
    auto page = new QWidget;
    auto layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_diff = new ConfigDiffView;
    m_proposal = new QLabel;
    m_proposal->setObjectName(QStringLiteral("configProposal"));
    m_proposal->setWordWrap(true);
    m_proposal->setTextFormat(Qt::RichText);
    m_proposal->setStyleSheet(QStringLiteral("#configProposal { background: #e8f1fb; border: 1px "
                                             "solid #9cc1e8; border-radius: 4px; padding: 8px; "
                                             "}"));
    m_proposal->hide();
    auto bar = new QHBoxLayout;
    auto back = new QPushButton(tr("Back to editing"));
    m_reviewApplyButton = new QPushButton(tr("Apply"));
    m_reviewApplyButton->setObjectName(QStringLiteral("configReviewApplyButton"));
    m_snapshotFirstCheck = new QCheckBox(tr("Take a snapshot of the whole configuration first"));
    m_snapshotFirstCheck->setObjectName(QStringLiteral("configSnapshotFirst"));
    m_snapshotFirstCheck->setToolTip(tr("For a risky change: every nginx and PHP-FPM file is "
                                        "kept in a snapshot (Snapshots tab) before the apply "
                                        "starts. Applies to both Apply buttons."));
    bar->addWidget(back);
    bar->addStretch(1);
    bar->addWidget(m_snapshotFirstCheck);
    bar->addWidget(m_reviewApplyButton);
    layout->addWidget(m_proposal);
    layout->addWidget(m_diff, 1);
    layout->addLayout(bar);
    connect(back, &QPushButton::clicked, this, [this] { m_stack->setCurrentIndex(0); });
    connect(m_reviewApplyButton, &QPushButton::clicked, this, &ConfigPage::applyChanges);
    return page;
}

QWidget *ConfigPage::buildApplyPage()
{
    auto page = new QWidget;
    auto layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_confirmBanner = new QWidget;
    m_confirmBanner->setObjectName(QStringLiteral("configConfirmBanner"));
    m_confirmBanner->setStyleSheet(QStringLiteral(
            "#configConfirmBanner { background: #fff3d6; border: 1px solid #e8c872; }"));
    auto bannerLayout = new QHBoxLayout(m_confirmBanner);
    m_confirmLabel = new QLabel;
    auto keep = new QPushButton(tr("Keep the change"));
    keep->setObjectName(QStringLiteral("configKeepButton"));
    auto revertNow = new QPushButton(tr("Revert now"));
    bannerLayout->addWidget(m_confirmLabel, 1);
    bannerLayout->addWidget(keep);
    bannerLayout->addWidget(revertNow);
    m_confirmBanner->hide();
    m_applyView = new ConfigApplyView;
    auto back = new QPushButton(tr("Back to the editor"));
    back->setObjectName(QStringLiteral("configApplyBack"));
    auto bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addWidget(back);
    layout->addWidget(m_confirmBanner);
    layout->addWidget(m_applyView, 1);
    layout->addLayout(bar);
    connect(back, &QPushButton::clicked, this, [this] { m_stack->setCurrentIndex(0); });
    connect(keep, &QPushButton::clicked, this, [this] {
        stopConfirm();
        setStatus(tr("The change to %1 is kept.").arg(m_path));
    });
    connect(revertNow, &QPushButton::clicked, this, [this] {
        m_confirmRemaining = 0;
        tickConfirm();
    });
    return page;
}

} // namespace gs::gui
