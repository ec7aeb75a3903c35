#include "util/shellquote.h"

namespace gs {

namespace {

bool isSafe(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
           || u == u'_' || u == u'.' || u == u'/' || u == u'-' || u == u'=' || u == u':'
           || u == u'@' || u == u'%' || u == u'+' || u == u',';
}

} // namespace

QString shellQuote(const QString &argument)
{
    if (argument.isEmpty())
        return QStringLiteral("''");
    bool safe = true;
    for (QChar c : argument) {
        if (!isSafe(c)) {
            safe = false;
            break;
        }
    }
    // '=' first would read as an assignment in some contexts; '-' first is the program's
    // business (callers put "--" before operands), quoting would not change it.
    if (safe && argument.front() != QLatin1Char('='))
        return argument;
    QString quoted;
    quoted.reserve(argument.size() + 8);
    quoted += QLatin1Char('\'');
    for (QChar c : argument) {
        if (c == QLatin1Char('\''))
            quoted += QLatin1String("'\\''");
        else
            quoted += c;
    }
    quoted += QLatin1Char('\'');
    return quoted;
}

QString shellCommand(const QString &program, const QStringList &arguments)
{
    if (program.contains(QChar(0)))
        return {};
    QString command = shellQuote(program);
    for (const QString &argument : arguments) {
        if (argument.contains(QChar(0)))
            return {};
        command += QLatin1Char(' ') + shellQuote(argument);
    }
    return command;
}

} // namespace gs
