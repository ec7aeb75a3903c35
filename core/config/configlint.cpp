#include "config/configlint.h"

#include "config/nginxdirectivenames.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

namespace gs::config {

namespace {

// Blocks whose bodies are data (MIME types, map and geo values, Lua), not directives.
bool isDataBlock(QStringView name)
{
    static const QSet<QString> blocks{QStringLiteral("types"),
                                      QStringLiteral("map"),
                                      QStringLiteral("geo"),
                                      QStringLiteral("split_clients"),
                                      QStringLiteral("charset_map"),
                                      QStringLiteral("match"),
                                      QStringLiteral("perl_set")};
    return blocks.contains(name.toString()) || name.endsWith(QLatin1String("_by_lua_block"));
}

struct Token
{
    QString text;
    int line = 0;
    int column = 0;
    bool quoted = false;
};

struct Frame
{
    QString name;
    int line = 0;
    int column = 0;
    bool data = false;
};

using Problem = ConfigLint::Problem;

Problem
problem(int line, int column, int length, Problem::Severity severity, const QString &message)
{
    return Problem{line, column, length, severity, message};
}

} // namespace

bool ConfigLint::isKnownNginxDirective(QStringView name)
{
    return nginxDirectiveNames().contains(name.toString());
}

QList<Problem> ConfigLint::lintNginx(QStringView text)
{
    QList<Problem> problems;
    QList<Frame> stack;
    QList<Token> statement;
    int line = 1;
    int column = 0;
    qsizetype i = 0;
    const qsizetype n = text.size();

    const auto finishStatement = [&](bool withSemicolon, int atLine) {
        if (statement.isEmpty())
            return;
        const Token &first = statement.first();
        const bool inData = !stack.isEmpty() && stack.last().data;
        if (!withSemicolon) {
            problems << problem(statement.last().line,
                                0,
                                0,
                                Problem::Severity::Error,
                                QStringLiteral("missing ';' after \"%1\"").arg(first.text));
        } else if (!inData) {
            // A statement running over several lines where a later line starts with a
            // directive: the previous line most likely lacks its ';'.
            for (qsizetype k = 1; k < statement.size(); ++k) {
                const Token &token = statement.at(k);
                if (token.line != statement.at(k - 1).line && !token.quoted
                    && isKnownNginxDirective(token.text)
                    && first.text != QLatin1String("log_format")) {
                    problems << problem(
                            statement.at(k - 1).line,
                            0,
                            0,
                            Problem::Severity::Error,
                            QStringLiteral("missing ';' at the end of this line (\"%1\" "
                                           "on the next line is a directive)")
                                    .arg(token.text));
                    break;
                }
            }
        }
        Q_UNUSED(atLine);
        statement.clear();
    };

    while (i < n) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\n')) {
            ++line;
            column = 0;
            ++i;
            continue;
        }
        ++column;
        if (c.isSpace()) {
            ++i;
            continue;
        }
        if (c == QLatin1Char('#')) {
            while (i < n && text.at(i) != QLatin1Char('\n'))
                ++i;
            continue;
        }
        if (c == QLatin1Char(';')) {
            if (statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
                problems << problem(line,
                                    column,
                                    1,
                                    Problem::Severity::Warning,
                                    QStringLiteral("empty statement"));
            finishStatement(true, line);
            ++i;
            continue;
        }
        if (c == QLatin1Char('{')) {
            Frame frame;
            frame.name = statement.isEmpty() ? QString() : statement.first().text;
            frame.line = line;
            frame.column = column;
            frame.data = (!stack.isEmpty() && stack.last().data) || isDataBlock(frame.name);
            if (statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
                problems << problem(line,
                                    column,
                                    1,
                                    Problem::Severity::Error,
                                    QStringLiteral("'{' without a directive before it"));
            if (!statement.isEmpty() && !(!stack.isEmpty() && stack.last().data)) {
                const Token &first = statement.first();
                if (!isKnownNginxDirective(first.text))
                    problems << problem(first.line,
                                        first.column,
                                        int(first.text.size()),
                                        Problem::Severity::Warning,
                                        QStringLiteral("unknown directive \"%1\"").arg(first.text));
            }
            statement.clear();
            stack << frame;
            ++i;
            continue;
        }
        if (c == QLatin1Char('}')) {
            if (!statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
                finishStatement(false, line);
            statement.clear();
            if (stack.isEmpty())
                problems << problem(line,
                                    column,
                                    1,
                                    Problem::Severity::Error,
                                    QStringLiteral("unexpected '}' (no block is open)"));
            else
                stack.removeLast();
            ++i;
            continue;
        }
        // A word or a quoted string.
        Token token;
        token.line = line;
        token.column = column;
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            token.quoted = true;
            const QChar quote = c;
            const int startLine = line;
            const int startColumn = column;
            ++i;
            bool closed = false;
            while (i < n) {
                const QChar d = text.at(i);
                if (d == QLatin1Char('\\') && i + 1 < n) {
                    token.text += text.at(i + 1);
                    i += 2;
                    column += 2;
                    continue;
                }
                if (d == QLatin1Char('\n')) {
                    ++line;
                    column = 0;
                } else {
                    ++column;
                }
                ++i;
                if (d == quote) {
                    closed = true;
                    break;
                }
                token.text += d;
            }
            if (!closed) {
                problems << problem(startLine,
                                    startColumn,
                                    1,
                                    Problem::Severity::Error,
                                    QStringLiteral("unterminated quoted string"));
                return problems;
            }
        } else {
            while (i < n) {
                const QChar d = text.at(i);
                if (d.isSpace() || d == QLatin1Char(';') || d == QLatin1Char('{')
                    || d == QLatin1Char('}')) {
                    // "${var}" keeps its braces.
                    if (d == QLatin1Char('{') && token.text.endsWith(QLatin1Char('$'))) {
                        while (i < n && text.at(i) != QLatin1Char('}')) {
                            token.text += text.at(i);
                            ++i;
                            ++column;
                        }
                        if (i < n) {
                            token.text += text.at(i);
                            ++i;
                            ++column;
                        }
                        continue;
                    }
                    break;
                }
                token.text += d;
                ++i;
                ++column;
            }
            --column; // the loop above counted the first character twice
        }
        const bool inData = !stack.isEmpty() && stack.last().data;
        if (statement.isEmpty() && !inData && !token.quoted && !isKnownNginxDirective(token.text)) {
            // Reported once the statement ends with '{' (block) or here for simple ones.
            const qsizetype next = i;
            qsizetype k = next;
            while (k < n && text.at(k) != QLatin1Char(';') && text.at(k) != QLatin1Char('{')
                   && text.at(k) != QLatin1Char('}'))
                ++k;
            if (k >= n || text.at(k) != QLatin1Char('{'))
                problems << problem(token.line,
                                    token.column,
                                    int(token.text.size()),
                                    Problem::Severity::Warning,
                                    QStringLiteral("unknown directive \"%1\"").arg(token.text));
        }
        statement << token;
    }
    if (!statement.isEmpty() && !(!stack.isEmpty() && stack.last().data))
        finishStatement(false, line);
    for (const Frame &frame : stack)
        problems << problem(frame.line,
                            frame.column,
                            1,
                            Problem::Severity::Error,
                            QStringLiteral("'{' of \"%1\" is never closed").arg(frame.name));
    return problems;
}

bool ConfigLint::isKnownFpmKey(QStringView key)
{
    static const QSet<QString> known{QStringLiteral("pid"),
                                     QStringLiteral("error_log"),
                                     QStringLiteral("syslog.facility"),
                                     QStringLiteral("syslog.ident"),
                                     QStringLiteral("log_level"),
                                     QStringLiteral("log_limit"),
                                     QStringLiteral("log_buffering"),
                                     QStringLiteral("emergency_restart_threshold"),
                                     QStringLiteral("emergency_restart_interval"),
                                     QStringLiteral("process_control_timeout"),
                                     QStringLiteral("process.max"),
                                     QStringLiteral("process.priority"),
                                     QStringLiteral("daemonize"),
                                     QStringLiteral("rlimit_files"),
                                     QStringLiteral("rlimit_core"),
                                     QStringLiteral("events.mechanism"),
                                     QStringLiteral("systemd_interval"),
                                     QStringLiteral("include"),
                                     QStringLiteral("prefix"),
                                     QStringLiteral("user"),
                                     QStringLiteral("group"),
                                     QStringLiteral("listen"),
                                     QStringLiteral("listen.backlog"),
                                     QStringLiteral("listen.owner"),
                                     QStringLiteral("listen.group"),
                                     QStringLiteral("listen.mode"),
                                     QStringLiteral("listen.acl_users"),
                                     QStringLiteral("listen.acl_groups"),
                                     QStringLiteral("listen.allowed_clients"),
                                     QStringLiteral("listen.setfib"),
                                     QStringLiteral("process.dumpable"),
                                     QStringLiteral("pm"),
                                     QStringLiteral("pm.max_children"),
                                     QStringLiteral("pm.start_servers"),
                                     QStringLiteral("pm.min_spare_servers"),
                                     QStringLiteral("pm.max_spare_servers"),
                                     QStringLiteral("pm.max_spawn_rate"),
                                     QStringLiteral("pm.process_idle_timeout"),
                                     QStringLiteral("pm.max_requests"),
                                     QStringLiteral("pm.status_path"),
                                     QStringLiteral("pm.status_listen"),
                                     QStringLiteral("ping.path"),
                                     QStringLiteral("ping.response"),
                                     QStringLiteral("access.log"),
                                     QStringLiteral("access.format"),
                                     QStringLiteral("slowlog"),
                                     QStringLiteral("request_slowlog_timeout"),
                                     QStringLiteral("request_slowlog_trace_depth"),
                                     QStringLiteral("request_terminate_timeout"),
                                     QStringLiteral("request_terminate_timeout_track_finished"),
                                     QStringLiteral("chroot"),
                                     QStringLiteral("chdir"),
                                     QStringLiteral("catch_workers_output"),
                                     QStringLiteral("decorate_workers_output"),
                                     QStringLiteral("clear_env"),
                                     QStringLiteral("security.limit_extensions"),
                                     QStringLiteral("apparmor_hat")};
    const QString k = key.toString();
    if (known.contains(k))
        return true;
    static const QRegularExpression bracketed(QStringLiteral(
            "^(env|php_value|php_flag|php_admin_value|php_admin_flag)\\[[^\\]]+\\]$"));
    return bracketed.match(k).hasMatch();
}

QList<Problem> ConfigLint::lintFpm(QStringView text)
{
    QList<Problem> problems;
    static const QRegularExpression section(QStringLiteral("^\\s*\\[[^\\]]+\\]\\s*(;.*)?$"));
    static const QRegularExpression pair(QStringLiteral("^\\s*([A-Za-z0-9_.\\[\\]-]+)\\s*=(.*)$"));
    const QStringList lines = text.toString().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &raw = lines.at(i);
        const QString trimmed = raw.trimmed();
        const int lineNo = int(i + 1);
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char(';'))
            || trimmed.startsWith(QLatin1Char('#')))
            continue;
        if (section.match(raw).hasMatch())
            continue;
        const auto match = pair.match(raw);
        if (!match.hasMatch()) {
            problems << problem(lineNo,
                                0,
                                0,
                                Problem::Severity::Error,
                                QStringLiteral("expected \"key = value\" or \"[section]\""));
            continue;
        }
        const QString key = match.captured(1);
        if (!isKnownFpmKey(key))
            problems << problem(lineNo,
                                int(match.capturedStart(1)) + 1,
                                int(key.size()),
                                Problem::Severity::Warning,
                                QStringLiteral("unknown PHP-FPM setting \"%1\"").arg(key));
        const QString value = match.captured(2).trimmed();
        if (value.startsWith(QLatin1Char('"'))
            && (value.size() < 2 || !value.endsWith(QLatin1Char('"'))))
            problems << problem(lineNo,
                                0,
                                0,
                                Problem::Severity::Error,
                                QStringLiteral("unterminated quoted value"));
    }
    return problems;
}

} // namespace gs::config
