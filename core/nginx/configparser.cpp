#include "nginx/configparser.h"

#include <QHash>
#include <QRegularExpression>

namespace gs::nginx {

namespace {

// nginx's tokenizer (ngx_conf_read_token) rules: words split on whitespace, ';', '{', '}';
// quotes only at the start of a word; '#' starts a comment only at the start of a word;
// "${" keeps braces inside a word; a backslash escapes the next character.
class Lexer
{
public:
    enum class Kind { Word, Semicolon, Open, Close, End };
    struct Token
    {
        Kind kind = Kind::End;
        QString text;
        int line = 0;
    };

    Lexer(QStringView text, const QString &file, sys::ParseDiagnostics *diagnostics)
        : m_text(text)
        , m_file(file)
        , m_diagnostics(diagnostics)
    {}

    int line() const { return m_line; }

    Token next()
    {
        skipSpaceAndComments();
        Token t;
        t.line = m_line;
        if (m_pos >= m_text.size())
            return t;
        const QChar c = m_text[m_pos];
        if (c == QLatin1Char(';')) {
            ++m_pos;
            t.kind = Kind::Semicolon;
        } else if (c == QLatin1Char('{')) {
            ++m_pos;
            t.kind = Kind::Open;
        } else if (c == QLatin1Char('}')) {
            ++m_pos;
            t.kind = Kind::Close;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            t.kind = Kind::Word;
            t.text = readQuoted(c);
        } else {
            t.kind = Kind::Word;
            t.text = readWord();
        }
        return t;
    }

    // Raw text of a block whose '{' was just consumed, up to its matching '}' (consumed).
    // Lua strings and comments are skipped so braces inside them do not count.
    QString readRawBlock()
    {
        const qsizetype start = m_pos;
        int depth = 1;
        const qsizetype n = m_text.size();
        while (m_pos < n) {
            const QChar c = m_text[m_pos];
            if (c == QLatin1Char('\n')) {
                ++m_line;
            } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
                ++m_pos;
                while (m_pos < n && m_text[m_pos] != c) {
                    if (m_text[m_pos] == QLatin1Char('\\'))
                        ++m_pos;
                    else if (m_text[m_pos] == QLatin1Char('\n'))
                        ++m_line;
                    ++m_pos;
                }
            } else if (c == QLatin1Char('-') && m_pos + 1 < n
                       && m_text[m_pos + 1] == QLatin1Char('-')) {
                while (m_pos < n && m_text[m_pos] != QLatin1Char('\n'))
                    ++m_pos;
                continue;
            } else if (c == QLatin1Char('{')) {
                ++depth;
            } else if (c == QLatin1Char('}')) {
                if (--depth == 0) {
                    const QString raw = m_text.mid(start, m_pos - start).toString();
                    ++m_pos;
                    return raw;
                }
            }
            ++m_pos;
        }
        report(m_line, QStringLiteral("unexpected end of file in a Lua block"));
        return m_text.mid(start).toString();
    }

    void report(int line, const QString &message)
    {
        if (m_diagnostics)
            m_diagnostics->append(sys::ParseDiagnostic{m_file, line, message});
    }

private:
    void skipSpaceAndComments()
    {
        const qsizetype n = m_text.size();
        while (m_pos < n) {
            const QChar c = m_text[m_pos];
            if (c == QLatin1Char('\n')) {
                ++m_line;
                ++m_pos;
            } else if (c.isSpace()) {
                ++m_pos;
            } else if (c == QLatin1Char('#')) {
                while (m_pos < n && m_text[m_pos] != QLatin1Char('\n'))
                    ++m_pos;
            } else {
                return;
            }
        }
    }

    static QChar unescape(QChar c, bool *known)
    {
        *known = true;
        switch (c.unicode()) {
        case '"':
        case '\'':
        case '\\': return c;
        case 't': return QLatin1Char('\t');
        case 'r': return QLatin1Char('\r');
        case 'n': return QLatin1Char('\n');
        default: *known = false; return c;
        }
    }

    QString readQuoted(QChar quote)
    {
        const int startLine = m_line;
        ++m_pos;
        QString out;
        const qsizetype n = m_text.size();
        while (m_pos < n) {
            const QChar c = m_text[m_pos];
            if (c == quote) {
                ++m_pos;
                return out;
            }
            if (c == QLatin1Char('\\') && m_pos + 1 < n) {
                bool known = false;
                const QChar e = unescape(m_text[m_pos + 1], &known);
                if (!known)
                    out += c;
                out += e;
                if (e == QLatin1Char('\n') && !known)
                    ++m_line;
                m_pos += 2;
                continue;
            }
            if (c == QLatin1Char('\n'))
                ++m_line;
            out += c;
            ++m_pos;
        }
        report(startLine, QStringLiteral("unterminated quoted string"));
        return out;
    }

    QString readWord()
    {
        QString out;
        const qsizetype n = m_text.size();
        int varBraces = 0;
        while (m_pos < n) {
            const QChar c = m_text[m_pos];
            if (c == QLatin1Char('\\') && m_pos + 1 < n) {
                bool known = false;
                const QChar e = unescape(m_text[m_pos + 1], &known);
                if (!known)
                    out += c;
                out += e;
                m_pos += 2;
                continue;
            }
            if (c == QLatin1Char('{') && !out.isEmpty() && out.back() == QLatin1Char('$')) {
                ++varBraces;
            } else if (c == QLatin1Char('}') && varBraces > 0) {
                --varBraces;
            } else if (c.isSpace() || c == QLatin1Char(';') || c == QLatin1Char('{')
                       || c == QLatin1Char('}')) {
                break;
            }
            out += c;
            ++m_pos;
        }
        return out;
    }

    QStringView m_text;
    QString m_file;
    sys::ParseDiagnostics *m_diagnostics;
    qsizetype m_pos = 0;
    int m_line = 1;
};

bool isRawBlock(const QString &name)
{
    return name.endsWith(QLatin1String("_by_lua_block")) || name == QLatin1String("lua_block");
}

// Parses directives until the matching '}' (depth > 0) or the end of input (depth 0).
QList<ConfigDirective> parseBlock(Lexer &lexer, const QString &file, int depth, int openLine)
{
    QList<ConfigDirective> out;
    ConfigDirective current;
    bool inDirective = false;
    for (;;) {
        Lexer::Token t = lexer.next();
        switch (t.kind) {
        case Lexer::Kind::Word:
            if (!inDirective) {
                current = ConfigDirective{};
                current.name = t.text;
                current.file = file;
                current.line = t.line;
                inDirective = true;
            } else {
                current.args.append(t.text);
            }
            break;
        case Lexer::Kind::Semicolon:
            if (inDirective)
                out.append(std::move(current));
            else
                lexer.report(t.line, QStringLiteral("unexpected \";\""));
            inDirective = false;
            break;
        case Lexer::Kind::Open:
            if (!inDirective) {
                lexer.report(t.line, QStringLiteral("unexpected \"{\""));
                current = ConfigDirective{};
                current.file = file;
                current.line = t.line;
            }
            current.hasBlock = true;
            if (isRawBlock(current.name))
                current.rawBlock = lexer.readRawBlock();
            else
                current.children = parseBlock(lexer, file, depth + 1, t.line);
            out.append(std::move(current));
            inDirective = false;
            break;
        case Lexer::Kind::Close:
            if (inDirective) {
                lexer.report(current.line,
                             QStringLiteral("directive \"%1\" is not terminated by \";\"")
                                     .arg(current.name));
                out.append(std::move(current));
                inDirective = false;
            }
            if (depth > 0)
                return out;
            lexer.report(t.line, QStringLiteral("unexpected \"}\""));
            break;
        case Lexer::Kind::End:
            if (inDirective) {
                lexer.report(current.line,
                             QStringLiteral("directive \"%1\" is not terminated by \";\"")
                                     .arg(current.name));
                out.append(std::move(current));
            }
            if (depth > 0)
                lexer.report(openLine,
                             QStringLiteral("unexpected end of file, expecting \"}\" for the block "
                                            "opened here"));
            return out;
        }
    }
}

const QLatin1String kHeader("# configuration file ");

QString dirName(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

struct Expander
{
    const ConfigParser::Dump &dump;
    sys::ParseDiagnostics *diagnostics;
    QString confPrefix;
    QHash<QString, QList<const ConfigParser::File *>> cache;

    QList<const ConfigParser::File *> resolve(const ConfigDirective &include)
    {
        QString pattern = include.arg(0);
        if (!pattern.startsWith(QLatin1Char('/')))
            pattern = confPrefix + QLatin1Char('/') + pattern;
        auto it = cache.constFind(pattern);
        if (it != cache.constEnd())
            return *it;
        QList<const ConfigParser::File *> matches;
        const bool glob = pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'))
                          || pattern.contains(QLatin1Char('['));
        if (glob) {
            const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
            for (const ConfigParser::File &f : dump.files) {
                if (re.match(f.path).hasMatch())
                    matches.append(&f);
            }
            std::sort(matches.begin(), matches.end(), [](const auto *a, const auto *b) {
                return a->path < b->path;
            });
        } else if (const ConfigParser::File *f = dump.file(pattern)) {
            matches.append(f);
        } else if (diagnostics) {
            diagnostics->append(sys::ParseDiagnostic{
                    include.file,
                    include.line,
                    QStringLiteral("included file \"%1\" is not in the dump").arg(pattern)});
        }
        cache.insert(pattern, matches);
        return matches;
    }

    QList<ConfigDirective> expand(const QList<ConfigDirective> &in, int depth)
    {
        QList<ConfigDirective> out;
        out.reserve(in.size());
        for (const ConfigDirective &d : in) {
            if (d.name == QLatin1String("include") && !d.hasBlock && !d.args.isEmpty()) {
                if (depth > 32) {
                    if (diagnostics)
                        diagnostics->append(sys::ParseDiagnostic{
                                d.file, d.line, QStringLiteral("include nesting too deep")});
                    continue;
                }
                for (const ConfigParser::File *f : resolve(d))
                    out.append(expand(f->directives, depth + 1));
                continue;
            }
            ConfigDirective copy = d;
            if (d.hasBlock && !d.children.isEmpty())
                copy.children = expand(d.children, depth);
            out.append(std::move(copy));
        }
        return out;
    }
};

} // namespace

const ConfigParser::File *ConfigParser::Dump::file(QStringView path) const
{
    for (const File &f : files) {
        if (f.path == path)
            return &f;
    }
    return nullptr;
}

QList<ConfigDirective>
ConfigParser::parseText(QStringView text, const QString &file, sys::ParseDiagnostics *diagnostics)
{
    Lexer lexer(text, file, diagnostics);
    return parseBlock(lexer, file, 0, 0);
}

Result<ConfigParser::Dump> ConfigParser::parseDump(QStringView stdoutText)
{
    Dump dump;
    // Find the section headers first: each file runs from after its header to the next one.
    struct Section
    {
        QString path;
        int headerLine;
        qsizetype contentStart;
        qsizetype headerStart;
    };
    QList<Section> sections;
    qsizetype pos = 0;
    int line = 1;
    const qsizetype n = stdoutText.size();
    while (pos < n) {
        qsizetype eol = stdoutText.indexOf(QLatin1Char('\n'), pos);
        if (eol < 0)
            eol = n;
        const QStringView l = stdoutText.mid(pos, eol - pos);
        if (l.startsWith(kHeader) && l.endsWith(QLatin1Char(':')))
            sections.append(Section{l.mid(kHeader.size(), l.size() - kHeader.size() - 1).toString(),
                                    line,
                                    eol + 1,
                                    pos});
        pos = eol + 1;
        ++line;
    }
    if (sections.isEmpty())
        return makeError(
                ErrorCode::ParseError,
                QStringLiteral("No \"# configuration file\" section in the nginx -T output."),
                QStringLiteral("nginx -T prints the configuration only when the test "
                               "passes; run nginx -t to see why it fails."));
    for (qsizetype i = 0; i < sections.size(); ++i) {
        const Section &s = sections.at(i);
        const qsizetype end = i + 1 < sections.size() ? sections.at(i + 1).headerStart : n;
        QStringView content = s.contentStart < n
                                      ? stdoutText.mid(s.contentStart, end - s.contentStart)
                                      : QStringView();
        // nginx -T adds one line feed after each file's content.
        if (i + 1 < sections.size() && content.endsWith(QLatin1Char('\n')))
            content.chop(1);
        File f;
        f.path = s.path;
        f.headerLine = s.headerLine;
        f.text = content.toString();
        f.directives = parseText(content, f.path, &dump.diagnostics);
        dump.files.append(std::move(f));
    }
    return dump;
}

QList<ConfigDirective> ConfigParser::expandIncludes(const Dump &dump,
                                                    sys::ParseDiagnostics *diagnostics)
{
    if (dump.files.isEmpty())
        return {};
    Expander e{dump, diagnostics, dirName(dump.files.first().path), {}};
    return e.expand(dump.files.first().directives, 0);
}

} // namespace gs::nginx
