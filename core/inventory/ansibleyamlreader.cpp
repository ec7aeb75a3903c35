#include "inventory/ansibleyamlreader.h"

#include <QList>

#include <utility>

namespace gs::inventory {

namespace {

// One "key:" or "key: value" line, its comment and indentation taken off.
struct YamlLine
{
    int number = 0;
    int indent = 0;
    QString key;
    QString value;
    bool hasValue = false;
};

// A mapping or a scalar (null when nothing was written).
struct YamlNode
{
    int line = 0;
    bool isMap = false;
    bool isNull = true;
    QString scalar;
    QList<std::pair<QString, YamlNode>> entries;
};

Error yamlLineError(const QString &fileName, int line, const QString &message)
{
    return makeError(ErrorCode::ParseError,
                     QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(message),
                     QStringLiteral("Gatescope reads the YAML Ansible inventories are written in: "
                                    "groups with hosts:, children: and vars: mappings."));
}

// The text before a comment: '#' at the start or after a blank, outside quotes.
QString withoutComment(const QString &line)
{
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char('#') && (i == 0 || line.at(i - 1).isSpace())) {
            return line.left(i);
        }
    }
    return line;
}

// A quoted scalar starting at `at`: its text, and where it ends (after the closing quote).
std::optional<std::pair<QString, qsizetype>> quoted(const QString &s, qsizetype at)
{
    const QChar quote = s.at(at);
    QString out;
    for (qsizetype i = at + 1; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (quote == QLatin1Char('\'') && c == quote) {
            if (i + 1 < s.size() && s.at(i + 1) == quote) {
                out += quote;
                ++i;
                continue;
            }
            return std::make_pair(out, i + 1);
        }
        if (quote == QLatin1Char('"') && c == QLatin1Char('\\') && i + 1 < s.size()) {
            const QChar e = s.at(++i);
            out += e == QLatin1Char('n') ? QChar(u'\n')
                                         : (e == QLatin1Char('t') ? QChar(u'\t') : e);
            continue;
        }
        if (quote == QLatin1Char('"') && c == quote)
            return std::make_pair(out, i + 1);
        out += c;
    }
    return std::nullopt;
}

class Reader
{
public:
    explicit Reader(const QString &fileName)
        : m_file(fileName)
    {}

    Result<void> tokenize(const QString &text);
    Result<YamlNode> parseDocument();

private:
    Result<YamlLine> tokenizeLine(int number, const QString &raw, int indent);
    Result<YamlNode> parseMap(int indent);

    QString m_file;
    QList<YamlLine> m_lines;
    qsizetype m_pos = 0;
};

Result<void> Reader::tokenize(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    bool first = true;
    for (int n = 0; n < lines.size(); ++n) {
        QString raw = lines.at(n);
        if (raw.endsWith(QLatin1Char('\r')))
            raw.chop(1);
        int indent = 0;
        while (indent < raw.size() && (raw.at(indent) == QLatin1Char(' ')))
            ++indent;
        if (indent < raw.size() && raw.at(indent) == QLatin1Char('\t'))
            return yamlLineError(
                    m_file,
                    n + 1,
                    QStringLiteral("a tab in the indentation: YAML indents with spaces only"));
        const QString content = withoutComment(raw.mid(indent)).trimmed();
        if (content.isEmpty())
            continue;
        if (first && content == QLatin1String("---")) {
            first = false;
            continue;
        }
        first = false;
        if (content == QLatin1String("..."))
            break;
        Result<YamlLine> line = tokenizeLine(n + 1, content, indent);
        if (!line)
            return line.error();
        m_lines.append(*line);
    }
    return {};
}

Result<YamlLine> Reader::tokenizeLine(int number, const QString &content, int indent)
{
    if (content == QLatin1String("-") || content.startsWith(QLatin1String("- ")))
        return yamlLineError(
                m_file,
                number,
                QStringLiteral("a list item (\"- \"): Ansible inventories list hosts as a "
                               "mapping (\"name:\"), not a list"));
    if (content == QLatin1String("---"))
        return yamlLineError(
                m_file,
                number,
                QStringLiteral("a second YAML document (\"---\"): give one inventory a file"));
    static const QLatin1String unsupported("&*!%?|>@`");
    if (unsupported.contains(content.front()))
        return yamlLineError(
                m_file,
                number,
                QStringLiteral(
                        "\"%1\": anchors, aliases, tags, directives and block scalars are not read")
                        .arg(content));
    YamlLine line{number, indent, {}, {}, false};
    qsizetype afterKey = 0;
    if (content.front() == QLatin1Char('"') || content.front() == QLatin1Char('\'')) {
        const auto key = quoted(content, 0);
        if (!key || key->second >= content.size() || content.at(key->second) != QLatin1Char(':'))
            return yamlLineError(m_file,
                                 number,
                                 QStringLiteral("expected \"name:\" or \"name: value\", got \"%1\"")
                                         .arg(content));
        line.key = key->first;
        afterKey = key->second + 1;
    } else {
        qsizetype colon = content.indexOf(QLatin1String(": "));
        if (colon < 0 && content.endsWith(QLatin1Char(':')))
            colon = content.size() - 1;
        if (colon <= 0)
            return yamlLineError(m_file,
                                 number,
                                 QStringLiteral("expected \"name:\" or \"name: value\", got \"%1\"")
                                         .arg(content));
        line.key = content.left(colon).trimmed();
        afterKey = colon + 1;
    }
    const QString value = content.mid(afterKey).trimmed();
    if (value.isEmpty())
        return line;
    line.hasValue = true;
    const QChar v = value.front();
    if (v == QLatin1Char('"') || v == QLatin1Char('\'')) {
        const auto text = quoted(value, 0);
        if (!text || !value.mid(text->second).trimmed().isEmpty())
            return yamlLineError(
                    m_file, number, QStringLiteral("a quoted value that does not end on its line"));
        line.value = text->first;
    } else if (v == QLatin1Char('[') || v == QLatin1Char('{')) {
        if (!value.endsWith(v == QLatin1Char('[') ? QLatin1Char(']') : QLatin1Char('}')))
            return yamlLineError(
                    m_file,
                    number,
                    QStringLiteral("a [list] or {mapping} value must end on its line"));
        line.value = value; // kept as written: no inventory setting Gatescope reads is one
    } else if (unsupported.contains(v)) {
        return yamlLineError(
                m_file,
                number,
                QStringLiteral("\"%1\": anchors, aliases, tags and block scalars are not read")
                        .arg(value));
    } else {
        line.value = value;
    }
    return line;
}

Result<YamlNode> Reader::parseMap(int indent)
{
    YamlNode node;
    node.isMap = true;
    node.isNull = false;
    node.line = m_pos < m_lines.size() ? m_lines.at(m_pos).number : 0;
    while (m_pos < m_lines.size()) {
        const YamlLine line = m_lines.at(m_pos);
        if (line.indent < indent)
            break;
        if (line.indent > indent)
            return yamlLineError(
                    m_file,
                    line.number,
                    QStringLiteral("unexpected indentation (%1 spaces where %2 were expected)")
                            .arg(line.indent)
                            .arg(indent));
        ++m_pos;
        const bool nested = m_pos < m_lines.size() && m_lines.at(m_pos).indent > indent;
        YamlNode child;
        if (line.hasValue) {
            if (nested)
                return yamlLineError(
                        m_file,
                        m_lines.at(m_pos).number,
                        QStringLiteral(
                                "unexpected indentation: \"%1\" on line %2 already has a value")
                                .arg(line.key)
                                .arg(line.number));
            static const QStringList nulls{QStringLiteral("~"),
                                           QStringLiteral("null"),
                                           QStringLiteral("Null"),
                                           QStringLiteral("NULL")};
            child.isNull = nulls.contains(line.value);
            child.scalar = child.isNull ? QString() : line.value;
        } else if (nested) {
            Result<YamlNode> map = parseMap(m_lines.at(m_pos).indent);
            if (!map)
                return map.error();
            child = std::move(*map);
        }
        child.line = line.number;
        node.entries.append({line.key, std::move(child)});
    }
    return node;
}

Result<YamlNode> Reader::parseDocument()
{
    if (m_lines.isEmpty())
        return YamlNode{};
    Result<YamlNode> root = parseMap(m_lines.first().indent);
    if (root && m_pos < m_lines.size())
        return yamlLineError(m_file,
                             m_lines.at(m_pos).number,
                             QStringLiteral("this line is indented less than the first one"));
    return root;
}

QString valueText(const YamlNode &node)
{
    return node.isMap ? QStringLiteral("{…}") : node.scalar;
}

Result<void> readGroup(AnsibleInventory &inv,
                       const QString &file,
                       const QString &name,
                       const YamlNode &node,
                       const QString &parent);

Result<void>
readHosts(AnsibleInventory &inv, const QString &file, const QString &group, const YamlNode &hosts)
{
    if (hosts.isNull)
        return {};
    if (!hosts.isMap)
        return yamlLineError(
                file,
                hosts.line,
                QStringLiteral("hosts: of group \"%1\" must be a mapping of host names")
                        .arg(group));
    for (const auto &[pattern, vars] : hosts.entries) {
        QString rangeError;
        const QStringList names = AnsibleInventory::expandHostPattern(pattern, &rangeError);
        if (!rangeError.isEmpty())
            return yamlLineError(file, vars.line, rangeError);
        if (!vars.isNull && !vars.isMap)
            return yamlLineError(
                    file,
                    vars.line,
                    QStringLiteral("host \"%1\": its variables must be a mapping (name: "
                                   "value), got \"%2\"")
                            .arg(pattern, vars.scalar));
        for (const QString &name : names) {
            AnsibleInventory::Host &host = inv.ensureHost(name, vars.line);
            for (const auto &[key, value] : vars.entries)
                host.vars.insert(key, valueText(value));
            inv.addHostToGroup(name, group);
        }
    }
    return {};
}

Result<void> readGroup(AnsibleInventory &inv,
                       const QString &file,
                       const QString &name,
                       const YamlNode &node,
                       const QString &parent)
{
    inv.ensureGroup(name);
    if (!parent.isEmpty())
        inv.addChild(parent, name);
    if (node.isNull)
        return {};
    if (!node.isMap)
        return yamlLineError(
                file,
                node.line,
                QStringLiteral(
                        "group \"%1\" must be a mapping of hosts:, children: and vars:, got \"%2\"")
                        .arg(name, node.scalar));
    for (const auto &[key, child] : node.entries) {
        if (key == QLatin1String("hosts")) {
            if (Result<void> r = readHosts(inv, file, name, child); !r)
                return r;
        } else if (key == QLatin1String("children")) {
            if (child.isNull)
                continue;
            if (!child.isMap)
                return yamlLineError(
                        file,
                        child.line,
                        QStringLiteral("children: of group \"%1\" must be a mapping of group names")
                                .arg(name));
            for (const auto &[childName, childNode] : child.entries) {
                if (Result<void> r = readGroup(inv, file, childName, childNode, name); !r)
                    return r;
            }
        } else if (key == QLatin1String("vars")) {
            if (child.isNull)
                continue;
            if (!child.isMap)
                return yamlLineError(
                        file,
                        child.line,
                        QStringLiteral("vars: of group \"%1\" must be a mapping (name: value)")
                                .arg(name));
            for (const auto &[var, value] : child.entries)
                inv.ensureGroup(name).vars.insert(var, valueText(value));
        } else {
            return yamlLineError(file,
                                 child.line,
                                 QStringLiteral("\"%1\" in group \"%2\": a group holds hosts:, "
                                                "children: and vars: only")
                                         .arg(key, name));
        }
    }
    return {};
}

} // namespace

Result<AnsibleInventory> AnsibleYamlReader::read(QByteArrayView text, const QString &fileName)
{
    Reader reader(fileName);
    if (Result<void> tokens = reader.tokenize(QString::fromUtf8(text)); !tokens)
        return tokens.error();
    Result<YamlNode> root = reader.parseDocument();
    if (!root)
        return root.error();
    AnsibleInventory inv;
    if (!root->isNull) {
        for (const auto &[group, node] : root->entries) {
            if (Result<void> r = readGroup(inv, fileName, group, node, QString()); !r)
                return r.error();
        }
    }
    inv.finish();
    return inv;
}

} // namespace gs::inventory
