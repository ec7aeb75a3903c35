#include "nginx/configparser.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

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

    // Skips the rest of a block whose '{' was just consumed, up to its matching '}' (consumed),
    // without building anything: blocks nested deeper than kMaxBlockDepth land here.
    void skipBlock()
    {
        int depth = 1;
        for (;;) {
            const Token t = next();
            if (t.kind == Kind::End)
                return;
            if (t.kind == Kind::Open)
                ++depth;
            else if (t.kind == Kind::Close && --depth == 0)
                return;
        }
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

// Real configurations nest a handful of levels (http, server, location, if); the bound keeps
// parseBlock's recursion, and every recursive walk of the tree after it, off the end of the C++
// stack whatever the input (20,000 '{' in a row used to crash).
constexpr int kMaxBlockDepth = 64;

// Include expansion is bounded three ways: a file already on the include stack is not entered
// again (a cycle, which nginx itself refuses), nesting stops at kMaxIncludeDepth, and the walk
// stops after kMaxExpandedDirectives directives or kMaxIncludedFiles file inclusions, since files
// included twice at each level still double per level (a 106-byte dump used to expand until
// memory ran out). A server with a vhost per file stays far below both.
constexpr int kMaxIncludeDepth = 32;
constexpr qsizetype kMaxExpandedDirectives = 1000000;
constexpr qsizetype kMaxIncludedFiles = 50000;

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
            if (isRawBlock(current.name)) {
                current.rawBlock = lexer.readRawBlock();
            } else if (depth + 1 >= kMaxBlockDepth) {
                lexer.report(t.line,
                             QStringLiteral("blocks are nested more than %1 levels deep; this "
                                            "block is skipped")
                                     .arg(kMaxBlockDepth));
                lexer.skipBlock();
            } else {
                current.children = parseBlock(lexer, file, depth + 1, t.line);
            }
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

class Expander
{
public:
    Expander(const ConfigParser::Dump &dump, sys::ParseDiagnostics *diagnostics)
        : m_dump(dump)
        , m_diagnostics(diagnostics)
        , m_confPrefix(dirName(dump.files.first().path))
    {
        m_byPath.reserve(dump.files.size());
        for (const ConfigParser::File &f : dump.files) {
            if (!m_byPath.contains(f.path)) // the first section of a path wins, as in file()
                m_byPath.insert(f.path, &f);
        }
    }

    QList<ConfigDirective> expandMain()
    {
        m_stack.append(&m_dump.files.first());
        return expand(m_dump.files.first().directives, 0);
    }

private:
    void report(const ConfigDirective &at, const QString &message)
    {
        if (m_diagnostics)
            m_diagnostics->append(sys::ParseDiagnostic{at.file, at.line, message});
    }

    QList<const ConfigParser::File *> resolve(const ConfigDirective &include)
    {
        QString pattern = include.arg(0);
        if (!pattern.startsWith(QLatin1Char('/')))
            pattern = m_confPrefix + QLatin1Char('/') + pattern;
        auto it = m_cache.constFind(pattern);
        if (it != m_cache.constEnd())
            return *it;
        QList<const ConfigParser::File *> matches;
        const bool glob = pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'))
                          || pattern.contains(QLatin1Char('['));
        if (glob) {
            const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern));
            for (const ConfigParser::File &f : m_dump.files) {
                if (re.match(f.path).hasMatch())
                    matches.append(&f);
            }
            std::sort(matches.begin(), matches.end(), [](const auto *a, const auto *b) {
                return a->path < b->path;
            });
        } else if (const ConfigParser::File *f = m_byPath.value(pattern)) {
            matches.append(f);
        } else {
            report(include, QStringLiteral("included file \"%1\" is not in the dump").arg(pattern));
        }
        m_cache.insert(pattern, matches);
        return matches;
    }

    void expandInclude(const ConfigDirective &include, int depth, QList<ConfigDirective> &out)
    {
        if (depth > kMaxIncludeDepth) {
            report(include, QStringLiteral("include nesting too deep"));
            return;
        }
        if (m_overLimit)
            return;
        for (const ConfigParser::File *f : resolve(include)) {
            const bool open = std::any_of(m_stack.cbegin(), m_stack.cend(), [f](const auto *s) {
                return s->path == f->path;
            });
            if (open) {
                report(include,
                       QStringLiteral("include of \"%1\" is skipped: that file is already being "
                                      "included (an include cycle)")
                               .arg(f->path));
                continue;
            }
            if (++m_filesIncluded > kMaxIncludedFiles) {
                if (!m_overLimit)
                    report(include,
                           QStringLiteral("the configuration includes files more than %1 times; "
                                          "the rest is left out")
                                   .arg(kMaxIncludedFiles));
                m_overLimit = true;
                return;
            }
            m_stack.append(f);
            out.append(expand(f->directives, depth + 1));
            m_stack.removeLast();
        }
    }

    QList<ConfigDirective> expand(const QList<ConfigDirective> &in, int depth)
    {
        QList<ConfigDirective> out;
        out.reserve(in.size());
        for (const ConfigDirective &d : in) {
            if (++m_visited > kMaxExpandedDirectives) {
                if (!m_overLimit)
                    report(d,
                           QStringLiteral("the configuration expands to more than %1 directives "
                                          "through its includes; the rest is left out")
                                   .arg(kMaxExpandedDirectives));
                m_overLimit = true;
                break;
            }
            if (d.name == QLatin1String("include") && !d.hasBlock && !d.args.isEmpty()) {
                expandInclude(d, depth, out);
                continue;
            }
            ConfigDirective copy = d;
            if (d.hasBlock && !d.children.isEmpty())
                copy.children = expand(d.children, depth);
            out.append(std::move(copy));
        }
        return out;
    }

    const ConfigParser::Dump &m_dump;
    sys::ParseDiagnostics *m_diagnostics;
    QString m_confPrefix;
    QHash<QString, const ConfigParser::File *> m_byPath;
    QHash<QString, QList<const ConfigParser::File *>> m_cache;
    QList<const ConfigParser::File *> m_stack; // files being expanded, the main file first
    qsizetype m_visited = 0;
    qsizetype m_filesIncluded = 0;
    bool m_overLimit = false;
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
    Expander e(dump, diagnostics);
    return e.expandMain();
}

} // namespace gs::nginx
