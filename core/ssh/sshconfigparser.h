#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace gs::ssh {

// What `~`, `%d` and `%u` expand to. Passed in so that parsing and resolving stay pure.
struct SshConfigContext
{
    QString homeDir;   // the local user's home directory, without a trailing slash
    QString localUser; // the local login name

    QString sshDir() const { return homeDir + QStringLiteral("/.ssh"); }

    // The running process's home directory and login name (reads the environment, nothing else).
    static SshConfigContext system();
};

// Something in the file that was ignored or could not be understood; never fatal.
struct SshConfigDiagnostic
{
    QString file; // empty for the text given to parse() without a name
    int line = 0;
    QString message;
};

// The options OpenSSH would use for one destination, after first-obtained-value-wins resolution.
// Unset options stay unset: the caller knows the defaults (SshTarget applies them).
struct SshResolvedOptions
{
    QString alias;    // what was asked for (the `Host` name)
    QString hostName; // the HostName to connect to; the alias itself when the config names none
    std::optional<QString> user;
    std::optional<int> port;
    QStringList identityFiles; // every IdentityFile in order, `~` and `%` tokens expanded
    std::optional<bool> identitiesOnly;
    std::optional<QString> proxyJump;
    std::optional<QString>
            strictHostKeyChecking;     // kept for information: Gatescope is always strict
    QStringList userKnownHostsFiles;   // expanded
    std::optional<int> connectTimeout; // seconds

    // ProxyJump names a jump host ("none" switches it off).
    bool usesProxyJump() const
    {
        return proxyJump && proxyJump->compare(QLatin1String("none"), Qt::CaseInsensitive) != 0;
    }
};

// A parsed ssh_config file. Keeps the file's lines in order because meaning depends on order
// (first value wins, Host/Match blocks, Include position). Built by SshConfigParser::parse().
struct SshConfig
{
    enum class LineKind { Host, Match, Setting, Include };

    struct HostPattern
    {
        QString pattern; // `*` and `?` are wildcards
        bool negated = false;
    };

    struct MatchCriterion
    {
        QString name;       // lowercase: "all", "host", "originalhost", or an unsupported one
        QStringList values; // comma-separated patterns, `!` kept on each value
        bool negated = false;
    };

    struct Line
    {
        LineKind kind = LineKind::Setting;
        QString file;
        int line = 0;
        QString keyword;  // lowercase, for Setting
        QStringList args; // Setting: the values; Include: absolute path patterns
        QList<HostPattern> hostPatterns;
        QList<MatchCriterion> matchCriteria;
        bool matchSupported = true; // false: a Match we cannot evaluate; its block never applies
        std::vector<SshConfig> included; // filled by expandIncludes(), one per file, sorted by path
        bool includeExpanded = false;
    };

    QString file;
    std::vector<Line> lines;
    QList<SshConfigDiagnostic> diagnostics;

    // Options for `ssh ALIAS`: Host and Match blocks evaluated against the alias, first value wins.
    SshResolvedOptions resolve(const QString &alias, const SshConfigContext &context) const;

    // Names from `Host` lines that name one host: no wildcard, not negated, in file order,
    // without duplicates; includes followed by expandIncludes() count too.
    QStringList listAliases() const;

    // Every Include pattern (absolute, possibly a glob) not yet expanded, this file and below.
    QStringList includePatterns() const;

    // Reads the files an Include pattern names: absolute glob in, (path, text) pairs sorted by
    // path out. An I/O function supplied by the caller (see inventory::SshConfigLoader).
    using IncludeReader = std::function<QList<std::pair<QString, QString>>(const QString &pattern)>;

    // Parses the files every Include names and keeps them in place; nested includes too, up to
    // maxDepth levels (OpenSSH stops at 16), which also ends include loops.
    void
    expandIncludes(const IncludeReader &reader, const SshConfigContext &context, int maxDepth = 16);

    // All diagnostics of this file and its expanded includes.
    QList<SshConfigDiagnostic> allDiagnostics() const;
};

// Parses OpenSSH client configuration text (ssh_config(5)). Pure: no file or environment access.
// Understands Host (several patterns, `*`, `?`, `!`), simple Match (all, host, originalhost),
// Include (paths made absolute against ~/.ssh, expanded later), `keyword value` and
// `keyword=value`, quoted values, and comments. Unknown keywords are kept and otherwise ignored.
class SshConfigParser
{
public:
    static SshConfig
    parse(const QString &text, const SshConfigContext &context, const QString &fileName = {});

    // OpenSSH pattern matching: `*` any run, `?` one character, case-insensitive.
    static bool matchesPattern(const QString &text, const QString &pattern);

    // A TCP port: a whole number from 1 to 65535.
    static std::optional<int> parsePort(const QString &text);

    // Splits a line into words the way OpenSSH does: whitespace, "double" and 'single' quotes,
    // backslash escapes inside quotes, and a `#` that starts a word ends the line.
    static std::optional<QStringList> splitWords(const QString &text);

    // Expands a leading `~` and the tokens %d %u %h %r %p %n %%; unknown tokens are left as they
    // are.
    static QString expandPath(const QString &value,
                              const SshConfigContext &context,
                              const QString &remoteHost = {},
                              const QString &remoteUser = {},
                              const QString &alias = {},
                              int port = 22);
};

} // namespace gs::ssh
