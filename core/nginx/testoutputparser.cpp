#include "nginx/testoutputparser.h"

#include "nginx/errorlogparser.h"

#include <QJsonArray>

namespace gs::nginx {

namespace {

bool isErrorLevel(const QString &level)
{
    return level == QLatin1String("emerg") || level == QLatin1String("alert")
           || level == QLatin1String("crit") || level == QLatin1String("error");
}

// Splits "MSG in /path/file.conf:12" into message, file and line.
void splitLocation(TestOutputParser::Message *m)
{
    const qsizetype in = m->text.lastIndexOf(QLatin1String(" in "));
    if (in < 0)
        return;
    const QString where = m->text.mid(in + 4);
    const qsizetype colon = where.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return;
    bool ok = false;
    const int line = where.mid(colon + 1).toInt(&ok);
    if (!ok || line <= 0 || where.contains(QLatin1Char(' ')))
        return;
    m->file = where.left(colon);
    m->line = line;
    m->text.truncate(in);
}

// "the configuration file F syntax is ok" -> F
QString between(QStringView s, QLatin1String before, QLatin1String after)
{
    const qsizetype a = s.indexOf(before);
    const qsizetype b = s.lastIndexOf(after);
    if (a < 0 || b < 0 || b < a + before.size())
        return {};
    return s.mid(a + before.size(), b - a - before.size()).toString();
}

} // namespace

QList<TestOutputParser::Message> TestOutputParser::Result::errors() const
{
    QList<Message> out;
    for (const Message &m : messages) {
        if (isErrorLevel(m.level))
            out.append(m);
    }
    return out;
}

QList<TestOutputParser::Message> TestOutputParser::Result::warnings() const
{
    QList<Message> out;
    for (const Message &m : messages) {
        if (m.level == QLatin1String("warn"))
            out.append(m);
    }
    return out;
}

QJsonObject TestOutputParser::Result::toJson() const
{
    QJsonArray msgs;
    for (const Message &m : messages) {
        QJsonObject o{{QStringLiteral("level"), m.level},
                      {QStringLiteral("text"), m.text},
                      {QStringLiteral("output_line"), m.outputLine}};
        if (!m.file.isEmpty()) {
            o.insert(QStringLiteral("file"), m.file);
            o.insert(QStringLiteral("line"), m.line);
        }
        msgs.append(o);
    }
    return QJsonObject{{QStringLiteral("ok"), ok},
                       {QStringLiteral("syntax_ok"), syntaxOk},
                       {QStringLiteral("config_file"), configFile},
                       {QStringLiteral("messages"), msgs}};
}

TestOutputParser::Result TestOutputParser::parse(QStringView text)
{
    Result r;
    bool failed = false;
    bool successful = false;
    int lineNo = 0;
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        ++lineNo;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const QLatin1String prefix("nginx: ");
        if (line.startsWith(prefix)) {
            const QStringView rest = line.mid(prefix.size());
            if (rest.startsWith(QLatin1Char('['))) {
                const qsizetype close = rest.indexOf(QLatin1Char(']'));
                if (close > 1) {
                    Message m;
                    m.level = rest.mid(1, close - 1).toString();
                    m.text = rest.mid(close + 1).trimmed().toString();
                    m.outputLine = lineNo;
                    m.raw = line.toString();
                    splitLocation(&m);
                    r.messages.append(m);
                }
            } else if (rest.endsWith(QLatin1String(" syntax is ok"))) {
                r.syntaxOk = true;
                r.configFile = between(
                        rest, QLatin1String("configuration file "), QLatin1String(" syntax is ok"));
            } else if (rest.endsWith(QLatin1String(" test is successful"))) {
                successful = true;
                r.configFile = between(rest,
                                       QLatin1String("configuration file "),
                                       QLatin1String(" test is successful"));
            } else if (rest.endsWith(QLatin1String(" test failed"))) {
                failed = true;
                r.configFile = between(
                        rest, QLatin1String("configuration file "), QLatin1String(" test failed"));
            }
            continue;
        }
        ErrorLogEntry e;
        const QByteArray utf8 = line.toUtf8();
        if (ErrorLogParser::parseHeaderLine(utf8, &e)) {
            Message m;
            m.level = e.level;
            m.text = e.message;
            m.outputLine = lineNo;
            m.raw = line.toString();
            splitLocation(&m);
            r.messages.append(m);
        }
    }
    r.ok = successful && !failed;
    return r;
}

} // namespace gs::nginx
