#include "recipes/nginxtextscanner.h"

#include <optional>

namespace gs::recipes {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

class Scanner
{
public:
    Scanner(const QByteArray &text, const QString &file)
        : m_text(text)
        , m_file(file)
    {}

    QList<TextDirective> block(bool nested)
    {
        QList<TextDirective> out;
        TextDirective current;
        bool open = false;
        while (!m_error) {
            skipSpaceAndComments();
            if (m_pos >= m_text.size()) {
                if (nested)
                    fail(m_pos, "unexpected end of file: a '}' is missing");
                else if (open)
                    fail(current.begin, "directive not terminated by ';'");
                return out;
            }
            const char c = m_text.at(m_pos);
            if (c == ';' || c == '{') {
                if (!open) {
                    fail(m_pos, c == ';' ? "unexpected ';'" : "unexpected '{'");
                    return out;
                }
                current.terminator = m_pos++;
                if (c == '{') {
                    current.hasBlock = true;
                    current.children = block(true);
                    current.blockClose = m_pos - 1;
                }
                out << current;
                current = TextDirective();
                open = false;
                continue;
            }
            if (c == '}') {
                if (!nested || open) {
                    fail(m_pos, "unexpected '}'");
                    return out;
                }
                ++m_pos;
                return out;
            }
            TextSpan span;
            const QByteArray value = word(span);
            if (!open) {
                open = true;
                current.name = value;
                current.begin = span.begin;
                current.line = NginxTextScanner::lineAt(m_text, span.begin);
            } else {
                current.args << value;
                current.argSpans << span;
            }
        }
        return out;
    }

    const std::optional<Error> &error() const { return m_error; }

private:
    void skipSpaceAndComments()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos);
            if (isSpace(c)) {
                ++m_pos;
            } else if (c == '#') {
                while (m_pos < m_text.size() && m_text.at(m_pos) != '\n')
                    ++m_pos;
            } else {
                return;
            }
        }
    }

    QByteArray word(TextSpan &span)
    {
        span.begin = m_pos;
        QByteArray value;
        const char quote = m_text.at(m_pos);
        if (quote == '"' || quote == '\'') {
            ++m_pos;
            while (m_pos < m_text.size() && m_text.at(m_pos) != quote) {
                if (m_text.at(m_pos) == '\\' && m_pos + 1 < m_text.size()) {
                    const char next = m_text.at(m_pos + 1);
                    if (next == quote || next == '\\') {
                        value += next;
                        m_pos += 2;
                        continue;
                    }
                }
                value += m_text.at(m_pos++);
            }
            if (m_pos >= m_text.size()) {
                fail(span.begin, "unterminated quoted string");
                return value;
            }
            ++m_pos;
        } else {
            int braces = 0; // inside a "${var}"
            while (m_pos < m_text.size()) {
                const char c = m_text.at(m_pos);
                if (braces == 0 && (isSpace(c) || c == ';' || c == '}'))
                    break;
                if (c == '{') {
                    if (m_pos == 0 || m_text.at(m_pos - 1) != '$')
                        break;
                    ++braces;
                } else if (c == '}') {
                    --braces;
                }
                value += c;
                ++m_pos;
            }
        }
        span.end = m_pos;
        return value;
    }

    void fail(qsizetype at, const char *what)
    {
        if (m_error)
            return;
        m_error = makeError(ErrorCode::ParseError,
                            QStringLiteral("%1:%2: %3")
                                    .arg(m_file)
                                    .arg(NginxTextScanner::lineAt(m_text, at))
                                    .arg(QString::fromLatin1(what)),
                            QStringLiteral("Fix the file (nginx -t shows the same problem) and "
                                           "run the recipe again."));
    }

    const QByteArray &m_text;
    QString m_file;
    qsizetype m_pos = 0;
    std::optional<Error> m_error;
};

} // namespace

Result<QList<TextDirective>> NginxTextScanner::scan(const QByteArray &text, const QString &file)
{
    Scanner scanner(text, file);
    QList<TextDirective> directives = scanner.block(false);
    if (scanner.error())
        return *scanner.error();
    return directives;
}

int NginxTextScanner::lineAt(const QByteArray &text, qsizetype offset)
{
    return int(text.left(offset).count('\n')) + 1;
}

} // namespace gs::recipes
