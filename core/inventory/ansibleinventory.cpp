#include "inventory/ansibleinventory.h"

#include "inventory/ansibleyamlreader.h"

#include <QRegularExpression>

#include <algorithm>

namespace gs::inventory {

namespace {

const QString kAll = QStringLiteral("all");
const QString kUngrouped = QStringLiteral("ungrouped");

Error iniLineError(const QString &fileName, int line, const QString &message)
{
    return makeError(ErrorCode::ParseError,
                     QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(message));
}

// Python's shlex.split(line, comments=True), which Ansible's INI reader uses for host lines:
// words split at blanks, '…' and "…" quoted, a backslash escapes, '#' outside quotes ends it all.
std::optional<QStringList> shellWords(QStringView line)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
            } else if (c == QLatin1Char('\\') && quote == QLatin1Char('"') && i + 1 < line.size()
                       && (line.at(i + 1) == QLatin1Char('"')
                           || line.at(i + 1) == QLatin1Char('\\'))) {
                word += line.at(++i);
            } else {
                word += c;
            }
        } else if (c == QLatin1Char(' ') || c == QLatin1Char('\t')) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
        } else if (c == QLatin1Char('#')) {
            break;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            word += line.at(++i);
            inWord = true;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (!quote.isNull())
        return std::nullopt;
    if (inWord)
        words.append(word);
    return words;
}

// A [group:vars] value as ast.literal_eval would leave a string: outer quotes removed.
QString unquoteValue(QString v)
{
    v = v.trimmed();
    if (v.size() >= 2 && (v.front() == QLatin1Char('"') || v.front() == QLatin1Char('\''))
        && v.back() == v.front())
        return v.mid(1, v.size() - 2);
    return v;
}

// "host:port", "[v6]:port", or a bare name/address; the port empty when absent.
void splitHostPort(const QString &token, QString *host, QString *port)
{
    static const QRegularExpression bracketed(QStringLiteral("^\\[([^\\]]+)\\]:(\\d+)$"));
    static const QRegularExpression hostPort(QStringLiteral("^([^:]+):(\\d+)$"));
    QRegularExpressionMatch m = bracketed.match(token);
    if (!m.hasMatch())
        m = hostPort.match(token);
    if (m.hasMatch()) {
        *host = m.captured(1);
        *port = m.captured(2);
    } else {
        *host = token;
        port->clear();
    }
}

} // namespace

AnsibleInventory::Format AnsibleInventory::detect(QByteArrayView text, const QString &fileName)
{
    const QString lower = fileName.toLower();
    if (lower.endsWith(QLatin1String(".yml")) || lower.endsWith(QLatin1String(".yaml")))
        return Format::Yaml;
    if (lower.endsWith(QLatin1String(".ini")))
        return Format::Ini;
    const QByteArray bytes = text.toByteArray();
    for (QByteArray line : bytes.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#') || line.startsWith(';'))
            continue;
        if (line == "---")
            return Format::Yaml;
        if (line.startsWith('['))
            return Format::Ini;
        const qsizetype hash = line.indexOf(" #");
        if (hash >= 0)
            line = line.first(hash).trimmed();
        return line.endsWith(':') || line.contains(": ") ? Format::Yaml : Format::Ini;
    }
    return Format::Ini;
}

Result<AnsibleInventory> AnsibleInventory::parse(QByteArrayView text, const QString &fileName)
{
    return detect(text, fileName) == Format::Yaml ? parseYaml(text, fileName)
                                                  : parseIni(text, fileName);
}

Result<AnsibleInventory> AnsibleInventory::parseYaml(QByteArrayView text, const QString &fileName)
{
    return AnsibleYamlReader::read(text, fileName);
}

Result<AnsibleInventory> AnsibleInventory::parseIni(QByteArrayView text, const QString &fileName)
{
    static const QRegularExpression section(
            QStringLiteral("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:[#;].*)?$"));
    enum class State { Hosts, Children, Vars };
    AnsibleInventory inv;
    State state = State::Hosts;
    QString group = kUngrouped;
    const QString all = QString::fromUtf8(text);
    const QList<QStringView> lines = QStringView(all).split(QLatin1Char('\n'));
    for (int n = 0; n < lines.size(); ++n) {
        const int lineNo = n + 1;
        const QString line = lines.at(n).trimmed().toString();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))
            || line.startsWith(QLatin1Char(';')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            const auto m = section.match(line);
            if (!m.hasMatch())
                return iniLineError(
                        fileName,
                        lineNo,
                        QStringLiteral("\"%1\" is not a section header like [web] or [web:vars]")
                                .arg(line));
            group = m.captured(1);
            const QString kind = m.captured(2);
            if (kind.isEmpty() || kind == QLatin1String("hosts"))
                state = State::Hosts;
            else if (kind == QLatin1String("children"))
                state = State::Children;
            else if (kind == QLatin1String("vars"))
                state = State::Vars;
            else
                return iniLineError(
                        fileName,
                        lineNo,
                        QStringLiteral("section type \"%1\" is not hosts, children or vars")
                                .arg(kind));
            inv.ensureGroup(group);
            continue;
        }
        if (state == State::Vars) {
            const qsizetype eq = line.indexOf(QLatin1Char('='));
            if (eq <= 0)
                return iniLineError(fileName,
                                    lineNo,
                                    QStringLiteral("expected key=value in [%1:vars], got \"%2\"")
                                            .arg(group, line));
            inv.ensureGroup(group).vars.insert(line.left(eq).trimmed(),
                                               unquoteValue(line.mid(eq + 1)));
            continue;
        }
        const std::optional<QStringList> words = shellWords(line);
        if (!words)
            return iniLineError(fileName, lineNo, QStringLiteral("a quote is not closed"));
        if (words->isEmpty())
            continue;
        if (state == State::Children) {
            if (words->size() != 1)
                return iniLineError(
                        fileName,
                        lineNo,
                        QStringLiteral("[%1:children] lists one group name a line, got \"%2\"")
                                .arg(group, line));
            inv.ensureGroup(words->first());
            inv.addChild(group, words->first());
            continue;
        }
        if (Result<void> host = inv.addIniHostLine(*words, group, fileName, lineNo); !host)
            return host.error();
    }
    inv.finish();
    return inv;
}

Result<void> AnsibleInventory::addIniHostLine(const QStringList &words,
                                              const QString &group,
                                              const QString &fileName,
                                              int lineNo)
{
    QString pattern;
    QString port;
    splitHostPort(words.first(), &pattern, &port);
    QString rangeError;
    const QStringList names = expandHostPattern(pattern, &rangeError);
    if (!rangeError.isEmpty())
        return iniLineError(fileName, lineNo, rangeError);
    QMap<QString, QString> vars;
    if (!port.isEmpty())
        vars.insert(QStringLiteral("ansible_port"), port);
    for (qsizetype w = 1; w < words.size(); ++w) {
        const QString &word = words.at(w);
        const qsizetype eq = word.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return iniLineError(
                    fileName,
                    lineNo,
                    QStringLiteral("expected key=value host variable, got \"%1\"").arg(word));
        vars.insert(word.left(eq), word.mid(eq + 1));
    }
    for (const QString &name : names) {
        Host &host = ensureHost(name, lineNo);
        for (auto it = vars.cbegin(); it != vars.cend(); ++it)
            host.vars.insert(it.key(), it.value());
        addHostToGroup(name, group);
    }
    return {};
}

QStringList AnsibleInventory::expandHostPattern(const QString &pattern, QString *error)
{
    const qsizetype open = pattern.indexOf(QLatin1Char('['));
    if (open < 0)
        return {pattern};
    const qsizetype close = pattern.indexOf(QLatin1Char(']'), open);
    const auto fail = [&](const QString &why) {
        *error = QStringLiteral("host range in \"%1\": %2").arg(pattern, why);
        return QStringList();
    };
    if (close < 0)
        return fail(QStringLiteral("no closing ]"));
    const QStringList parts = pattern.mid(open + 1, close - open - 1).split(QLatin1Char(':'));
    if (parts.size() < 2 || parts.size() > 3)
        return fail(QStringLiteral("write [START:END] or [START:END:STEP]"));
    const QString &begin = parts.at(0);
    const QString &end = parts.at(1);
    bool stepOk = true;
    const int step = parts.size() == 3 ? parts.at(2).toInt(&stepOk) : 1;
    if (!stepOk || step < 1)
        return fail(QStringLiteral("the step must be a positive number"));
    QStringList values;
    bool beginOk = false, endOk = false;
    const int from = begin.toInt(&beginOk);
    const int to = end.toInt(&endOk);
    if (beginOk && endOk) {
        const bool padded = begin.size() > 1 && begin.startsWith(QLatin1Char('0'));
        if (padded && begin.size() != end.size())
            return fail(QStringLiteral(
                    "a zero-padded range needs a start and an end of the same length"));
        if (from > to || to - from > 100000)
            return fail(QStringLiteral("the start must not be past the end"));
        for (int i = from; i <= to; i += step)
            values.append(padded ? QString::number(i).rightJustified(begin.size(), QLatin1Char('0'))
                                 : QString::number(i));
    } else if (begin.size() == 1 && end.size() == 1 && begin.at(0).isLetter()
               && end.at(0).isLetter()) {
        if (begin > end)
            return fail(QStringLiteral("the start must not be past the end"));
        for (char16_t c = begin.at(0).unicode(); c <= end.at(0).unicode();
             c = static_cast<char16_t>(c + step))
            values.append(QString(QChar(c)));
    } else {
        return fail(QStringLiteral("the bounds must be numbers or single letters"));
    }
    QStringList out;
    const QString prefix = pattern.left(open);
    for (const QString &value : values) {
        // A second range further on ("r[1:2]-[a:b]") expands in turn.
        const QStringList rest = expandHostPattern(value + pattern.mid(close + 1), error);
        if (!error->isEmpty())
            return {};
        for (const QString &r : rest)
            out.append(prefix + r);
    }
    return out;
}

const AnsibleInventory::Group *AnsibleInventory::group(const QString &name) const
{
    for (const Group &g : m_groups) {
        if (g.name == name)
            return &g;
    }
    return nullptr;
}

const AnsibleInventory::Host *AnsibleInventory::host(const QString &name) const
{
    for (const Host &h : m_hosts) {
        if (h.name == name)
            return &h;
    }
    return nullptr;
}

AnsibleInventory::Group &AnsibleInventory::ensureGroup(const QString &name)
{
    for (Group &g : m_groups) {
        if (g.name == name)
            return g;
    }
    m_groups.append(Group{name, {}, {}, {}});
    return m_groups.last();
}

AnsibleInventory::Host &AnsibleInventory::ensureHost(const QString &name, int line)
{
    for (Host &h : m_hosts) {
        if (h.name == name)
            return h;
    }
    m_hosts.append(Host{name, {}, line});
    return m_hosts.last();
}

void AnsibleInventory::addHostToGroup(const QString &host, const QString &group)
{
    Group &g = ensureGroup(group);
    if (!g.hosts.contains(host))
        g.hosts.append(host);
}

void AnsibleInventory::addChild(const QString &parent, const QString &child)
{
    Group &g = ensureGroup(parent);
    if (!g.children.contains(child) && child != parent)
        g.children.append(child);
}

void AnsibleInventory::finish()
{
    ensureGroup(kAll);
    ensureGroup(kUngrouped);
    QStringList nested;
    for (const Group &g : std::as_const(m_groups))
        nested += g.children;
    const QList<Group> groups = m_groups;
    for (const Group &g : groups) {
        if (g.name != kAll && !nested.contains(g.name))
            addChild(kAll, g.name);
    }
    // A host only in "all" is ungrouped, and one in another group is not, as Ansible lists it.
    for (const Host &h : std::as_const(m_hosts)) {
        if (groupsOf(h.name).isEmpty())
            addHostToGroup(h.name, kUngrouped);
        else
            ensureGroup(kUngrouped).hosts.removeAll(h.name);
    }
    Group &all = ensureGroup(kAll);
    all.hosts.clear();
}

int AnsibleInventory::depthOf(const QString &name) const
{
    if (name == kAll)
        return 0;
    int depth = 1;
    for (const Group &g : m_groups) {
        if (g.children.contains(name) && g.name != kAll)
            depth = std::max(depth, depthOf(g.name) + 1);
    }
    return depth;
}

QStringList AnsibleInventory::groupsOf(const QString &hostName) const
{
    QStringList direct;
    for (const Group &g : m_groups) {
        if (g.name != kAll && g.name != kUngrouped && g.hosts.contains(hostName))
            direct.append(g.name);
    }
    QStringList all = direct;
    for (qsizetype i = 0; i < all.size(); ++i) {
        for (const Group &g : m_groups) {
            if (g.name != kAll && g.children.contains(all.at(i)) && !all.contains(g.name))
                all.append(g.name);
        }
    }
    return all;
}

QMap<QString, QString> AnsibleInventory::effectiveVars(const QString &hostName) const
{
    QStringList groups = groupsOf(hostName);
    std::sort(groups.begin(), groups.end(), [this](const QString &a, const QString &b) {
        const int da = depthOf(a), db = depthOf(b);
        return da != db ? da < db : a < b;
    });
    groups.prepend(kAll);
    QMap<QString, QString> vars;
    for (const QString &name : std::as_const(groups)) {
        if (const Group *g = group(name))
            vars.insert(g->vars);
    }
    if (const Host *h = host(hostName))
        vars.insert(h->vars);
    return vars;
}

} // namespace gs::inventory
