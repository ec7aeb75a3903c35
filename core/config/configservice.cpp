#include "config/configservice.h"

#include "util/shellquote.h"

#include <QJsonArray>

namespace gs::config {

using gs::shellQuote;

QString serviceKindName(ServiceKind kind)
{
    return kind == ServiceKind::Nginx ? QStringLiteral("nginx") : QStringLiteral("php-fpm");
}

QString ConfigService::name() const
{
    if (kind == ServiceKind::Nginx)
        return QStringLiteral("nginx");
    return QStringLiteral("php-fpm (%1)").arg(config);
}

namespace {

// A non-root login often lacks sbin on PATH.
const QString kPath = QStringLiteral("PATH=\"$PATH:/usr/sbin:/sbin:/usr/local/sbin\"; ");

QString nginxCommand(const ConfigService &service)
{
    QString command
            = kPath
              + shellQuote(service.binary.isEmpty() ? QStringLiteral("nginx") : service.binary);
    if (!service.prefix.isEmpty())
        command += QStringLiteral(" -p ") + shellQuote(service.prefix);
    if (!service.config.isEmpty())
        command += QStringLiteral(" -c ") + shellQuote(service.config);
    if (!service.errorLogArg.isEmpty())
        command += QStringLiteral(" -e ") + shellQuote(service.errorLogArg);
    return command;
}

} // namespace

QString ConfigService::dumpCommand() const
{
    return nginxCommand(*this) + QStringLiteral(" -T");
}

QString ConfigService::testCommand() const
{
    if (kind == ServiceKind::Nginx)
        return nginxCommand(*this) + QStringLiteral(" -t 2>&1");
    QString command = kPath;
    command += shellQuote(binary.isEmpty() ? QStringLiteral("php-fpm") : binary)
               + QStringLiteral(" -t");
    if (!config.isEmpty())
        command += QStringLiteral(" -y ") + shellQuote(config);
    return command + QStringLiteral(" 2>&1");
}

QString ConfigService::testCommandText() const
{
    QString text = testCommand();
    if (text.startsWith(kPath))
        text = text.mid(kPath.size());
    if (text.endsWith(QLatin1String(" 2>&1")))
        text.chop(5);
    return text;
}

QString ConfigService::reloadDescription() const
{
    if (!systemdUnit.isEmpty())
        return QStringLiteral("systemctl reload ") + systemdUnit;
    return QStringLiteral("kill -%1 %2")
            .arg(kind == ServiceKind::Nginx ? QStringLiteral("HUP") : QStringLiteral("USR2"))
            .arg(masterPid);
}

QJsonObject ConfigService::toJson() const
{
    QJsonObject json{{QStringLiteral("kind"), serviceKindName(kind)},
                     {QStringLiteral("binary"), binary},
                     {QStringLiteral("config"), config},
                     {QStringLiteral("running"), running()},
                     {QStringLiteral("error_logs"), QJsonArray::fromStringList(errorLogs)}};
    if (masterPid > 0)
        json.insert(QStringLiteral("master_pid"), masterPid);
    if (!prefix.isEmpty())
        json.insert(QStringLiteral("prefix"), prefix);
    if (!pidFile.isEmpty())
        json.insert(QStringLiteral("pid_file"), pidFile);
    if (!systemdUnit.isEmpty())
        json.insert(QStringLiteral("systemd_unit"), systemdUnit);
    return json;
}

} // namespace gs::config
