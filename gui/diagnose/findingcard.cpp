#include "diagnose/findingcard.h"

#include "common/appicons.h"
#include "common/plural.h"
#include "common/theme.h"
#include "diagnose/findingfix.h"

#include "report/codespans.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <functional>

namespace gs::gui {

namespace {

using Severity = findings::Finding::Severity;

QLabel *wrapped(const QString &text, const QString &objectName = {})
{
    auto label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (!objectName.isEmpty())
        label->setObjectName(objectName);
    return label;
}

QLabel *caption(const QString &text)
{
    auto label = new QLabel(text);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setAlignment(Qt::AlignRight | Qt::AlignTop);
    return label;
}

QString localTime(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

QColor FindingCard::severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return QColor(0xd6, 0x45, 0x41);
    case Severity::Warning: return QColor(0xe0, 0xa5, 0x26);
    case Severity::Info: return QColor(0x3d, 0x7b, 0xd9);
    }
    return QColor(0x8a, 0x94, 0xa3);
}

QString FindingCard::severityIconName(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return QStringLiteral("severity-critical");
    case Severity::Warning: return QStringLiteral("severity-warning");
    case Severity::Info: return QStringLiteral("severity-info");
    }
    return QStringLiteral("severity-info");
}

QString FindingCard::severityLabel(Severity severity)
{
    switch (severity) {
    case Severity::Critical: return tr("Critical");
    case Severity::Warning: return tr("Warning");
    case Severity::Info: return tr("Info");
    }
    return {};
}

FindingCard::FindingCard(const findings::Finding &finding, QWidget *parent)
    : QFrame(parent)
    , m_finding(finding)
{
    setObjectName(QStringLiteral("findingCard"));
    setProperty("findingId", finding.id);
    const QColor color = severityColor(finding.severity);
    // A coloured bar on the left says the severity at a glance, also in greyscale print-outs
    // together with the icon and the word.
    setStyleSheet(QStringLiteral("#findingCard { background: palette(base); border: 1px solid "
                                 "palette(mid); border-left: 5px solid %1; border-radius: 6px; }")
                          .arg(color.name()));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 12);
    layout->setSpacing(8);

    auto header = new QHBoxLayout;
    header->setSpacing(8);
    auto icon = new QLabel;
    icon->setObjectName(QStringLiteral("findingIcon"));
    icon->setPixmap(appIcon(severityIconName(finding.severity)).pixmap(22, 22));
    header->addWidget(icon, 0, Qt::AlignTop);
    auto title = wrapped(finding.title, QStringLiteral("findingTitle"));
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title->setFont(titleFont);
    header->addWidget(title, 1);
    m_badge = new QLabel(severityLabel(finding.severity));
    m_badge->setObjectName(QStringLiteral("severityBadge"));
    m_badge->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; border-radius: "
                                          "8px; padding: 1px 8px; font-weight: bold; }")
                                   .arg(color.name()));
    header->addWidget(m_badge, 0, Qt::AlignTop);
    if (finding.state != findings::Finding::State::Current) {
        // Said in words next to the severity: "Past" is no cause of what happens now.
        auto state = new QLabel(finding.state == findings::Finding::State::Past ? tr("Past")
                                                                                : tr("On and off"));
        state->setObjectName(QStringLiteral("stateBadge"));
        state->setToolTip(finding.state == findings::Finding::State::Past
                                  ? tr("No longer happening: %1").arg(finding.resolvedBy)
                                  : tr("Happens for some requests: the live probes answer, but "
                                       "the errors recur"));
        state->setStyleSheet(QStringLiteral("QLabel { border: 1px solid palette(mid); "
                                            "border-radius: 8px; padding: 1px 8px; }"));
        header->addWidget(state, 0, Qt::AlignTop);
    }
    layout->addLayout(header);

    auto explanation = wrapped(finding.explanation, QStringLiteral("findingExplanation"));
    layout->addWidget(explanation);
    if (finding.state == findings::Finding::State::Past && !finding.resolvedBy.isEmpty())
        layout->addWidget(wrapped(tr("Since then: %1.").arg(finding.resolvedBy),
                                  QStringLiteral("findingResolvedBy")));

    // Where and when: a small grid of captions and values.
    auto facts = new QGridLayout;
    facts->setHorizontalSpacing(10);
    facts->setVerticalSpacing(4);
    facts->setColumnStretch(1, 1);
    int row = 0;
    if (!finding.upstream.isEmpty()) {
        facts->addWidget(caption(tr("Upstream")), row, 0);
        auto upstream = wrapped(finding.upstream, QStringLiteral("findingUpstream"));
        upstream->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        facts->addWidget(upstream, row++, 1);
    }
    if (!finding.configFile.isEmpty()) {
        // The button makes this row taller: centre its caption like its text.
        auto configCaption = caption(tr("Config"));
        configCaption->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        facts->addWidget(configCaption, row, 0);
        auto where = new QHBoxLayout;
        const QString location
                = finding.configLine > 0
                          ? QStringLiteral("%1:%2").arg(finding.configFile).arg(finding.configLine)
                          : finding.configFile;
        auto file = wrapped(location, QStringLiteral("findingConfig"));
        file->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        where->addWidget(file, 1);
        facts->addLayout(where, row++, 1);
    }
    if (finding.count > 0) {
        facts->addWidget(caption(tr("Seen")), row, 0);
        QString seen = plural(finding.count, tr("once"), tr("%1 times"));
        if (finding.firstSeen.isValid() && finding.lastSeen.isValid()) {
            seen += finding.firstSeen == finding.lastSeen
                            ? tr(", at %1").arg(localTime(finding.firstSeen))
                            : tr(", first %1, last %2")
                                      .arg(localTime(finding.firstSeen),
                                           localTime(finding.lastSeen));
        }
        facts->addWidget(wrapped(seen, QStringLiteral("findingSeen")), row++, 1);
    }
    if (row > 0)
        layout->addLayout(facts);

    if (!finding.remedy.isEmpty()) {
        auto heading = new QLabel(tr("What to do"));
        QFont bold = heading->font();
        bold.setBold(true);
        heading->setFont(bold);
        layout->addWidget(heading);
        QString steps = QStringLiteral("<ol style=\"margin-left: -20px;\">");
        for (const QString &step : finding.remedy)
            steps += QStringLiteral("<li>%1</li>").arg(report::codeSpansToHtml(step));
        steps += QStringLiteral("</ol>");
        auto remedy = wrapped(steps, QStringLiteral("findingRemedy"));
        remedy->setTextFormat(Qt::RichText);
        layout->addWidget(remedy);
    }

    // One row for what to do about it: the fix on the left, the evidence toggle on the right.
    auto actionBar = new QHBoxLayout;
    layout->addLayout(actionBar);
    addFixRow(actionBar);
    actionBar->addStretch();

    if (!finding.evidence.isEmpty()) {
        QHBoxLayout *evidenceBar = actionBar;
        m_evidenceToggle = new QToolButton;
        m_evidenceToggle->setObjectName(QStringLiteral("evidenceToggle"));
        m_evidenceToggle->setCheckable(true);
        m_evidenceToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        m_evidenceToggle->setArrowType(Qt::RightArrow);
        m_evidenceToggle->setAutoRaise(true);
        m_evidenceToggle->setText(plural(
                finding.evidence.size(), tr("Evidence (%1 item)"), tr("Evidence (%1 items)")));
        evidenceBar->addWidget(m_evidenceToggle);

        m_evidenceBox = new QWidget;
        auto box = new QVBoxLayout(m_evidenceBox);
        box->setContentsMargins(0, 0, 0, 0);
        m_evidence = new QPlainTextEdit;
        m_evidence->setObjectName(QStringLiteral("evidenceText"));
        m_evidence->setReadOnly(true);
        // Wrapped on screen so a long log line reads without scrolling; copied verbatim.
        m_evidence->setLineWrapMode(QPlainTextEdit::WidgetWidth);
        m_evidence->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        m_evidence->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        m_evidence->setPlainText(evidenceText());
        const int lines = int(m_evidence->toPlainText().count(QLatin1Char('\n'))) + 1;
        const int lineHeight = m_evidence->fontMetrics().lineSpacing();
        // Wrapped lines take more room than their count: a little extra, then scrolling.
        m_evidence->setFixedHeight(std::min(lines * 2, 16) * lineHeight + 12);
        box->addWidget(m_evidence);
        auto copyRow = new QHBoxLayout;
        copyRow->addStretch();
        auto copy = new QPushButton(appIcon(QStringLiteral("copy")), tr("Copy evidence"));
        copy->setObjectName(QStringLiteral("copyEvidenceButton"));
        copyRow->addWidget(copy);
        box->addLayout(copyRow);
        layout->addWidget(m_evidenceBox);
        m_evidenceBox->hide();
        connect(m_evidenceToggle, &QToolButton::toggled, this, &FindingCard::setEvidenceVisible);
        connect(copy, &QPushButton::clicked, this, [this] {
            QApplication::clipboard()->setText(evidenceText());
        });
    }
}

QString FindingCard::evidenceText() const
{
    // One "# source" line per run of items from the same source, then the texts verbatim.
    QStringList lines;
    QString lastSource;
    for (const findings::Finding::Evidence &evidence : m_finding.evidence) {
        if (lines.isEmpty() || evidence.source != lastSource) {
            if (!lines.isEmpty())
                lines << QString();
            lines << QStringLiteral("# ") + evidence.source;
            lastSource = evidence.source;
        }
        lines << evidence.text;
    }
    return lines.join(QLatin1Char('\n'));
}

void FindingCard::setEvidenceVisible(bool visible)
{
    if (!m_evidenceBox)
        return;
    m_evidenceBox->setVisible(visible);
    m_evidenceToggle->setArrowType(visible ? Qt::DownArrow : Qt::RightArrow);
    if (m_evidenceToggle->isChecked() != visible)
        m_evidenceToggle->setChecked(visible);
}

bool FindingCard::isEvidenceVisible() const
{
    return m_evidenceBox && !m_evidenceBox->isHidden();
}

void FindingCard::addFixRow(QHBoxLayout *layout)
{
    const FindingFix fix = FindingFix::forFinding(m_finding);
    m_fixRow = new QWidget;
    m_fixRow->setObjectName(QStringLiteral("fixRow"));
    auto row = new QHBoxLayout(m_fixRow);
    row->setContentsMargins(0, 2, 0, 0);
    if (fix.kind == FindingFix::Kind::Human) {
        auto statement = wrapped(fix.humanText, QStringLiteral("fixStatement"));
        statement->setStyleSheet(QStringLiteral("QLabel { background: palette(alternate-base); "
                                                "border-radius: 4px; padding: 6px 8px; }"));
        row->addWidget(statement, 1);
        layout->addWidget(m_fixRow, 1);
        return;
    }
    m_fixButton = new QPushButton(fix.label);
    m_fixButton->setProperty("fixKind", int(fix.kind));
    if (fix.guidedEdit) {
        m_fixButton->setIcon(appIcon(QStringLiteral("fix")));
        m_fixButton->setObjectName(QStringLiteral("reviewFixButton"));
        m_fixButton->setToolTip(tr("%1\nOpens the change as a diff in the Config tab: nothing "
                                   "changes on the server until you press Apply there.")
                                        .arg(m_finding.edit->summary));
        m_fixButton->setDefault(true);
        connect(m_fixButton, &QPushButton::clicked, this, [this] {
            Q_EMIT reviewFixRequested(m_finding);
        });
    } else if (fix.kind == FindingFix::Kind::Editor) {
        m_fixButton->setIcon(appIcon(QStringLiteral("open-file")));
        m_fixButton->setObjectName(QStringLiteral("openConfigButton"));
        m_fixButton->setToolTip(tr("Show this line of the configuration in the editor"));
        connect(m_fixButton, &QPushButton::clicked, this, [this] {
            Q_EMIT openConfigRequested(m_finding.configFile, m_finding.configLine);
        });
    } else {
        m_fixButton->setIcon(appIcon(QStringLiteral("fix")));
        m_fixButton->setObjectName(QStringLiteral("fixButton"));
        m_fixButton->setToolTip(tr("Shows the exact commands first; nothing runs until you "
                                   "confirm"));
        m_fixButton->setDefault(true);
        connect(m_fixButton, &QPushButton::clicked, this, [this] {
            Q_EMIT fixRequested(m_finding);
        });
    }
    row->addWidget(m_fixButton);
    if ((fix.kind == FindingFix::Kind::Service || fix.guidedEdit)
        && !m_finding.configFile.isEmpty()) {
        // The directive behind it stays one click away.
        auto open = new QPushButton(appIcon(QStringLiteral("open-file")), tr("Open in editor"));
        open->setObjectName(QStringLiteral("openConfigButton"));
        open->setFlat(true);
        open->setToolTip(tr("Show this line of the configuration in the editor"));
        connect(open, &QPushButton::clicked, this, [this] {
            Q_EMIT openConfigRequested(m_finding.configFile, m_finding.configLine);
        });
        row->addWidget(open);
    }
    if (fix.guidedEdit) {
        // What the change is, before anyone clicks: "Raise proxy_buffer_size to 32k ...".
        auto summary = wrapped(m_finding.edit->summary, QStringLiteral("fixSummary"));
        summary->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); }"));
        row->addWidget(summary, 1);
    }
    layout->addWidget(m_fixRow);
}

void FindingCard::setFixEnabled(bool enabled, const QString &reason)
{
    if (!m_fixButton || m_fixButton->objectName() != QLatin1String("fixButton"))
        return;
    m_fixButton->setEnabled(enabled);
    m_fixButton->setToolTip(enabled ? tr("Shows the exact commands first; nothing runs until "
                                         "you confirm")
                                    : reason);
}

void FindingCard::setResolved(const QString &outcome)
{
    m_resolved = true;
    const QColor green(0x2e, 0x9e, 0x5b);
    // A pale green under dark text, a deep one under light text (a dark palette).
    const bool dark = Theme::isDark();
    setStyleSheet(QStringLiteral("#findingCard { background: %2; border: 1px solid %3; "
                                 "border-left: 5px solid %1; border-radius: 6px; }")
                          .arg(green.name(),
                               dark ? QStringLiteral("#1e3528") : QStringLiteral("#eef8f1"),
                               dark ? QStringLiteral("#2f6b48") : QStringLiteral("#9fd3b2")));
    setProperty("resolved", true);
    m_badge->setText(tr("Resolved"));
    m_badge->setStyleSheet(QStringLiteral("QLabel { color: white; background: %1; border-radius: "
                                          "8px; padding: 1px 8px; font-weight: bold; }")
                                   .arg(green.name()));
    if (auto icon = findChild<QLabel *>(QStringLiteral("findingIcon")))
        icon->setPixmap(appIcon(QStringLiteral("severity-ok")).pixmap(22, 22));
    if (auto title = findChild<QLabel *>(QStringLiteral("findingTitle")))
        title->setText(tr("Fixed: %1").arg(m_finding.title));
    // Compact: what was wrong (the title), what was done and what is true now; the details of
    // the problem no longer matter.
    const std::function<void(QLayout *, int)> hideFrom = [&hideFrom](QLayout *layout, int first) {
        for (int i = first; i < layout->count(); ++i) {
            QLayoutItem *item = layout->itemAt(i);
            if (QWidget *widget = item->widget())
                widget->hide();
            else if (QLayout *inner = item->layout())
                hideFrom(inner, 0);
        }
    };
    hideFrom(this->layout(), 1);
    if (m_evidenceBox)
        m_evidenceBox->hide();
    if (!m_outcome) {
        m_outcome = wrapped(QString(), QStringLiteral("fixOutcome"));
        QFont bold = m_outcome->font();
        bold.setBold(true);
        m_outcome->setFont(bold);
        static_cast<QVBoxLayout *>(this->layout())->insertWidget(1, m_outcome);
    }
    m_outcome->show();
    m_outcome->setText(outcome);
}

} // namespace gs::gui
