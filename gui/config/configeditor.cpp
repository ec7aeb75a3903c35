#include "config/configeditor.h"

#include "config/configeditorgutter.h"
#include "config/confighighlighter.h"

#include <QFontDatabase>
#include <QPainter>
#include <QTextBlock>

namespace gs::gui {

ConfigEditor::ConfigEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new ConfigEditorGutter(this))
    , m_highlighter(new ConfigHighlighter(document()))
{
    setObjectName(QStringLiteral("configEditor"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    m_lintTimer.setSingleShot(true);
    m_lintTimer.setInterval(300);
    connect(&m_lintTimer, &QTimer::timeout, this, &ConfigEditor::lintNow);
    connect(this, &QPlainTextEdit::textChanged, this, [this] { m_lintTimer.start(); });
    connect(this, &QPlainTextEdit::blockCountChanged, this, &ConfigEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &ConfigEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &ConfigEditor::updateSelections);
    updateGutterWidth();
    updateSelections();
}

void ConfigEditor::setLanguage(Language language)
{
    m_language = language;
    m_highlighter->setLanguage(language == Language::Nginx ? ConfigHighlighter::Language::Nginx
                                                           : ConfigHighlighter::Language::Ini);
    lintNow();
}

bool ConfigEditor::goToLine(int line)
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return false;
    QTextCursor cursor(block);
    setTextCursor(cursor);
    centerCursor();
    setFocus();
    return true;
}

int ConfigEditor::currentLine() const
{
    return textCursor().blockNumber() + 1;
}

void ConfigEditor::lintNow()
{
    m_lintTimer.stop();
    const QString text = toPlainText();
    m_problems = m_language == Language::Nginx ? config::ConfigLint::lintNginx(text)
                                               : config::ConfigLint::lintFpm(text);
    updateSelections();
    m_gutter->update();
    Q_EMIT problemsChanged(m_problems);
}

void ConfigEditor::addExternalProblem(const config::ConfigLint::Problem &problem)
{
    m_problems << problem;
    updateSelections();
    m_gutter->update();
    Q_EMIT problemsChanged(m_problems);
}

int ConfigEditor::gutterWidth() const
{
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    return 14 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(digits, 3);
}

void ConfigEditor::updateGutterWidth()
{
    setViewportMargins(gutterWidth(), 0, 0, 0);
}

void ConfigEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void ConfigEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), gutterWidth(), area.height()));
}

void ConfigEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), palette().color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber() + 1;
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const int current = currentLine();
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            bool error = false;
            bool warning = false;
            for (const auto &problem : m_problems) {
                if (problem.line == number) {
                    (problem.severity == config::ConfigLint::Problem::Severity::Error ? error
                                                                                      : warning)
                            = true;
                }
            }
            if (error || warning) {
                painter.fillRect(0,
                                 top,
                                 4,
                                 bottom - top,
                                 error ? QColor(0xd0, 0x30, 0x30) : QColor(0xe0, 0xa0, 0x20));
            }
            painter.setPen(number == current ? palette().color(QPalette::Text)
                                             : palette().color(QPalette::PlaceholderText));
            painter.drawText(0,
                             top,
                             m_gutter->width() - 6,
                             fontMetrics().height(),
                             Qt::AlignRight,
                             QString::number(number));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
        ++number;
    }
}

void ConfigEditor::updateSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection line;
    line.format.setBackground(palette().color(QPalette::AlternateBase));
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    selections << line;
    for (const auto &problem : m_problems) {
        const QTextBlock block = document()->findBlockByNumber(problem.line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(
                problem.severity == config::ConfigLint::Problem::Severity::Error
                        ? QColor(0xd0, 0x30, 0x30)
                        : QColor(0xe0, 0xa0, 0x20));
        mark.format.setToolTip(problem.message);
        QTextCursor cursor(block);
        const int start = problem.column > 0 ? problem.column - 1 : 0;
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, start);
        const int length = problem.length > 0 ? problem.length : int(block.text().size()) - start;
        cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, std::max(length, 1));
        mark.cursor = cursor;
        selections << mark;
    }
    setExtraSelections(selections);
    m_gutter->update();
}

} // namespace gs::gui
