#include "phpfpm/fpmtestoutputparser.h"

#include "phpfpm/fpmlogparser.h"

#include <QJsonArray>

namespace gs::phpfpm {

namespace {

bool isError(const QString &level)
{
    return level == QLatin1String("ERROR") || level == QLatin1String("ALERT");
}

} // namespace

QList<FpmTestOutputParser::Message> FpmTestOutputParser::Result::errors() const
{
    QList<Message> out;
    for (const Message &m : messages) {
        if (isError(m.level))
            out.append(m);
    }
    return out;
}

QJsonObject FpmTestOutputParser::Result::toJson() const
{
    QJsonArray msgs;
    for (const Message &m : messages) {
        QJsonObject o{{QStringLiteral("level"), m.level},
                      {QStringLiteral("text"), m.text},
                      {QStringLiteral("output_line"), m.outputLine}};
        if (!m.pool.isEmpty())
            o.insert(QStringLiteral("pool"), m.pool);
        if (!m.file.isEmpty()) {
            o.insert(QStringLiteral("file"), m.file);
            o.insert(QStringLiteral("line"), m.line);
        }
        msgs.append(o);
    }
    return QJsonObject{{QStringLiteral("ok"), ok},
                       {QStringLiteral("config_file"), configFile},
                       {QStringLiteral("messages"), msgs}};
}

FpmTestOutputParser::Result FpmTestOutputParser::parse(QStringView output)
{
    Result r;
    bool successful = false;
    bool failed = false;
    int lineNo = 0;
    const QLatin1String okHead("configuration file ");
    const QLatin1String okTail(" test is successful");
    for (QStringView line : output.split(QLatin1Char('\n'))) {
        ++lineNo;
        FpmLogEntry e;
        if (!FpmLogParser::parseLine(line.trimmed(), &e))
            continue;
        Message m;
        m.level = e.level;
        m.pool = e.pool;
        m.text = e.message;
        m.outputLine = lineNo;
        // "[/etc/php/8.2/fpm/pool.d/www.conf:5] value is NULL ..."
        if (m.text.startsWith(QLatin1Char('['))) {
            const qsizetype close = m.text.indexOf(QLatin1Char(']'));
            const QString where = m.text.mid(1, close - 1);
            const qsizetype colon = where.lastIndexOf(QLatin1Char(':'));
            bool ok = false;
            const int l = colon > 0 ? where.mid(colon + 1).toInt(&ok) : 0;
            if (close > 0 && ok) {
                m.file = where.left(colon);
                m.line = l;
                m.text = m.text.mid(close + 1).trimmed();
            }
        }
        if (m.text.startsWith(okHead) && m.text.endsWith(okTail)) {
            successful = true;
            r.configFile = m.text.mid(okHead.size(), m.text.size() - okHead.size() - okTail.size());
        }
        const QLatin1String failedOpen("failed to load configuration file '");
        if (m.text.startsWith(failedOpen) && r.configFile.isEmpty())
            r.configFile = m.text.mid(failedOpen.size()).chopped(1);
        if (isError(m.level))
            failed = true;
        r.messages.append(m);
    }
    r.ok = successful && !failed;
    return r;
}

} // namespace gs::phpfpm
