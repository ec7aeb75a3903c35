#include "diagnose/coveragepanel.h"

#include "common/appicons.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

QLabel *wrapped(const QString &text)
{
    auto label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

CoveragePanel::CoveragePanel(const checks::DiagnosisCoverage &coverage, bool clean, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("coveragePanel"));
    // The palette's own colours, so it reads in dark mode too; the amber edge says "caution".
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(QStringLiteral("#coveragePanel { border: 1px solid #c98a12; border-radius: 6px; "
                                 "}"));
    auto row = new QHBoxLayout(this);
    row->setContentsMargins(16, 14, 16, 14);
    row->setSpacing(12);
    auto icon = new QLabel;
    icon->setPixmap(appIcon(QStringLiteral("severity-incomplete")).pixmap(36, 36));
    row->addWidget(icon, 0, Qt::AlignTop);
    auto texts = new QVBoxLayout;
    row->addLayout(texts, 1);

    auto title = new QLabel(clean && !coverage.complete ? tr("Not fully checked")
                                                        : tr("What could not be checked"));
    title->setObjectName(QStringLiteral("coverageTitle"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.15);
    font.setWeight(QFont::DemiBold);
    title->setFont(font);
    texts->addWidget(title);
    if (clean && !coverage.complete) {
        texts->addWidget(wrapped(tr("Nothing wrong was seen, but the checks that could explain a "
                                    "502 did not all run, so this is not a clean bill of health. "
                                    "Grant what is listed and diagnose again.")));
    }
    QStringList items;
    for (const auto &gap : coverage.missing) {
        QString item = QStringLiteral("<b>%1</b>%2: %3")
                               .arg(gap.title.toHtmlEscaped(),
                                    gap.essential ? tr(" (could explain a 502)") : QString(),
                                    gap.reason.toHtmlEscaped());
        if (!gap.grant.isEmpty())
            item += QStringLiteral("<br><i>%1</i> %2")
                            .arg(tr("To check it:"), gap.grant.toHtmlEscaped());
        items << QStringLiteral("<li>%1</li>").arg(item);
    }
    auto list = wrapped(
            QStringLiteral("<ul style=\"margin-left: -20px\">%1</ul>").arg(items.join(QString())));
    list->setObjectName(QStringLiteral("coverageGaps"));
    list->setTextFormat(Qt::RichText);
    texts->addWidget(list);

    if (!coverage.sudoers.isEmpty()) {
        texts->addWidget(wrapped(tr("A sudoers rule that allows only the read-only commands the "
                                    "checks need:")));
        auto snippet = new QPlainTextEdit(coverage.sudoers);
        snippet->setObjectName(QStringLiteral("sudoersSnippet"));
        snippet->setReadOnly(true);
        snippet->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        snippet->setLineWrapMode(QPlainTextEdit::NoWrap);
        const int lines = int(coverage.sudoers.count(QLatin1Char('\n'))) + 1;
        snippet->setFixedHeight(snippet->fontMetrics().lineSpacing() * std::min(lines, 8) + 12);
        texts->addWidget(snippet);
        auto copy = new QPushButton(appIcon(QStringLiteral("copy")), tr("Copy the rule"));
        copy->setObjectName(QStringLiteral("copySudoers"));
        const QString text = coverage.sudoers;
        connect(copy, &QPushButton::clicked, this, [text] {
            QApplication::clipboard()->setText(text);
        });
        texts->addWidget(copy, 0, Qt::AlignLeft);
    }
}

} // namespace gs::gui
