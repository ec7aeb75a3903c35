#include "inventory/inventory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace gs::inventory {

namespace {

constexpr int kFormatVersion = 1;

Error corrupt(const QString &path, const QString &why)
{
    return makeError(ErrorCode::ParseError,
                     QStringLiteral("The server list %1 cannot be read: %2.").arg(path, why),
                     QStringLiteral("Fix the file, or move it away to start with an empty list."));
}

QString sameServerReason(const QString &existing)
{
    return QStringLiteral("\"%1\" already points at the same server").arg(existing);
}

} // namespace

QString Inventory::dataDir()
{
    const QString fromEnv = qEnvironmentVariable("GATESCOPE_DATA_DIR");
    if (!fromEnv.isEmpty())
        return QDir::cleanPath(fromEnv);
    // Generic location rather than AppDataLocation: the app and the CLI have different
    // application names but must share one file.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QStringLiteral("/gatescope");
}

QString Inventory::defaultPath()
{
    return dataDir() + QStringLiteral("/inventory.json");
}

Result<Inventory> Inventory::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return Inventory{};
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The server list %1 cannot be opened: %2.")
                                 .arg(path, file.errorString()));
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return corrupt(path,
                       QStringLiteral("%1 at byte %2")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    }
    if (!document.isObject())
        return corrupt(path, QStringLiteral("it does not hold a JSON object"));
    const QJsonObject root = document.object();
    const int version = root.value(QStringLiteral("version")).toInt(kFormatVersion);
    if (version > kFormatVersion) {
        return makeError(ErrorCode::Unsupported,
                         QStringLiteral("The server list %1 was written by a newer Gatescope "
                                        "(format %2).")
                                 .arg(path)
                                 .arg(version),
                         QStringLiteral("Update Gatescope to use it."));
    }
    const QJsonValue servers = root.value(QStringLiteral("servers"));
    if (!servers.isArray() && !servers.isUndefined())
        return corrupt(path, QStringLiteral("\"servers\" is not a list"));
    Inventory inventory;
    const QJsonArray array = servers.toArray();
    for (const QJsonValue &value : array) {
        if (!value.isObject())
            return corrupt(path, QStringLiteral("a server entry is not a JSON object"));
        Result<Server> server = Server::fromJson(value.toObject());
        if (!server)
            return corrupt(path, server.error().message);
        if (Result<void> added = inventory.add(*server); !added)
            return corrupt(path, added.error().message);
    }
    return inventory;
}

Result<QString> Inventory::setAsideCorrupt(const QString &path)
{
    const QString stamp
            = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString target = path + QStringLiteral(".corrupt-") + stamp;
    for (int n = 2; QFile::exists(target); ++n)
        target = path + QStringLiteral(".corrupt-") + stamp + QLatin1Char('-') + QString::number(n);
    if (!QFile::rename(path, target)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The unreadable server list %1 could not be moved to %2.")
                                 .arg(path, target));
    }
    return target;
}

Result<void> Inventory::save(const QString &path) const
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        return makeError(
                ErrorCode::IoError,
                QStringLiteral("The folder %1 cannot be created.").arg(info.absolutePath()));
    }
    QJsonArray servers;
    for (const Server &server : m_servers)
        servers.append(server.toJson());
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion},
                           {QStringLiteral("servers"), servers}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The server list %1 cannot be written: %2.")
                                 .arg(path, file.errorString()));
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("The server list %1 cannot be saved: %2.")
                                 .arg(path, file.errorString()));
    }
    return {};
}

qsizetype Inventory::indexOf(const QString &name, Qt::CaseSensitivity cs) const
{
    for (qsizetype i = 0; i < m_servers.size(); ++i) {
        if (m_servers.at(i).name.compare(name, cs) == 0)
            return i;
    }
    return -1;
}

const Server *Inventory::find(const QString &name) const
{
    const qsizetype index = indexOf(name);
    return index < 0 ? nullptr : &m_servers.at(index);
}

QStringList Inventory::groups() const
{
    QStringList groups;
    for (const Server &server : m_servers) {
        if (!groups.contains(server.group))
            groups.append(server.group);
    }
    std::sort(groups.begin(), groups.end(), [](const QString &a, const QString &b) {
        return a.localeAwareCompare(b) < 0;
    });
    return groups;
}

Result<void> Inventory::add(const Server &server)
{
    if (Result<void> valid = server.validate(); !valid)
        return valid;
    if (indexOf(server.name, Qt::CaseInsensitive) >= 0) {
        return makeError(
                ErrorCode::Conflict,
                QStringLiteral("A server named \"%1\" is already in the list.").arg(server.name),
                QStringLiteral("Pick another name."));
    }
    m_servers.append(server);
    return {};
}

Result<void> Inventory::update(const QString &name, const Server &server)
{
    const qsizetype index = indexOf(name);
    if (index < 0) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("There is no server named \"%1\".").arg(name));
    }
    if (Result<void> valid = server.validate(); !valid)
        return valid;
    const qsizetype other = indexOf(server.name, Qt::CaseInsensitive);
    if (other >= 0 && other != index) {
        return makeError(
                ErrorCode::Conflict,
                QStringLiteral("A server named \"%1\" is already in the list.").arg(server.name),
                QStringLiteral("Pick another name."));
    }
    m_servers[index] = server;
    return {};
}

bool Inventory::remove(const QString &name)
{
    const qsizetype index = indexOf(name);
    if (index < 0)
        return false;
    m_servers.removeAt(index);
    return true;
}

Result<void> Inventory::setLastResult(const QString &name, const Server::LastResult &result)
{
    const qsizetype index = indexOf(name);
    if (index < 0) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("There is no server named \"%1\".").arg(name));
    }
    m_servers[index].lastResult = result;
    return {};
}

QString Inventory::sameServerAs(const Server &server) const
{
    for (const Server &existing : m_servers) {
        if (existing.address.compare(server.address, Qt::CaseInsensitive) == 0
            && existing.port == server.port && existing.user == server.user)
            return existing.name;
    }
    return {};
}

QList<Inventory::ImportCandidate>
Inventory::importCandidates(const ssh::SshConfig &config,
                            const ssh::SshConfigContext &context) const
{
    QList<ImportCandidate> candidates;
    const QStringList aliases = config.listAliases();
    for (const QString &alias : aliases) {
        const ssh::SshResolvedOptions options = config.resolve(alias, context);
        ImportCandidate candidate;
        Server &server = candidate.server;
        server.name = alias;
        server.address = options.hostName;
        server.port = options.port.value_or(22);
        server.user = options.user.value_or(QString());
        server.identityFile = options.identityFiles.value(0);
        server.knownHostsFile = options.userKnownHostsFiles.value(0);
        server.group = QStringLiteral("From ssh config");

        if (options.usesProxyJump()) {
            candidate.skipReason = QStringLiteral("it connects through ProxyJump, which Gatescope "
                                                  "does not support yet");
        } else if (indexOf(alias, Qt::CaseInsensitive) >= 0) {
            candidate.skipReason = QStringLiteral("a server with this name is already in the list");
        } else if (Result<void> valid = server.validate(); !valid) {
            candidate.skipReason = valid.error().message;
        } else if (const QString same = sameServerAs(server); !same.isEmpty()) {
            candidate.skipReason = sameServerReason(same);
        }
        candidates.append(candidate);
    }
    return candidates;
}

Inventory::ImportReport Inventory::importFromSshConfig(const ssh::SshConfig &config,
                                                       const ssh::SshConfigContext &context,
                                                       const QStringList &aliases)
{
    ImportReport report;
    const QList<ImportCandidate> candidates = importCandidates(config, context);
    for (const ImportCandidate &candidate : candidates) {
        if (!aliases.isEmpty() && !aliases.contains(candidate.server.name))
            continue;
        if (!candidate.skipReason.isEmpty()) {
            report.skipped.append({candidate.server.name, candidate.skipReason});
            continue;
        }
        // Two aliases can point at one server; the second is a duplicate of the first.
        if (const QString same = sameServerAs(candidate.server); !same.isEmpty()) {
            report.skipped.append({candidate.server.name, sameServerReason(same)});
            continue;
        }
        if (Result<void> added = add(candidate.server); !added) {
            report.skipped.append({candidate.server.name, added.error().message});
            continue;
        }
        report.added.append(candidate.server.name);
    }
    return report;
}

} // namespace gs::inventory
