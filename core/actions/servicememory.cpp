#include "actions/servicememory.h"

#include "inventory/inventory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace gs::actions {

namespace {

QJsonObject load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject daemonJson(const ServiceMemory::Daemon &daemon)
{
    return QJsonObject{{QStringLiteral("binary"), daemon.binary},
                       {QStringLiteral("args"), QJsonArray::fromStringList(daemon.args)},
                       {QStringLiteral("config"), daemon.config}};
}

ServiceMemory::Daemon daemonFrom(const QJsonObject &json)
{
    ServiceMemory::Daemon daemon;
    daemon.binary = json.value(QStringLiteral("binary")).toString();
    for (const auto &arg : json.value(QStringLiteral("args")).toArray())
        daemon.args << arg.toString();
    daemon.config = json.value(QStringLiteral("config")).toString();
    return daemon;
}

} // namespace

QString ServiceMemory::defaultPath()
{
    return inventory::Inventory::dataDir() + QStringLiteral("/services.json");
}

QStringList ServiceMemory::nginxArgsFromTitle(const QString &title)
{
    const QString prefix = QStringLiteral("nginx: master process ");
    QString rest = title.startsWith(prefix) ? title.mid(prefix.size()) : title;
    QStringList words = rest.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (!words.isEmpty())
        words.removeFirst(); // the binary itself
    return words;
}

void ServiceMemory::remember(const QString &hostKey,
                             const discovery::HostFacts &facts,
                             const QString &path)
{
    if (!facts.nginx.running && facts.fpm.masters.isEmpty())
        return;
    QJsonObject all = load(path);
    QJsonObject host = all.value(hostKey).toObject();
    if (facts.nginx.running) {
        Daemon nginx;
        nginx.binary = facts.nginx.binary;
        nginx.config = facts.nginx.config;
        if (!facts.nginx.prefix.isEmpty() && facts.nginx.prefix != facts.nginx.compiledPrefix)
            nginx.args << QStringLiteral("-p") << facts.nginx.prefix;
        if (facts.nginx.config != facts.nginx.compiledConfPath)
            nginx.args << QStringLiteral("-c") << facts.nginx.config;
        host.insert(QStringLiteral("nginx"), daemonJson(nginx));
    }
    if (!facts.fpm.masters.isEmpty()) {
        // Keep masters seen before: one that is down now is exactly the one to start later.
        QJsonArray masters;
        QStringList configs;
        for (const auto &master : facts.fpm.masters)
            configs << master.config;
        for (const auto &old : host.value(QStringLiteral("php-fpm")).toArray()) {
            if (!configs.contains(old.toObject().value(QStringLiteral("config")).toString()))
                masters.append(old);
        }
        for (const auto &master : facts.fpm.masters) {
            Daemon fpm;
            fpm.binary = master.binary;
            fpm.config = master.config;
            fpm.args << QStringLiteral("-y") << master.config;
            masters.append(daemonJson(fpm));
        }
        host.insert(QStringLiteral("php-fpm"), masters);
    }
    all.insert(hostKey, host);
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(QJsonDocument(all).toJson());
        file.commit();
    }
}

std::optional<ServiceMemory::Daemon> ServiceMemory::nginx(const QString &hostKey,
                                                          const QString &path)
{
    const QJsonObject host = load(path).value(hostKey).toObject();
    if (!host.contains(QStringLiteral("nginx")))
        return std::nullopt;
    return daemonFrom(host.value(QStringLiteral("nginx")).toObject());
}

QList<ServiceMemory::Daemon> ServiceMemory::fpm(const QString &hostKey, const QString &path)
{
    QList<Daemon> list;
    for (const auto &daemon :
         load(path).value(hostKey).toObject().value(QStringLiteral("php-fpm")).toArray())
        list << daemonFrom(daemon.toObject());
    return list;
}

} // namespace gs::actions
