#include "diagnose/diagnosepage.h"

#include "checks/diagnosisengine.h"
#include "common/appicons.h"
#include "common/emptystatewidget.h"
#include "common/plural.h"
#include "diagnose/coveragepanel.h"
#include "diagnose/findingcard.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

using checks::CheckStatus;
using Severity = findings::Finding::Severity;

QString checkIconName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass: return QStringLiteral("severity-ok");
    case CheckStatus::Warn: return QStringLiteral("severity-warning");
    case CheckStatus::Fail: return QStringLiteral("severity-critical");
    case CheckStatus::Skip: return QStringLiteral("check-skip");
    case CheckStatus::Error: return QStringLiteral("state-failed");
    }
    return QStringLiteral("check-pending");
}

QString checkStatusText(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass: return DiagnosePage::tr("passed");
    case CheckStatus::Warn: return DiagnosePage::tr("warning");
    case CheckStatus::Fail: return DiagnosePage::tr("failed");
    case CheckStatus::Skip: return DiagnosePage::tr("skipped");
    case CheckStatus::Error: return DiagnosePage::tr("error");
    }
    return {};
}

QLabel *sectionTitle(const QString &text)
{
    auto label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    label->setFont(font);
    return label;
}

QString findingCountText(const QList<findings::Finding> &list)
{
    int critical = 0;
    int warning = 0;
    int info = 0;
    int past = 0;
    for (const findings::Finding &finding : list) {
        // What stopped before a fix is told apart: it is no warning about now.
        if (finding.state == findings::Finding::State::Past) {
            ++past;
            continue;
        }
        switch (finding.severity) {
        case Severity::Critical: ++critical; break;
        case Severity::Warning: ++warning; break;
        case Severity::Info: ++info; break;
        }
    }
    QStringList parts;
    if (critical)
        parts << DiagnosePage::tr("%1 critical").arg(critical);
    if (warning)
        parts << plural(warning, DiagnosePage::tr("%1 warning"), DiagnosePage::tr("%1 warnings"));
    if (info)
        parts << DiagnosePage::tr("%1 for information").arg(info);
    if (past)
        parts << DiagnosePage::tr("%1 fixed since (past)").arg(past);
    return parts.join(QLatin1String(", "));
}

} // namespace

DiagnosePage::DiagnosePage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("diagnosepage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);

    // The action bar: where the diagnosis stands, the report actions, Cancel and Diagnose.
    auto bar = new QHBoxLayout;
    bar->setContentsMargins(4, 0, 4, 0);
    bar->setSpacing(8);
    m_statusIcon = new QLabel;
    bar->addWidget(m_statusIcon);
    m_statusText = new QLabel;
    m_statusText->setObjectName(QStringLiteral("diagnoseStatusText"));
    m_statusText->setWordWrap(true);
    m_statusText->setMinimumWidth(1);
    bar->addWidget(m_statusText, 1);
    m_busy = new QProgressBar;
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setFixedWidth(90);
    m_busy->setMaximumHeight(12);
    m_busy->hide();
    bar->addWidget(m_busy);
    m_copy = new QPushButton(appIcon(QStringLiteral("copy")), tr("Copy as text"));
    m_copy->setObjectName(QStringLiteral("copyReportButton"));
    m_copy->setToolTip(tr("Copy the full report as plain text, e.g. for a ticket; for a redacted "
                          "one use Export…"));
    bar->addWidget(m_copy);
    m_export = new QPushButton(appIcon(QStringLiteral("export")), tr("Export…"));
    m_export->setObjectName(QStringLiteral("exportReportButton"));
    m_export->setToolTip(tr("Save the report as HTML, PDF, Markdown or text, redacted if you "
                            "choose"));
    bar->addWidget(m_export);
    m_reproduce = new QPushButton(appIcon(QStringLiteral("probe")), tr("Reproduce…"));
    m_reproduce->setObjectName(QStringLiteral("reproduceButton"));
    m_reproduce->setToolTip(tr("Send a bounded burst of requests to the failing site and see "
                               "the status mix and latencies"));
    bar->addWidget(m_reproduce);
    m_cancel = new QPushButton(appIcon(QStringLiteral("cancel")), tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("cancelDiagnoseButton"));
    bar->addWidget(m_cancel);
    m_diagnose = new QPushButton(appIcon(QStringLiteral("diagnose")), tr("Diagnose"));
    m_diagnose->setObjectName(QStringLiteral("runDiagnoseButton"));
    m_diagnose->setToolTip(tr("Run the whole checklist on this server again"));
    bar->addWidget(m_diagnose);
    layout->addLayout(bar);

    m_stack = new QStackedWidget;
    m_emptyState
            = new EmptyStateWidget(QStringLiteral("diagnose"),
                                   tr("No diagnosis yet"),
                                   tr("Diagnose runs the whole checklist on this server over SSH: "
                                      "nginx, PHP-FPM, upstreams, sockets, logs. It changes "
                                      "nothing and tells you why visitors get 502 or 504 errors."));
    QPushButton *run
            = m_emptyState->addButton(tr("Diagnose this server"), QStringLiteral("diagnose"));
    run->setObjectName(QStringLiteral("diagnoseButton"));
    m_stack->addWidget(m_emptyState);
    m_results = createResults();
    m_stack->addWidget(m_results);
    m_errorPanel = createErrorPanel();
    m_stack->addWidget(m_errorPanel);
    layout->addWidget(m_stack, 1);

    connect(run, &QPushButton::clicked, this, [this] { Q_EMIT diagnoseRequested(m_serverName); });
    connect(m_diagnose, &QPushButton::clicked, this, [this] {
        Q_EMIT diagnoseRequested(m_serverName);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        Q_EMIT cancelRequested(m_serverName);
    });
    connect(m_reproduce, &QPushButton::clicked, this, [this] {
        Q_EMIT reproduceRequested(m_serverName);
    });
    connect(m_copy, &QPushButton::clicked, this, [this] { Q_EMIT copyRequested(m_serverName); });
    connect(m_export, &QPushButton::clicked, this, [this] {
        Q_EMIT exportRequested(m_serverName);
    });
    setState({});
}

QWidget *DiagnosePage::createResults()
{
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->setObjectName(QStringLiteral("diagnoseSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_checklist = new QTreeWidget;
    m_checklist->setObjectName(QStringLiteral("checklist"));
    m_checklist->setColumnCount(2);
    m_checklist->setHeaderLabels({tr("Check"), tr("Result")});
    m_checklist->setRootIsDecorated(false);
    m_checklist->setUniformRowHeights(true);
    m_checklist->setSelectionMode(QAbstractItemView::NoSelection);
    m_checklist->setFocusPolicy(Qt::NoFocus);
    m_checklist->header()->setStretchLastSection(true);
    m_checklist->setColumnWidth(0, 230);
    m_checklist->setMinimumHeight(90);
    m_splitter->addWidget(m_checklist);

    m_findingsScroll = new QScrollArea;
    m_findingsScroll->setObjectName(QStringLiteral("findingsArea"));
    m_findingsScroll->setWidgetResizable(true);
    m_findingsScroll->setFrameShape(QFrame::NoFrame);
    m_findingsContent = new QWidget;
    m_findingsLayout = new QVBoxLayout(m_findingsContent);
    m_findingsLayout->setContentsMargins(4, 8, 12, 12);
    m_findingsLayout->setSpacing(12);
    m_findingsScroll->setWidget(m_findingsContent);
    m_splitter->addWidget(m_findingsScroll);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({170, 500});
    return m_splitter;
}

QWidget *DiagnosePage::createErrorPanel()
{
    auto panel = new QWidget;
    panel->setObjectName(QStringLiteral("diagnoseErrorPanel"));
    auto layout = new QVBoxLayout(panel);
    layout->setContentsMargins(32, 32, 32, 32);
    layout->setSpacing(10);
    auto row = new QHBoxLayout;
    auto icon = new QLabel;
    icon->setPixmap(appIcon(QStringLiteral("state-failed")).pixmap(32, 32));
    row->addWidget(icon, 0, Qt::AlignTop);
    auto texts = new QVBoxLayout;
    m_errorTitle = sectionTitle(QString());
    m_errorTitle->setWordWrap(true);
    texts->addWidget(m_errorTitle);
    m_errorText = new QLabel;
    m_errorText->setObjectName(QStringLiteral("diagnoseErrorText"));
    m_errorText->setWordWrap(true);
    m_errorText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    texts->addWidget(m_errorText);
    row->addLayout(texts, 1);
    layout->addLayout(row);
    layout->addStretch();
    return panel;
}

void DiagnosePage::setServer(const inventory::Server &server)
{
    m_serverName = server.name;
    m_readOnly = server.readOnly;
    updateFixButtons();
}

void DiagnosePage::setOffline(bool offline)
{
    m_offline = offline;
}

void DiagnosePage::setActionRunning(bool running)
{
    m_actionRunning = running;
    updateFixButtons();
}

void DiagnosePage::updateFixButtons()
{
    const bool diagnosing = m_diagnose && !m_diagnose->isEnabled();
    for (FindingCard *card : findingCards()) {
        if (m_offline && card->fixButton()) {
            // Nothing reaches a server from a bundle: not a service action, not a guided edit.
            card->fixButton()->setEnabled(false);
            card->fixButton()->setToolTip(tr("This is a support bundle: apply the fix on the "
                                             "server, or add the server to Gatescope and "
                                             "diagnose it live."));
        } else if (m_readOnly)
            card->setFixEnabled(false,
                                tr("This server is read-only (support mode): Gatescope does not "
                                   "change anything on it."));
        else if (diagnosing)
            card->setFixEnabled(false, tr("Wait until the checks are done."));
        else if (m_actionRunning)
            card->setFixEnabled(false, tr("Another action is running on this server."));
        else
            card->setFixEnabled(true);
    }
}

QList<FindingCard *> DiagnosePage::findingCards() const
{
    return m_findingsContent->findChildren<FindingCard *>();
}

void DiagnosePage::setState(const DiagnosisState &state)
{
    updateHeader(state);
    switch (state.phase) {
    case DiagnosisState::Phase::Never: m_stack->setCurrentWidget(m_emptyState); break;
    case DiagnosisState::Phase::Failed:
        m_errorTitle->setText(tr("%1 could not be diagnosed").arg(m_serverName));
        m_errorText->setText(state.error ? state.error->text() : QString());
        m_stack->setCurrentWidget(m_errorPanel);
        break;
    case DiagnosisState::Phase::Running:
    case DiagnosisState::Phase::Done:
    case DiagnosisState::Phase::Cancelled:
        m_stack->setCurrentWidget(m_results);
        fillChecklist(state);
        fillFindings(state);
        break;
    }
}

void DiagnosePage::updateHeader(const DiagnosisState &state)
{
    const bool running = state.isRunning();
    const bool hasReport = state.phase == DiagnosisState::Phase::Done && state.report;
    m_busy->setVisible(running);
    m_cancel->setVisible(running);
    m_diagnose->setVisible(state.phase != DiagnosisState::Phase::Never);
    m_diagnose->setEnabled(!running);
    m_copy->setVisible(hasReport);
    m_export->setVisible(hasReport);
    m_reproduce->setVisible(!m_offline
                            && (state.phase == DiagnosisState::Phase::Done
                                || state.phase == DiagnosisState::Phase::Cancelled));

    QString icon;
    QString text;
    const QString when = state.finished.isValid() ? QLocale().toString(state.finished.toLocalTime(),
                                                                       QLocale::ShortFormat)
                                                  : QString();
    switch (state.phase) {
    case DiagnosisState::Phase::Never: break;
    case DiagnosisState::Phase::Running:
        icon = QStringLiteral("state-connecting");
        text = state.step.isEmpty() ? tr("Connecting…") : state.step + QStringLiteral("…");
        if (state.recheck)
            text = tr("Checking again after the action: %1").arg(text);
        break;
    case DiagnosisState::Phase::Failed:
        icon = QStringLiteral("state-failed");
        text = m_offline ? tr("Could not read the bundle (%1).").arg(when)
                         : tr("Could not connect (%1).").arg(when);
        break;
    case DiagnosisState::Phase::Cancelled:
        icon = QStringLiteral("check-skip");
        text = tr("Cancelled; what was found so far is shown.");
        break;
    case DiagnosisState::Phase::Done: {
        std::optional<Severity> worst;
        if (state.report)
            worst = state.report->worstSeverity();
        icon = worst ? FindingCard::severityIconName(*worst) : QStringLiteral("severity-ok");
        const QString counts = state.report ? findingCountText(state.report->findings) : QString();
        const bool incomplete = state.report && !state.report->coverage.complete;
        const bool nothingNow = !worst.has_value() || worst == Severity::Info;
        if (nothingNow)
            text = incomplete ? tr("Not fully checked") : tr("No problems found");
        if (!counts.isEmpty())
            text = nothingNow ? text + QStringLiteral(" (") + counts + QLatin1Char(')') : counts;
        if (incomplete && nothingNow)
            icon = QStringLiteral("severity-incomplete");
        text += tr(" — diagnosed %1 in %2 s")
                        .arg(when)
                        .arg(state.report ? double(state.report->durationMs) / 1000.0 : 0.0,
                             0,
                             'f',
                             1);
        break;
    }
    }
    m_statusIcon->setVisible(!icon.isEmpty());
    if (!icon.isEmpty())
        m_statusIcon->setPixmap(appIcon(icon).pixmap(20, 20));
    m_statusText->setText(text);
}

void DiagnosePage::fillChecklist(const DiagnosisState &state)
{
    m_checklist->clear();
    QList<checks::CheckResult> rows = state.checks;
    if (state.report && !state.isRunning() && state.report->checks.size() >= rows.size())
        rows = state.report->checks;
    // Before results come in, the whole checklist shows as waiting so one sees what will run.
    QStringList seen;
    for (const checks::CheckResult &check : rows)
        seen << check.id;
    QList<std::pair<QString, QString>> waiting;
    if (state.isRunning()) {
        for (const auto &check : checks::DiagnosisEngine::checklist()) {
            if (!seen.contains(check->id()))
                waiting.append({check->id(), check->title()});
        }
    }
    for (const checks::CheckResult &check : rows) {
        auto item = new QTreeWidgetItem(m_checklist, {check.title, check.summary});
        item->setIcon(0, appIcon(checkIconName(check.status)));
        item->setData(0, Qt::UserRole, check.id);
        item->setToolTip(0, QStringLiteral("%1 (%2)").arg(check.id, checkStatusText(check.status)));
        item->setToolTip(1, check.summary);
    }
    for (const auto &[id, title] : waiting) {
        auto item = new QTreeWidgetItem(m_checklist, {title, tr("waiting…")});
        item->setIcon(0, appIcon(QStringLiteral("check-pending")));
        item->setData(0, Qt::UserRole, id);
        item->setForeground(1, palette().brush(QPalette::PlaceholderText));
    }
    fitChecklist(!state.isRunning() && state.report && !state.report->findings.isEmpty());
}

void DiagnosePage::fitChecklist(bool findingsFirst)
{
    // Every check visible without scrolling (the list is short), the rest for the findings.
    // Once there are findings they are the answer: the checklist gets a third at most (it
    // scrolls), not half, which left a 1024x600 window a sliver of the first card.
    const int rows = m_checklist->topLevelItemCount();
    if (rows == 0)
        return;
    const int rowHeight = m_checklist->sizeHintForRow(0);
    const int wanted = m_checklist->header()->sizeHint().height() + rows * rowHeight
                       + 2 * m_checklist->frameWidth() + 4;
    const QList<int> sizes = m_splitter->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (total <= 0)
        return;
    const int top = std::min(wanted, findingsFirst ? std::max(90, total / 3) : total / 2);
    if (sizes.value(0) != top)
        m_splitter->setSizes({top, total - top});
}

void DiagnosePage::fillFindings(const DiagnosisState &state)
{
    // The same findings keep their cards (and any evidence the user opened).
    QJsonArray shownFindings;
    if (state.report) {
        for (const findings::Finding &finding : state.report->findings)
            shownFindings.append(finding.toJson());
    }
    for (const DiagnosisState::Resolved &resolved : state.resolved)
        shownFindings.append(resolved.outcome);
    const QString key
            = QStringLiteral("%1|%2|%3|")
                      .arg(m_serverName)
                      .arg(int(state.phase))
                      .arg(state.report ? 1 : 0)
              + QString::fromUtf8(QJsonDocument(shownFindings).toJson(QJsonDocument::Compact));
    // Cards are rebuilt below; the fix buttons follow the page's state afterwards.
    auto fixButtonsAfter = qScopeGuard([this] { updateFixButtons(); });
    if (key == m_renderedKey)
        return;
    m_renderedKey = key;
    while (QLayoutItem *item = m_findingsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const DiagnosisState::Resolved &resolved : state.resolved) {
        auto card = new FindingCard(resolved.finding);
        card->setResolved(resolved.outcome);
        m_findingsLayout->addWidget(card);
    }
    if (state.isRunning() && !state.report) {
        auto waiting = new QLabel(tr("Findings appear here when the checks are done."));
        waiting->setForegroundRole(QPalette::PlaceholderText);
        m_findingsLayout->addWidget(waiting);
        m_findingsLayout->addStretch();
        return;
    }
    if (!state.report) {
        m_findingsLayout->addStretch();
        return;
    }
    const QList<findings::Finding> &list = state.report->findings;
    const auto worst = state.report->worstSeverity();
    const auto &coverage = state.report->coverage;
    const bool clean = !worst || *worst == Severity::Info;
    if (clean && !coverage.complete)
        m_findingsLayout->addWidget(new CoveragePanel(coverage, true));
    if (clean && coverage.complete) {
        auto healthy = new QFrame;
        healthy->setObjectName(QStringLiteral("healthyPanel"));
        healthy->setStyleSheet(QStringLiteral("#healthyPanel { background: #eaf6ee; border: 1px "
                                              "solid #9fd3b2; border-radius: 6px; }"));
        auto row = new QHBoxLayout(healthy);
        row->setContentsMargins(16, 14, 16, 14);
        row->setSpacing(12);
        auto icon = new QLabel;
        icon->setPixmap(appIcon(QStringLiteral("severity-ok")).pixmap(36, 36));
        row->addWidget(icon, 0, Qt::AlignTop);
        auto texts = new QVBoxLayout;
        auto title = sectionTitle(tr("No problems found"));
        title->setObjectName(QStringLiteral("healthyTitle"));
        texts->addWidget(title);
        auto text = new QLabel(
                tr("Nothing on this server explains a 502 or 504 right now: nginx and its "
                   "upstreams answer, and the logs of the last hour show no gateway errors. If "
                   "visitors still see errors, diagnose again while it happens."));
        text->setWordWrap(true);
        texts->addWidget(text);
        row->addLayout(texts, 1);
        m_findingsLayout->addWidget(healthy);
    }
    if (!list.isEmpty()) {
        const bool anyPast = std::any_of(list.begin(), list.end(), [](const auto &f) {
            return f.state == findings::Finding::State::Past;
        });
        m_findingsLayout->addWidget(
                sectionTitle(worst && *worst != Severity::Info
                                     ? tr("Findings, most likely cause first")
                                     : (anyPast ? tr("Fixed since, as the logs still show it")
                                                : tr("For your information"))));
    }
    for (const findings::Finding &finding : list) {
        auto card = new FindingCard(finding);
        // The proof of the most likely cause is shown at once; the rest on demand.
        if (finding.severity != Severity::Info && &finding == &list.first())
            card->setEvidenceVisible(true);
        connect(card, &FindingCard::openConfigRequested, this, &DiagnosePage::openConfigRequested);
        connect(card, &FindingCard::fixRequested, this, [this](const findings::Finding &f) {
            Q_EMIT fixRequested(m_serverName, f);
        });
        connect(card, &FindingCard::reviewFixRequested, this, &DiagnosePage::reviewFixRequested);
        m_findingsLayout->addWidget(card);
        // Shown now, not on the next event loop turn: whoever reacts to the finished
        // diagnosis (a test, the re-check after a fix) finds the cards on screen.
        card->setVisible(true);
    }
    // Below the findings: what could not be seen might hold the cause too.
    if (!coverage.missing.isEmpty() && !(clean && !coverage.complete))
        m_findingsLayout->addWidget(new CoveragePanel(coverage, false));
    m_findingsLayout->addStretch();
    // Lay the new cards out now rather than on a later event loop turn, so that their buttons are
    // where they are drawn as soon as the diagnosis is reported finished.
    const QSize viewport = m_findingsScroll->viewport()->size();
    if (viewport.width() > 0) {
        const int height = m_findingsLayout->hasHeightForWidth()
                                   ? m_findingsLayout->totalHeightForWidth(viewport.width())
                                   : m_findingsContent->sizeHint().height();
        m_findingsContent->resize(viewport.width(), std::max(viewport.height(), height));
    }
}

} // namespace gs::gui
