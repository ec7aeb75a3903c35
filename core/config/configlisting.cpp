#include "config/configlisting.h"

#include "remote/scriptfile.h"

namespace gs::config {

void ConfigListing::service(int index)
{
    m_arguments << QStringLiteral("svc") << QString::number(index);
}

void ConfigListing::file(const QString &path)
{
    m_arguments << QStringLiteral("file") << path;
}

void ConfigListing::glob(const QString &glob)
{
    const qsizetype slash = glob.lastIndexOf(QLatin1Char('/'));
    const QString dir = slash > 0 ? glob.left(slash) : QStringLiteral("/");
    QString pattern;
    for (QChar c : glob.mid(slash + 1)) {
        const bool plain = c.isLetterOrNumber() || c == QLatin1Char('*') || c == QLatin1Char('?')
                           || c == QLatin1Char('.') || c == QLatin1Char('-')
                           || c == QLatin1Char('_');
        pattern += plain ? c : QLatin1Char('?');
    }
    m_arguments << QStringLiteral("glob") << dir << pattern;
}

void ConfigListing::append(const ConfigListing &other)
{
    m_arguments += other.m_arguments;
}

QString ConfigListing::command() const
{
    return remote::ScriptFile::command(u"config-file-list.sh", m_arguments, u"file-meta.sh");
}

} // namespace gs::config
