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

QString ScriptFile::command(QStringView name, const QStringList &arguments)
{
    QString command = QStringLiteral("set --");
    for (const QString &argument : arguments)
        command += QLatin1Char(' ') + shellQuote(argument);
    return command + QLatin1Char('\n') + text(name);
}

QString ScriptFile::assignment(QStringView name, const QString &value)
{
    return name.toString() + QLatin1Char('=') + shellQuote(value) + QLatin1Char('\n');
}

} // namespace gs::remote
