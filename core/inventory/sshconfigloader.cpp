#include "inventory/sshconfigloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace gs::inventory {

namespace {

bool isGlob(const QString &component)
{
    return component.contains(QLatin1Char('*')) || component.contains(QLatin1Char('?'))
           || component.contains(QLatin1Char('['));
}

// Expands `components[index..]` below `base`, appending the regular files found to `out`.
void expand(const QString &base, const QStringList &components, qsizetype index, QStringList *out)
{
    if (index == components.size()) {
        if (QFileInfo(base).isFile())
            out->append(base);
        return;
    }
    const QString &component = components.at(index);
    const QString prefix = base == QLatin1String("/") ? base : base + QLatin1Char('/');
    if (!isGlob(component)) {
        expand(prefix + component, components, index + 1, out);
        return;
    }
    const bool last = index + 1 == components.size();
    const QDir dir(base);
    const QStringList names
            = dir.entryList(QStringList{component},
                            (last ? QDir::Files : QDir::Dirs) | QDir::NoDotAndDotDot | QDir::Hidden,
                            QDir::Name);
    for (const QString &name : names)
        expand(prefix + name, components, index + 1, out);
}

} // namespace

QString SshConfigLoader::defaultPath(const ssh::SshConfigContext &context)
{
    return context.sshDir() + QStringLiteral("/config");
}

Result<ssh::SshConfig> SshConfigLoader::load(const QString &path,
                                             const ssh::SshConfigContext &context)
{
    QFile file(path);
    if (!file.exists())
        return ssh::SshConfig{};
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The ssh configuration %1 cannot be read: %2.")
                                 .arg(path, file.errorString()));
    }
    ssh::SshConfig config
            = ssh::SshConfigParser::parse(QString::fromUtf8(file.readAll()), context, path);
    config.expandIncludes(&SshConfigLoader::readPattern, context);
    return config;
}

QList<std::pair<QString, QString>> SshConfigLoader::readPattern(const QString &pattern)
{
    QStringList paths;
    if (QDir::isAbsolutePath(pattern))
        expand(QStringLiteral("/"), pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), 0, &paths);
    QList<std::pair<QString, QString>> files;
    for (const QString &path : std::as_const(paths)) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            files.append({path, QString::fromUtf8(file.readAll())});
    }
    return files;
}

} // namespace gs::inventory
