#include "config/configapplyview.h"

#include "common/theme.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

QString stepTitle(const QString &name)
{
    static const QHash<QString, QString> titles{
            {QStringLiteral("prepare"), QObject::tr("Prepare")},
            {QStringLiteral("lock"), QObject::tr("Lock the server")},
            {QStringLiteral("preflight"), QObject::tr("Preflight and conflict check")},
            {QStringLiteral("backup"), QObject::tr("Backup")},
            {QStringLiteral("candidate"), QObject::tr("Upload the candidate")},
            {QStringLiteral("validate"), QObject::tr("Validate in place")},
            {QStringLiteral("restore"), QObject::tr("Put the original back")},
            {QStringLiteral("reload"), QObject::tr("Reload")},
            {QStringLiteral("health"), QObject::tr("Health check")},
            {QStringLiteral("rollback"), QObject::tr("Roll back")},
            {QStringLiteral("rollback.restore"), QObject::tr("Roll back: restore")},
            {QStringLiteral("rollback.validate"), QObject::tr("Roll back: validate")},
            {QStringLiteral("rollback.reload"), QObject::tr("Roll back: reload")},
            {QStringLiteral("rollback.health"), QObject::tr("Roll back: health check")},
            {QStringLiteral("local-backup"), QObject::tr("Local copy of the backup")},
            {QStringLiteral("reconnect"), QObject::tr("Reconnect after a dropped connection")},
            // Whole-tree snapshots (ConfigSnapshotsPanel).
            {QStringLiteral("snapshot"), QObject::tr("Take the snapshot")},
            {QStringLiteral("pre-snapshot"), QObject::tr("Snapshot of what is there now")},
            {QStringLiteral("swap"), QObject::tr("Put the snapshot's files in place")},
            {QStringLiteral("upload"), QObject::tr("Send the copy kept here to the server")},
            {QStringLiteral("local-copy"), QObject::tr("Copy kept on this computer")},
            {QStringLiteral("interrupted"), QObject::tr("An earlier restore did not finish")}};
    return titles.value(name, name);
}

QString statusText(config::ApplyStep::Status status)
{
    using Status = config::ApplyStep::Status;
    switch (status) {
    case Status::Ok: return QStringLiteral("✔ ") + QObject::tr("done");
    case Status::Failed: return QStringLiteral("✘ ") + QObject::tr("failed");
    case Status::Running: return QStringLiteral("… ") + QObject::tr("running");
    case Status::Waiting: return QStringLiteral("⏳ ") + QObject::tr("waiting");
    case Status::Skipped: return QStringLiteral("– ") + QObject::tr("skipped");
    case Status::Warning: return QStringLiteral("⚠ ") + QObject::tr("warning");
    }
    return {};
}

QColor statusColor(config::ApplyStep::Status status)
{
    switch (status) {
    case config::ApplyStep::Status::Ok: return QColor(0x1e, 0x7b, 0x34);
    case config::ApplyStep::Status::Failed: return QColor(0xc0, 0x20, 0x20);
    default: return QColor(0x80, 0x60, 0x00);
    }
}

enum class Verdict { Good, StillFailing, Failed };

QString outcomeColour(Verdict verdict)
{
    const bool dark = Theme::isDark();
    switch (verdict) {
    case Verdict::Good: return dark ? QStringLiteral("#6fcf8a") : QStringLiteral("#1e7b34");
    case Verdict::StillFailing: return dark ? QStringLiteral("#f0b849") : QStringLiteral("#8a5a00");
    case Verdict::Failed: break;
    }
    return dark ? QStringLiteral("#ff7b72") : QStringLiteral("#c02020");
}

} // namespace

ConfigApplyView::ConfigApplyView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("configApplyView"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_title = new QLabel;
    QFont font = m_title->font();
    font.setBold(true);
    m_title->setFont(font);
    m_outcome = new QLabel;
    m_outcome->setObjectName(QStringLiteral("applyOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_steps = new QTreeWidget;
    m_steps->setObjectName(QStringLiteral("applySteps"));
    m_steps->setColumnCount(3);
    m_steps->setHeaderLabels({tr("Step"), tr("Status"), tr("Detail")});
    m_steps->setRootIsDecorated(false);
    m_steps->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_output = new QPlainTextEdit;
    m_output->setObjectName(QStringLiteral("applyOutput"));
    m_output->setReadOnly(true);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The selected step's output (the validator's messages, the "
                                    "health report) appears here."));
    auto splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_steps);
    splitter->addWidget(m_output);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 1);
    // The one thing left to do after a pool change, offered where the user reads that it is
    // needed; it goes through the usual confirmation with the exact commands.
    m_restart = new QPushButton(tr("Restart PHP-FPM…"));
    m_restart->setObjectName(QStringLiteral("applyRestartButton"));
    m_restart->hide();
    connect(m_restart, &QPushButton::clicked, this, [this] {
        Q_EMIT restartRequested(m_restartService);
    });
    auto outcomeRow = new QHBoxLayout;
    outcomeRow->addWidget(m_outcome, 1);
    outcomeRow->addWidget(m_restart, 0, Qt::AlignTop);
    layout->addWidget(m_title);
    layout->addLayout(outcomeRow);
    layout->addWidget(splitter, 1);
    connect(m_steps, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *current) {
        showOutput(current);
    });
}

void ConfigApplyView::start(const QString &title)
{
    m_title->setText(title);
    m_outcome->setText(tr("Working…"));
    m_outcome->setStyleSheet(QString());
    m_restartService.clear();
    m_restart->hide();
    m_steps->clear();
    m_output->clear();
    m_outputs.clear();
}

void ConfigApplyView::updateStep(const config::ApplyStep &step)
{
    QTreeWidgetItem *row = nullptr;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        if (m_steps->topLevelItem(i)->data(0, Qt::UserRole).toString() == step.name)
            row = m_steps->topLevelItem(i);
    }
    if (!row) {
        row = new QTreeWidgetItem(m_steps);
        row->setData(0, Qt::UserRole, step.name);
        row->setText(0, stepTitle(step.name));
    }
    row->setText(1, statusText(step.status));
    row->setForeground(1, statusColor(step.status));
    row->setData(1, Qt::UserRole, int(step.status));
    row->setText(2, step.detail);
    row->setToolTip(2, step.detail);
    if (!step.output.isEmpty()) {
        m_outputs.insert(step.name, step.output);
        // Follow the newest output (validator, health report) as it comes.
        m_steps->setCurrentItem(row);
        showOutput(row);
    }
}

void ConfigApplyView::finish(const config::ApplyResult &result)
{
    for (const config::ApplyStep &step : result.steps)
        updateStep(step);
    // Applied is not "answers": a change that made nothing worse while the site still fails
    // is shown as a warning, with the health report that says so.
    const bool stillFailing = !result.stillFailing.isEmpty();
    const bool good = (result.outcome == config::ApplyOutcome::Applied
                       || result.outcome == config::ApplyOutcome::Unchanged)
                      && !stillFailing;
    const QString colour = outcomeColour(good           ? Verdict::Good
                                         : stillFailing ? Verdict::StillFailing
                                                        : Verdict::Failed);
    m_outcome->setText(result.message);
    m_outcome->setProperty("stillFailing", stillFailing);
    m_restartService = result.restartService;
    m_restart->setVisible(!m_restartService.isEmpty());
    m_restart->setToolTip(result.restartNeeded);
    m_outcome->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colour));
    // Show what explains a failure: the validator's output or the health report (which, for
    // a site that still fails, passed as "not worse").
    for (const QString &name : {QStringLiteral("validate"), QStringLiteral("health")}) {
        if (good)
            break;
        for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
            QTreeWidgetItem *row = m_steps->topLevelItem(i);
            const bool explains
                    = row->data(1, Qt::UserRole).toInt() == int(config::ApplyStep::Status::Failed)
                      || (stillFailing && name == QLatin1String("health"));
            if (row->data(0, Qt::UserRole).toString() == name && explains) {
                m_steps->setCurrentItem(row);
                return;
            }
        }
    }
}

void ConfigApplyView::showRestartOutcome(const QString &outcome, bool sitesAnswer)
{
    m_restart->hide();
    m_restartService.clear();
    m_outcome->setText(m_outcome->text() + QStringLiteral("\n\n")
                       + tr("After the restart: %1").arg(outcome));
    m_outcome->setProperty("stillFailing", !sitesAnswer);
    m_outcome->setStyleSheet(
            QStringLiteral("QLabel { color: %1; }")
                    .arg(outcomeColour(sitesAnswer ? Verdict::Good : Verdict::StillFailing)));
}

QString ConfigApplyView::stepStatus(const QString &name) const
{
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        if (m_steps->topLevelItem(i)->data(0, Qt::UserRole).toString() == name)
            return config::ApplyStep::statusName(config::ApplyStep::Status(
                    m_steps->topLevelItem(i)->data(1, Qt::UserRole).toInt()));
    }
    return {};
}

QStringList ConfigApplyView::stepNames() const
{
    QStringList names;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i)
        names << m_steps->topLevelItem(i)->data(0, Qt::UserRole).toString();
    return names;
}

QString ConfigApplyView::outcomeText() const
{
    return m_outcome->text();
}

void ConfigApplyView::showOutput(QTreeWidgetItem *item)
{
    m_output->setPlainText(item ? m_outputs.value(item->data(0, Qt::UserRole).toString())
                                : QString());
}

} // namespace gs::gui
