#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace gs::gui {

// Syntax colours for nginx configuration (directives, block names, variables, strings,
// numbers with units, comments) and for PHP-FPM's INI files (sections, keys, values, comments).
class ConfigHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Language { Nginx, Ini };

    explicit ConfigHighlighter(QTextDocument *document);

    void setLanguage(Language language);
    Language language() const { return m_language; }

protected:
    void highlightBlock(const QString &text) override;

private:
    void highlightNginx(const QString &text);
    void highlightIni(const QString &text);

    Language m_language = Language::Nginx;
    QTextCharFormat m_directive;
    QTextCharFormat m_block;
    QTextCharFormat m_variable;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_comment;
    QTextCharFormat m_section;
    QTextCharFormat m_unknown;
};

} // namespace gs::gui
