#include "ssh/sshconfigparser.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

namespace gs::ssh {

namespace {

bool isSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}

bool hasWildcard(const QString &pattern)
{
    return pattern.contains(QLatin1Char('*')) || pattern.contains(QLatin1Char('?'));
}

QString expandHostName(const QString &value, const QString &alias)
{
    QString out;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value.at(i) == QLatin1Char('%') && i + 1 < value.size()) {
            const QChar token = value.at(i + 1);
            if (token == QLatin1Char('h') || token == QLatin1Char('%')) {
                out += token == QLatin1Char('h') ? alias : QStringLiteral("%");
                ++i;
                continue;
            }
        }
        out += value.at(i);
    }
    return out;
}

// Iterative glob match with backtracking on the last `*`; both strings already lowercased.
bool globMatch(const QString &text, const QString &pattern)
{
    qsizetype t = 0;
    qsizetype p = 0;
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        if (p < pattern.size()
            && (pattern.at(p) == QLatin1Char('?') || pattern.at(p) == text.at(t))) {
            ++t;
            ++p;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

// OpenSSH's match_pattern_list(): 1 when a positive pattern matches, -1 when a negated one does
// (a negated match always wins), 0 otherwise.
int matchPatternList(const QString &text, const QStringList &patterns)
{
    int result = 0;
    for (const QString &raw : patterns) {
        const bool negated = raw.startsWith(QLatin1Char('!'));
        const QString pattern = negated ? raw.mid(1) : raw;
        if (!SshConfigParser::matchesPattern(text, pattern))
            continue;
        if (negated)
            return -1;
        result = 1;
    }
    return result;
}

std::optional<bool> parseYesNo(const QString &value)
{
    if (value.compare(QLatin1String("yes"), Qt::CaseInsensitive) == 0)
        return true;
    if (value.compare(QLatin1String("no"), Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

struct ResolveState
{
    QString alias;
    std::optional<QString> hostName;
    SshResolvedOptions options;
    QStringList rawIdentityFiles;
    QSet<QString> seenIdentityFiles; // rawIdentityFiles as a set: 100,000 lines stay linear
    std::optional<QStringList> rawKnownHosts;

    // What `Match host` compares against: the HostName obtained so far, else the alias.
    QString currentHost() const
    {
        if (!hostName)
            return alias;
        return expandHostName(*hostName, alias);
    }
};

bool hostLineMatches(const SshConfig::Line &line, const QString &alias)
{
    bool matched = false;
    for (const SshConfig::HostPattern &pattern : line.hostPatterns) {
        if (!SshConfigParser::matchesPattern(alias, pattern.pattern))
            continue;
        if (pattern.negated)
            return false;
        matched = true;
    }
    return matched;
}

bool matchLineMatches(const SshConfig::Line &line, const ResolveState &state)
{
    if (!line.matchSupported)
        return false;
    for (const SshConfig::MatchCriterion &criterion : line.matchCriteria) {
        bool result = true;
        if (criterion.name == QLatin1String("host"))
            result = matchPatternList(state.currentHost(), criterion.values) == 1;
        else if (criterion.name == QLatin1String("originalhost"))
            result = matchPatternList(state.alias, criterion.values) == 1;
        if (criterion.negated)
            result = !result;
        if (!result)
            return false;
    }
    return true;
}

void applySetting(const SshConfig::Line &line, ResolveState &state)
{
    const QString &key = line.keyword;
    const QString &value = line.args.first();
    SshResolvedOptions &o = state.options;
    if (key == QLatin1String("hostname")) {
        if (!state.hostName)
            state.hostName = value;
    } else if (key == QLatin1String("user")) {
        if (!o.user)
            o.user = value;
    } else if (key == QLatin1String("port")) {
        if (!o.port)
            o.port = SshConfigParser::parsePort(value);
    } else if (key == QLatin1String("identityfile")) {
        if (!state.seenIdentityFiles.contains(value)) {
            state.seenIdentityFiles.insert(value);
            state.rawIdentityFiles.append(value);
        }
    } else if (key == QLatin1String("identitiesonly")) {
        if (!o.identitiesOnly)
            o.identitiesOnly = parseYesNo(value);
    } else if (key == QLatin1String("proxyjump")) {
        if (!o.proxyJump)
            o.proxyJump = value;
    } else if (key == QLatin1String("stricthostkeychecking")) {
        if (!o.strictHostKeyChecking)
            o.strictHostKeyChecking = value.toLower();
    } else if (key == QLatin1String("userknownhostsfile")) {
        if (!state.rawKnownHosts)
            state.rawKnownHosts = line.args;
    } else if (key == QLatin1String("connecttimeout")) {
        if (!o.connectTimeout) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (ok && seconds > 0)
                o.connectTimeout = seconds;
        }
    }
}

void applyLines(const SshConfig &config, ResolveState &state, bool parentActive)
{
    bool active = parentActive;
    for (const SshConfig::Line &line : config.lines) {
        switch (line.kind) {
        case SshConfig::LineKind::Host:
            active = parentActive && hostLineMatches(line, state.alias);
            break;
        case SshConfig::LineKind::Match:
            active = parentActive && matchLineMatches(line, state);
            break;
        case SshConfig::LineKind::Setting:
            if (active)
                applySetting(line, state);
            break;
        case SshConfig::LineKind::Include:
            // An included file starts in the including block's state; its own Host lines only
            // apply while that block does (OpenSSH's SSHCONF_NEVERMATCH).
            for (const SshConfig &included : line.included)
                applyLines(included, state, active);
            break;
        }
    }
}

QString keywordOf(const QString &line, QString *rest)
{
    qsizetype i = 0;
    while (i < line.size() && !isSpace(line.at(i)) && line.at(i) != QLatin1Char('='))
        ++i;
    const QString keyword = line.left(i);
    while (i < line.size() && isSpace(line.at(i)))
        ++i;
    if (i < line.size() && line.at(i) == QLatin1Char('='))
        ++i;
    *rest = line.mid(i);
    return keyword;
}

// What bounds Include: OpenSSH's depth (16, given by the caller), a file already on the include
// stack is not read again (OpenSSH would recurse to the depth limit and give up; a user's
// accidental `Include config` in ~/.ssh/config must not stop the app from starting), and at most
// kMaxIncludedFiles files in all, since a glob that names its own directory multiplies per level.
constexpr int kMaxIncludedFiles = 1000;

struct IncludeWalk
{
    const SshConfig::IncludeReader &reader;
    const SshConfigContext &context;
    QStringList stack; // files being expanded, outermost first
    int filesRead = 0;
};

void expandIncludesOf(SshConfig &config, IncludeWalk &walk, int maxDepth)
{
    auto diagnose = [&config](const SshConfig::Line &line, const QString &message) {
        config.diagnostics.append({config.file, line.line, message});
    };
    for (SshConfig::Line &line : config.lines) {
        if (line.kind != SshConfig::LineKind::Include || line.includeExpanded)
            continue;
        if (maxDepth <= 0) {
            diagnose(line,
                     QStringLiteral("includes are nested too deeply; '%1' is ignored")
                             .arg(line.args.join(QLatin1Char(' '))));
            continue;
        }
        line.includeExpanded = true;
        for (const QString &pattern : std::as_const(line.args)) {
            if (walk.filesRead >= kMaxIncludedFiles) {
                diagnose(line,
                         QStringLiteral("more than %1 included files; '%2' is ignored")
                                 .arg(kMaxIncludedFiles)
                                 .arg(pattern));
                continue;
            }
            const QList<std::pair<QString, QString>> files = walk.reader(pattern);
            for (const auto &[path, text] : files) {
                if (walk.stack.contains(path)) {
                    diagnose(line,
                             QStringLiteral("'%1' includes itself (an include cycle); it is "
                                            "not read again")
                                     .arg(path));
                    continue;
                }
                if (++walk.filesRead > kMaxIncludedFiles) {
                    diagnose(line,
                             QStringLiteral("more than %1 included files; '%2' is ignored")
                                     .arg(kMaxIncludedFiles)
                                     .arg(path));
                    continue;
                }
                SshConfig included = SshConfigParser::parse(text, walk.context, path);
                walk.stack.append(path);
                expandIncludesOf(included, walk, maxDepth - 1);
                walk.stack.removeLast();
                line.included.push_back(std::move(included));
            }
        }
    }
}

void collectAliases(const SshConfig &config, QStringList &aliases, QSet<QString> &seen)
{
    for (const SshConfig::Line &line : config.lines) {
        if (line.kind == SshConfig::LineKind::Host) {
            for (const SshConfig::HostPattern &pattern : line.hostPatterns) {
                if (pattern.negated || hasWildcard(pattern.pattern))
                    continue;
                // Case-insensitive without duplicates; a set keeps 100,000 Host lines linear.
                const QString key = pattern.pattern.toCaseFolded();
                if (seen.contains(key))
                    continue;
                seen.insert(key);
                aliases.append(pattern.pattern);
            }
        } else if (line.kind == SshConfig::LineKind::Include) {
            for (const SshConfig &included : line.included)
                collectAliases(included, aliases, seen);
        }
    }
}

const QStringList &matchCriteriaWithoutArgument()
{
    static const QStringList names{
            QStringLiteral("all"), QStringLiteral("canonical"), QStringLiteral("final")};
    return names;
}

} // namespace

SshConfigContext SshConfigContext::system()
{
    SshConfigContext context;
    context.homeDir = QDir::homePath();
    context.localUser = qEnvironmentVariable("USER");
    if (context.localUser.isEmpty())
        context.localUser = qEnvironmentVariable("LOGNAME");
    return context;
}

std::optional<int> SshConfigParser::parsePort(const QString &text)
{
    bool ok = false;
    const int port = text.toInt(&ok);
    if (!ok || port < 1 || port > 65535)
        return std::nullopt;
    return port;
}

bool SshConfigParser::matchesPattern(const QString &text, const QString &pattern)
{
    return globMatch(text.toLower(), pattern.toLower());
}

std::optional<QStringList> SshConfigParser::splitWords(const QString &text)
{
    QStringList words;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        while (i < n && isSpace(text.at(i)))
            ++i;
        if (i >= n || text.at(i) == QLatin1Char('#'))
            break;
        QString word;
        QChar quote;
        for (; i < n; ++i) {
            const QChar c = text.at(i);
            if (c == QLatin1Char('\\') && i + 1 < n) {
                const QChar next = text.at(i + 1);
                if (next == QLatin1Char('\'') || next == QLatin1Char('"')
                    || next == QLatin1Char('\\') || (quote.isNull() && isSpace(next))) {
                    ++i;
                    word += next;
                } else {
                    word += c;
                }
            } else if (quote.isNull() && isSpace(c)) {
                break;
            } else if (quote.isNull() && (c == QLatin1Char('"') || c == QLatin1Char('\''))) {
                quote = c;
            } else if (!quote.isNull() && c == quote) {
                quote = QChar();
            } else {
                word += c;
            }
        }
        if (!quote.isNull())
            return std::nullopt;
        words.append(word);
    }
    return words;
}

QString SshConfigParser::expandPath(const QString &value,
                                    const SshConfigContext &context,
                                    const QString &remoteHost,
                                    const QString &remoteUser,
                                    const QString &alias,
                                    int port)
{
    QString path = value;
    if (path == QLatin1String("~"))
        path = context.homeDir;
    else if (path.startsWith(QLatin1String("~/")))
        path = context.homeDir + path.mid(1);

    QString out;
    out.reserve(path.size());
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar c = path.at(i);
        if (c != QLatin1Char('%') || i + 1 >= path.size()) {
            out += c;
            continue;
        }
        const QChar token = path.at(++i);
        switch (token.unicode()) {
        case '%': out += QLatin1Char('%'); break;
        case 'd': out += context.homeDir; break;
        case 'u': out += context.localUser; break;
        case 'h': out += remoteHost; break;
        case 'r': out += remoteUser; break;
        case 'n': out += alias; break;
        case 'p': out += QString::number(port); break;
        default:
            // Tokens we cannot know (%C, %l, %i, ...) stay visible rather than vanish.
            out += c;
            out += token;
            break;
        }
    }
    return out;
}

SshConfig SshConfigParser::parse(const QString &text,
                                 const SshConfigContext &context,
                                 const QString &fileName)
{
    SshConfig config;
    config.file = fileName;
    const QStringList rawLines = text.split(QLatin1Char('\n'));
    for (qsizetype index = 0; index < rawLines.size(); ++index) {
        const int lineNumber = int(index) + 1;
        const QString trimmed = rawLines.at(index).trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        auto diagnose = [&](const QString &message) {
            config.diagnostics.append(SshConfigDiagnostic{fileName, lineNumber, message});
        };
        QString rest;
        const QString keyword = keywordOf(trimmed, &rest).toLower();
        const std::optional<QStringList> words = splitWords(rest);
        if (!words) {
            diagnose(QStringLiteral("a quote is not closed; the line is ignored"));
            continue;
        }
        if (words->isEmpty()) {
            diagnose(QStringLiteral("'%1' has no value; the line is ignored").arg(keyword));
            continue;
        }

        SshConfig::Line line;
        line.file = fileName;
        line.line = lineNumber;
        line.keyword = keyword;
        if (keyword == QLatin1String("host")) {
            line.kind = SshConfig::LineKind::Host;
            for (const QString &word : *words) {
                const bool negated = word.startsWith(QLatin1Char('!'));
                line.hostPatterns.append({negated ? word.mid(1) : word, negated});
            }
        } else if (keyword == QLatin1String("match")) {
            line.kind = SshConfig::LineKind::Match;
            for (qsizetype w = 0; w < words->size(); ++w) {
                SshConfig::MatchCriterion criterion;
                QString name = words->at(w).toLower();
                criterion.negated = name.startsWith(QLatin1Char('!'));
                if (criterion.negated)
                    name = name.mid(1);
                criterion.name = name;
                if (!matchCriteriaWithoutArgument().contains(name)) {
                    if (w + 1 >= words->size()) {
                        diagnose(QStringLiteral("'Match %1' has no value").arg(name));
                        line.matchSupported = false;
                        break;
                    }
                    criterion.values = words->at(++w).split(QLatin1Char(','), Qt::SkipEmptyParts);
                }
                if (name != QLatin1String("all") && name != QLatin1String("host")
                    && name != QLatin1String("originalhost")) {
                    diagnose(QStringLiteral("'Match %1' is not supported; this block is ignored")
                                     .arg(name));
                    line.matchSupported = false;
                }
                line.matchCriteria.append(criterion);
            }
        } else if (keyword == QLatin1String("include")) {
            line.kind = SshConfig::LineKind::Include;
            for (const QString &word : *words) {
                QString path = expandPath(word, context);
                if (!QDir::isAbsolutePath(path))
                    path = context.sshDir() + QLatin1Char('/') + path;
                line.args.append(path);
            }
        } else {
            line.kind = SshConfig::LineKind::Setting;
            line.args = *words;
            if (keyword == QLatin1String("port") && !SshConfigParser::parsePort(words->first()))
                diagnose(QStringLiteral("'%1' is not a port number").arg(words->first()));
        }
        config.lines.push_back(std::move(line));
    }
    return config;
}

SshResolvedOptions SshConfig::resolve(const QString &alias, const SshConfigContext &context) const
{
    ResolveState state;
    state.alias = alias;
    state.options.alias = alias;
    applyLines(*this, state, true);

    SshResolvedOptions options = std::move(state.options);
    // HostName knows only %h and %% (expandPath would also turn a leading `~` into a home).
    options.hostName = state.hostName ? expandHostName(*state.hostName, alias) : alias;
    const QString remoteUser = options.user.value_or(context.localUser);
    const int port = options.port.value_or(22);
    for (const QString &raw : std::as_const(state.rawIdentityFiles)) {
        if (raw.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            continue;
        options.identityFiles.append(SshConfigParser::expandPath(
                raw, context, options.hostName, remoteUser, alias, port));
    }
    if (state.rawKnownHosts) {
        for (const QString &raw : std::as_const(*state.rawKnownHosts)) {
            options.userKnownHostsFiles.append(SshConfigParser::expandPath(
                    raw, context, options.hostName, remoteUser, alias, port));
        }
    }
    return options;
}

QStringList SshConfig::listAliases() const
{
    QStringList aliases;
    QSet<QString> seen;
    collectAliases(*this, aliases, seen);
    return aliases;
}

QStringList SshConfig::includePatterns() const
{
    QStringList patterns;
    for (const Line &line : lines) {
        if (line.kind != LineKind::Include)
            continue;
        if (!line.includeExpanded)
            patterns += line.args;
        for (const SshConfig &included : line.included)
            patterns += included.includePatterns();
    }
    return patterns;
}

void SshConfig::expandIncludes(const IncludeReader &reader,
                               const SshConfigContext &context,
                               int maxDepth)
{
    IncludeWalk walk{reader, context, {}, 0};
    if (!file.isEmpty())
        walk.stack.append(file);
    expandIncludesOf(*this, walk, maxDepth);
}

QList<SshConfigDiagnostic> SshConfig::allDiagnostics() const
{
    QList<SshConfigDiagnostic> all = diagnostics;
    for (const Line &line : lines) {
        for (const SshConfig &included : line.included)
            all += included.allDiagnostics();
    }
    return all;
}

} // namespace gs::ssh
