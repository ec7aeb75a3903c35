#include "config/configfindbar.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBlock>
#include <QToolButton>

namespace gs::gui {

ConfigFindBar::ConfigFindBar(QPlainTextEdit *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("configFindBar"));
    auto layout = new QGridLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    m_find = new QLineEdit;
    m_find->setObjectName(QStringLiteral("findField"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    auto previous = new QPushButton(tr("Previous"));
    auto next = new QPushButton(tr("Next"));
    m_caseSensitive = new QCheckBox(tr("Match case"));
    m_status = new QLabel;
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_line = new QSpinBox;
    m_line->setObjectName(QStringLiteral("goToLineField"));
    m_line->setPrefix(tr("Line "));
    m_line->setMinimum(1);
    auto go = new QPushButton(tr("Go"));
    auto close = new QToolButton;
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close (Esc)"));
    layout->addWidget(m_find, 0, 0);
    layout->addWidget(previous, 0, 1);
    layout->addWidget(next, 0, 2);
    layout->addWidget(m_caseSensitive, 0, 3);
    layout->addWidget(m_line, 0, 4);
    layout->addWidget(go, 0, 5);
    layout->addWidget(close, 0, 6);

    m_replaceRow = new QWidget;
    auto replaceLayout = new QHBoxLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    m_replace = new QLineEdit;
    m_replace->setObjectName(QStringLiteral("replaceField"));
    m_replace->setPlaceholderText(tr("Replace with"));
    auto replace = new QPushButton(tr("Replace"));
    auto replaceAllButton = new QPushButton(tr("Replace all"));
    replaceLayout->addWidget(m_replace, 1);
    replaceLayout->addWidget(replace);
    replaceLayout->addWidget(replaceAllButton);
    replaceLayout->addWidget(m_status);
    layout->addWidget(m_replaceRow, 1, 0, 1, 7);
    layout->setColumnStretch(0, 1);

    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(); });
    connect(next, &QPushButton::clicked, this, [this] { findNext(); });
    connect(previous, &QPushButton::clicked, this, [this] { findNext(true); });
    connect(replace, &QPushButton::clicked, this, &ConfigFindBar::replaceCurrent);
    connect(replaceAllButton, &QPushButton::clicked, this, &ConfigFindBar::replaceAll);
    connect(go, &QPushButton::clicked, this, [this] { goToLine(m_line->value()); });
    connect(m_line, &QSpinBox::editingFinished, this, [this] { goToLine(m_line->value()); });
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void ConfigFindBar::showFind()
{
    m_replaceRow->hide();
    show();
    const QString selected = m_editor->textCursor().selectedText();
    if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator))
        m_find->setText(selected);
    m_find->setFocus();
    m_find->selectAll();
}

void ConfigFindBar::showReplace()
{
    showFind();
    m_replaceRow->show();
}

void ConfigFindBar::showGoToLine()
{
    show();
    m_line->setMaximum(std::max(1, m_editor->blockCount()));
    m_line->setValue(m_editor->textCursor().blockNumber() + 1);
    m_line->setFocus();
    m_line->selectAll();
}

bool ConfigFindBar::findNext(bool backward)
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return false;
    QTextDocument::FindFlags flags;
    if (backward)
        flags |= QTextDocument::FindBackward;
    if (m_caseSensitive->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    if (m_editor->find(needle, flags)) {
        m_status->clear();
        return true;
    }
    // Wrap around once.
    QTextCursor cursor = m_editor->textCursor();
    cursor.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
    m_editor->setTextCursor(cursor);
    const bool found = m_editor->find(needle, flags);
    m_status->setText(found ? QString() : tr("Not found"));
    return found;
}

bool ConfigFindBar::replaceCurrent()
{
    QTextCursor cursor = m_editor->textCursor();
    const Qt::CaseSensitivity cs
            = m_caseSensitive->isChecked() ? Qt::CaseSensitive : Qt::CaseInsensitive;
    if (cursor.hasSelection() && cursor.selectedText().compare(m_find->text(), cs) == 0)
        cursor.insertText(m_replace->text());
    return findNext();
}

int ConfigFindBar::replaceAll()
{
    const QString needle = m_find->text();
    if (needle.isEmpty())
        return 0;
    QTextDocument::FindFlags flags;
    if (m_caseSensitive->isChecked())
        flags |= QTextDocument::FindCaseSensitively;
    QTextCursor edit(m_editor->document());
    edit.beginEditBlock(); // one undo step for all of them
    int count = 0;
    QTextCursor found = m_editor->document()->find(needle, 0, flags);
    while (!found.isNull()) {
        found.insertText(m_replace->text());
        ++count;
        found = m_editor->document()->find(needle, found, flags);
    }
    edit.endEditBlock();
    m_status->setText(tr("%n replaced", nullptr, count));
    return count;
}

void ConfigFindBar::goToLine(int line)
{
    const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    m_editor->setTextCursor(QTextCursor(block));
    m_editor->centerCursor();
    m_editor->setFocus();
}

} // namespace gs::gui
