#include "config/confighighlighter.h"

#include "common/theme.h"

#include "config/configlint.h"

#include <QRegularExpression>
#include <QSet>

namespace gs::gui {

namespace {

bool isBlockName(const QString &word)
{
    static const QSet<QString> blocks{QStringLiteral("http"),
                                      QStringLiteral("server"),
                                      QStringLiteral("location"),
                                      QStringLiteral("upstream"),
                                      QStringLiteral("events"),
                                      QStringLiteral("stream"),
                                      QStringLiteral("mail"),
                                      QStringLiteral("if"),
                                      QStringLiteral("map"),
                                      QStringLiteral("geo"),
                                      QStringLiteral("types"),
                                      QStringLiteral("limit_except")};
    return blocks.contains(word);
}

} // namespace

ConfigHighlighter::ConfigHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    // The same hues lightened on a dark palette: the light theme's deep blues and purples are
    // unreadable on a dark editor.
    const bool dark = Theme::isDark();
    const auto colour = [dark](QRgb light, QRgb onDark) {
        return QColor(dark ? onDark : light);
    };
    m_directive.setForeground(colour(0x1f5fa8, 0x6cb6ff));
    m_directive.setFontWeight(QFont::DemiBold);
    m_block.setForeground(colour(0x8a2b9c, 0xd2a8ff));
    m_block.setFontWeight(QFont::Bold);
    m_variable.setForeground(colour(0x0b7a75, 0x56d4c8));
    m_string.setForeground(colour(0xa34a00, 0xffa657));
    m_number.setForeground(colour(0x4b6e12, 0xa5d86b));
    m_comment.setForeground(colour(0x7a7a7a, 0x9a9a9a));
    m_comment.setFontItalic(true);
    m_section.setForeground(colour(0x8a2b9c, 0xd2a8ff));
    m_section.setFontWeight(QFont::Bold);
    m_unknown.setForeground(colour(0xb03030, 0xff7b72));
}

void ConfigHighlighter::setLanguage(Language language)
{
    if (m_language == language)
        return;
    m_language = language;
    rehighlight();
}

void ConfigHighlighter::highlightBlock(const QString &text)
{
    if (m_language == Language::Nginx)
        highlightNginx(text);
    else
        highlightIni(text);
}

void ConfigHighlighter::highlightNginx(const QString &text)
{
    static const QRegularExpression number(QStringLiteral(
            "(?<![\\w$.:/-])\\d+(\\.\\d+)?(ms|s|m|h|d|w|M|y|k|K|g|G)?(?![\\w.:/-])"));
    static const QRegularExpression variable(QStringLiteral("\\$\\{?\\w+\\}?"));
    for (auto it = number.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_number);
    }
    for (auto it = variable.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_variable);
    }
    // The first word of each statement on the line is its directive.
    bool expectDirective = previousBlockState() != 1;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('#')) {
            setFormat(int(i), int(text.size() - i), m_comment);
            break;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            qsizetype end = i + 1;
            while (end < text.size() && text.at(end) != c) {
                if (text.at(end) == QLatin1Char('\\'))
                    ++end;
                ++end;
            }
            setFormat(int(i), int(std::min(end + 1, text.size()) - i), m_string);
            i = end + 1;
            expectDirective = false;
            continue;
        }
        if (c == QLatin1Char(';') || c == QLatin1Char('{') || c == QLatin1Char('}')) {
            expectDirective = true;
            ++i;
            continue;
        }
        if (c.isSpace()) {
            ++i;
            continue;
        }
        qsizetype end = i;
        while (end < text.size() && !text.at(end).isSpace() && text.at(end) != QLatin1Char(';')
               && text.at(end) != QLatin1Char('{') && text.at(end) != QLatin1Char('}'))
            ++end;
        if (expectDirective) {
            const QString word = text.mid(i, end - i);
            if (isBlockName(word))
                setFormat(int(i), int(end - i), m_block);
            else if (config::ConfigLint::isKnownNginxDirective(word))
                setFormat(int(i), int(end - i), m_directive);
            else
                setFormat(int(i), int(end - i), m_unknown);
            expectDirective = false;
        }
        i = end;
    }
    // A statement continued on the next line: its first word is not a directive.
    setCurrentBlockState(expectDirective ? 0 : 1);
}

void ConfigHighlighter::highlightIni(const QString &text)
{
    static const QRegularExpression section(QStringLiteral("^\\s*\\[[^\\]]*\\]"));
    static const QRegularExpression pair(QStringLiteral("^\\s*([A-Za-z0-9_.\\[\\]-]+)\\s*="));
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char(';')) || trimmed.startsWith(QLatin1Char('#'))) {
        setFormat(0, int(text.size()), m_comment);
        return;
    }
    if (const auto match = section.match(text); match.hasMatch()) {
        setFormat(0, int(match.capturedEnd()), m_section);
        return;
    }
    if (const auto match = pair.match(text); match.hasMatch()) {
        const bool known = config::ConfigLint::isKnownFpmKey(match.captured(1));
        setFormat(int(match.capturedStart(1)),
                  int(match.capturedLength(1)),
                  known ? m_directive : m_unknown);
        const qsizetype valueStart = match.capturedEnd();
        const QString value = text.mid(valueStart).trimmed();
        const qsizetype at = text.indexOf(value, valueStart);
        if (!value.isEmpty() && at >= 0) {
            bool numeric = false;
            value.toLongLong(&numeric);
            setFormat(int(at),
                      int(value.size()),
                      value.startsWith(QLatin1Char('"')) ? m_string
                      : numeric                          ? m_number
                                                         : m_variable);
        }
    }
}

} // namespace gs::gui
