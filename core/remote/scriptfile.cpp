#include "remote/scriptfile.h"

#include "util/shellquote.h"

#include <QFile>
#include <QHash>
#include <QMutex>

namespace gs::remote {

QString ScriptFile::text(QStringView name)
{
    static QMutex mutex;
    static QHash<QString, QString> cache;
    const QMutexLocker lock(&mutex);
    const QString key = name.toString();
    if (const auto it = cache.constFind(key); it != cache.cend())
        return *it;
    QFile file(QStringLiteral(":/gatescope/scripts/") + key);
    QString text;
    if (file.open(QIODevice::ReadOnly))
        text = QString::fromUtf8(file.readAll());
    cache.insert(key, text);
    return text;
}

QString ScriptFile::command(QStringView name, const QStringList &arguments, QStringView library)
{
    QString command = QStringLiteral("set --");
    for (const QString &argument : arguments)
        command += QLatin1Char(' ') + shellQuote(argument);
    command += QLatin1Char('\n');
    if (!library.isEmpty())
        command += text(library);
    return command + text(name);
}

QString ScriptFile::shCommand(QStringView name, const QStringList &arguments, const QString &inputs)
{
    // "sh" is $0: the arguments start at $1 as they would for a script file.
    QString command
            = QStringLiteral("sh -c ") + shellQuote(inputs + text(name)) + QStringLiteral(" sh");
    for (const QString &argument : arguments)
        command += QLatin1Char(' ') + shellQuote(argument);
    return command;
}

QString ScriptFile::assignment(QStringView name, const QString &value)
{
    return name.toString() + QLatin1Char('=') + shellQuote(value) + QLatin1Char('\n');
}

} // namespace gs::remote
