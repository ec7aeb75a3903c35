#include "connection/connectionsummary.h"

#include <QCoreApplication>
#include <QStringList>

namespace gs::gui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gs::gui::ConnectionSummary", text);
}

} // namespace

QString ConnectionSummary::privilegeText() const
{
    switch (session.privilege) {
    case ssh::Privilege::Root: return tr("logged in as root");
    case ssh::Privilege::SudoNoPassword: return tr("sudo without a password");
    case ssh::Privilege::SudoWithPassword: return tr("sudo with the password you gave");
    default: break;
    }
    return tr("none — %1")
            .arg(session.privilegeDetail.isEmpty() ? tr("unknown why") : session.privilegeDetail);
}

QString ConnectionSummary::oneLine() const
{
    QStringList parts;
    parts << tr("Logged in with %1").arg(session.authMethod);
    switch (session.privilege) {
    case ssh::Privilege::Root: parts << tr("as root"); break;
    case ssh::Privilege::SudoNoPassword:
    case ssh::Privilege::SudoWithPassword: parts << tr("sudo works"); break;
    default: parts << tr("no sudo"); break;
    }
    if (facts && facts->nginx.installed)
        parts << tr("nginx %1").arg(facts->nginx.version);
    return parts.join(QLatin1String(", ")) + QLatin1Char('.');
}

QList<std::pair<QString, QString>> ConnectionSummary::rows() const
{
    QList<std::pair<QString, QString>> rows;
    rows.append({tr("Login"), tr("%1 with %2").arg(session.user, session.authMethod)});
    rows.append(
            {tr("Host key"),
             QStringLiteral("%1 %2").arg(session.hostKey.keyType, session.hostKey.fingerprint)});
    rows.append({tr("Privileges"), privilegeText()});
    if (!facts) {
        rows.append({tr("Facts"), tr("could not be read: %1").arg(factsError)});
        return rows;
    }
    const discovery::HostFacts &f = *facts;
    QStringList system;
    system << (f.os.isEmpty() ? tr("unknown OS") : f.os);
    if (!f.kernel.isEmpty())
        system << f.kernel;
    if (!f.init.isEmpty())
        system << tr("init %1").arg(f.init);
    rows.append({tr("System"), system.join(QLatin1String(", "))});
    if (!f.nginx.installed) {
        rows.append({tr("nginx"), tr("not found")});
    } else {
        rows.append(
                {tr("nginx"),
                 tr("%1, config %2, %3")
                         .arg(f.nginx.version.isEmpty() ? tr("version unknown") : f.nginx.version,
                              f.nginx.config,
                              f.nginx.running ? tr("running (pid %1)").arg(f.nginx.masterPid)
                                              : tr("not running"))});
    }
    if (f.fpm.binaries.isEmpty() && f.fpm.masters.isEmpty()) {
        rows.append({tr("PHP-FPM"), tr("not found")});
    } else {
        QStringList configs;
        for (const discovery::FpmMaster &master : f.fpm.masters)
            configs << master.config;
        rows.append({tr("PHP-FPM"),
                     tr("%1, %2").arg(
                             f.fpm.version.isEmpty() ? tr("installed") : f.fpm.version,
                             configs.isEmpty()
                                     ? tr("not running")
                                     : tr("running: %1").arg(configs.join(QLatin1String(", "))))});
    }
    return rows;
}

QString ConnectionSummary::text() const
{
    QStringList lines;
    for (const auto &[label, value] : rows())
        lines << label + QStringLiteral(": ") + value;
    return lines.join(QLatin1Char('\n'));
}

} // namespace gs::gui
