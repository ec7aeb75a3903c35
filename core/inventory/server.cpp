#include "inventory/server.h"

#include <QJsonArray>

namespace gs::inventory {

namespace {

bool hasSpaceOrControl(const QString &text)
{
    for (const QChar c : text) {
        if (c.isSpace() || c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

Error invalid(const QString &message, const QString &hint = {})
{
    return makeError(ErrorCode::InvalidArgument, message, hint);
}

} // namespace

QString Server::displayAddress() const
{
    QString text = address.contains(QLatin1Char(':')) && port != 22
                           ? QLatin1Char('[') + address + QLatin1Char(']')
                           : address;
    if (!user.isEmpty())
        text = user + QLatin1Char('@') + text;
    if (port != 22)
        text += QLatin1Char(':') + QString::number(port);
    return text;
}

Result<void> Server::validate() const
{
    if (name.trimmed().isEmpty())
        return invalid(QStringLiteral("The server needs a name."),
                       QStringLiteral("Pick a short name you will recognise, like \"shop-prod\"."));
    if (name != name.trimmed() || name.contains(QLatin1Char('\n')))
        return invalid(QStringLiteral("The name cannot start or end with a space."));
    if (address.isEmpty())
        return invalid(QStringLiteral("The server needs an address."),
                       QStringLiteral("Type its host name or IP address, like web1.example.com."));
    if (hasSpaceOrControl(address))
        return invalid(QStringLiteral("The address cannot contain spaces."));
    if (address.contains(QLatin1Char('@')))
        return invalid(QStringLiteral("The address cannot contain '@'."),
                       QStringLiteral("Put the login name in the User field."));
    if (address.count(QLatin1Char(':')) == 1)
        return invalid(QStringLiteral("The address cannot contain ':'."),
                       QStringLiteral("Put the port number in the Port field."));
    if (address.contains(QLatin1Char('/')) || address.startsWith(QLatin1Char('-')))
        return invalid(QStringLiteral("\"%1\" is not a host name or IP address.").arg(address));
    if (port < 1 || port > 65535)
        return invalid(QStringLiteral("The port must be a number from 1 to 65535."));
    if (hasSpaceOrControl(user) || user.contains(QLatin1Char('@')))
        return invalid(QStringLiteral("The user name cannot contain spaces or '@'."));
    return {};
}

QJsonObject Server::toJson() const
{
    QJsonObject object{
            {QStringLiteral("name"), name},
            {QStringLiteral("address"), address},
            {QStringLiteral("port"), port},
            {QStringLiteral("user"), user},
            {QStringLiteral("identity_file"), identityFile},
            {QStringLiteral("known_hosts_file"), knownHostsFile},
            {QStringLiteral("nginx_config"), nginxConfig},
            {QStringLiteral("group"), group},
            {QStringLiteral("tags"), QJsonArray::fromStringList(tags)},
            {QStringLiteral("notes"), notes},
            {QStringLiteral("read_only"), readOnly},
    };
    if (!lastResult.isEmpty()) {
        object.insert(
                QStringLiteral("last_result"),
                QJsonObject{
                        {QStringLiteral("status"), lastResult.status},
                        {QStringLiteral("worst_severity"), lastResult.worstSeverity},
                        {QStringLiteral("summary"), lastResult.summary},
                        {QStringLiteral("time"), lastResult.time.toUTC().toString(Qt::ISODate)},
                });
    }
    return object;
}

Result<Server> Server::fromJson(const QJsonObject &object)
{
    Server server;
    server.name = object.value(QStringLiteral("name")).toString();
    server.address = object.value(QStringLiteral("address")).toString();
    server.port = object.value(QStringLiteral("port")).toInt(22);
    server.user = object.value(QStringLiteral("user")).toString();
    server.identityFile = object.value(QStringLiteral("identity_file")).toString();
    server.knownHostsFile = object.value(QStringLiteral("known_hosts_file")).toString();
    server.nginxConfig = object.value(QStringLiteral("nginx_config")).toString();
    server.group = object.value(QStringLiteral("group")).toString();
    const QJsonArray tags = object.value(QStringLiteral("tags")).toArray();
    for (const QJsonValue &tag : tags) {
        if (tag.isString())
            server.tags.append(tag.toString());
    }
    server.notes = object.value(QStringLiteral("notes")).toString();
    server.readOnly = object.value(QStringLiteral("read_only")).toBool(false);
    const QJsonObject last = object.value(QStringLiteral("last_result")).toObject();
    server.lastResult.status = last.value(QStringLiteral("status")).toString();
    server.lastResult.worstSeverity = last.value(QStringLiteral("worst_severity")).toString();
    server.lastResult.summary = last.value(QStringLiteral("summary")).toString();
    const QString time = last.value(QStringLiteral("time")).toString();
    if (!time.isEmpty())
        server.lastResult.time = QDateTime::fromString(time, Qt::ISODate);

    if (Result<void> valid = server.validate(); !valid) {
        Error error = valid.error();
        error.code = ErrorCode::ParseError;
        error.message = QStringLiteral("Server \"%1\": %2").arg(server.name, error.message);
        return error;
    }
    return server;
}

} // namespace gs::inventory
