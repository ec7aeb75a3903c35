#include "config/configfiles.h"

#include "config/configdiscoveryparser.h"
#include "config/configlisting.h"
#include "discovery/factsscript.h"
#include "nginx/configmodel.h"
#include "phpfpm/poolconfigparser.h"
#include "remote/scriptfile.h"
#include "util/sections.h"
#include "util/shellquote.h"

#include <QDir>
#include <QSet>

namespace gs::config {

using gs::shellQuote;

namespace {

remote::CommandRequest privileged(remote::RemoteHost &host, const QString &command)
{
    remote::CommandRequest request;
    request.command = command;
    request.privileged = host.canRunPrivileged();
    return request;
}

QString absoluteIn(const QString &path, const QString &base)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')))
        return path;
    return QDir::cleanPath(base + QLatin1Char('/') + path);
}

// One nginx instance: a running master (its -p/-c/-e) or, when none runs, the compiled-in
// defaults. Reads `nginx -T` for the files in force, the pid file and the error logs.
void readNginx(remote::RemoteHost &host,
               const ConfigDiscoveryParser::NginxMaster *master,
               ConfigFileSet &set,
               QList<QPair<int, QString>> &paths)
{
    const discovery::NginxFacts &facts = set.facts.nginx;
    ConfigService service;
    service.kind = ServiceKind::Nginx;
    service.binary = facts.binary;
    if (master) {
        service.masterPid = master->pid;
        if (!master->exe.isEmpty())
            service.binary = master->exe;
        else if (!master->arguments.isEmpty()
                 && master->arguments.first().startsWith(QLatin1Char('/')))
            service.binary = master->arguments.first();
        service.prefix
                = ConfigDiscoveryParser::optionValue(master->arguments, QStringLiteral("-p"));
        service.config
                = ConfigDiscoveryParser::optionValue(master->arguments, QStringLiteral("-c"));
        service.errorLogArg
                = ConfigDiscoveryParser::optionValue(master->arguments, QStringLiteral("-e"));
        if (!service.config.isEmpty() && !service.prefix.isEmpty())
            service.config = absoluteIn(service.config, service.prefix);
        if (set.facts.hasSystemd())
            service.systemdUnit = ConfigDiscoveryParser::systemdUnit(master->cgroup);
    }
    auto dump = host.run(privileged(host, service.dumpCommand()));
    if (!dump || !dump->succeeded()) {
        QString why = dump ? QString::fromUtf8(dump->stdErr).trimmed() : dump.error().text();
        // The first [emerg] (or [alert]) says it; the rest is noise.
        for (const QString &line : why.split(QLatin1Char('\n'))) {
            if (line.contains(QLatin1String("[emerg]"))
                || line.contains(QLatin1String("[alert]"))) {
                why = line.trimmed();
                break;
            }
        }
        set.problems << QStringLiteral("nginx -T for %1 failed: %2")
                                .arg(service.config.isEmpty() ? facts.compiledConfPath
                                                              : service.config,
                                     why.left(300));
        if (service.config.isEmpty())
            service.config = facts.compiledConfPath;
        set.services << service;
        paths << qMakePair(int(set.services.size() - 1), service.config);
        return;
    }
    auto parsed = nginx::ConfigParser::parseDump(QString::fromUtf8(dump->stdOut));
    if (!parsed) {
        set.problems << parsed.error().message;
        set.services << service;
        return;
    }
    if (service.config.isEmpty())
        service.config = parsed->mainFile();
    const QString prefix = service.prefix.isEmpty() ? facts.compiledPrefix : service.prefix;
    const nginx::ConfigModel model = nginx::ConfigModel::build(
            nginx::ConfigParser::expandIncludes(*parsed), nginx::ConfigModel::Options{prefix});
    service.pidFile = model.pidPath;
    if (!service.errorLogArg.isEmpty())
        service.errorLogs << absoluteIn(service.errorLogArg, prefix);
    for (const auto &log : model.errorLogs) {
        if (log.path.startsWith(QLatin1Char('/')) && !service.errorLogs.contains(log.path)
            && service.errorLogs.size() < 6)
            service.errorLogs << log.path;
    }
    if (service.errorLogs.isEmpty() && !facts.compiledErrorLog.isEmpty())
        service.errorLogs << absoluteIn(facts.compiledErrorLog, prefix);
    set.services << service;
    const int index = int(set.services.size() - 1);
    for (const auto &file : parsed->files)
        paths << qMakePair(index, file.path);
    set.nginxDumps.insert(index, parsed.value());
}

void readFpm(const QHash<QString, QByteArray> &proc,
             ConfigFileSet &set,
             ConfigListing &globs,
             QList<QPair<int, QString>> &paths)
{
    QSet<QString> seen;
    for (const discovery::FpmMaster &master : set.facts.fpm.masters) {
        if (master.config.isEmpty() || seen.contains(master.config))
            continue;
        seen.insert(master.config);
        ConfigService service;
        service.kind = ServiceKind::PhpFpm;
        service.binary = master.binary.isEmpty() ? set.facts.fpm.binaries.value(0) : master.binary;
        service.config = master.config;
        service.masterPid = master.pid;
        const QString key = QStringLiteral("fpm_conf %1").arg(master.pid);
        if (set.facts.hasSystemd())
            service.systemdUnit = ConfigDiscoveryParser::systemdUnit(
                    proc.value(QStringLiteral("fpm_cgroup %1").arg(master.pid)));
        const phpfpm::PoolConfig pool = phpfpm::PoolConfigParser::parse(
                QString::fromUtf8(proc.value(key)), master.config);
        const QString base = QFileInfo(master.config).absolutePath();
        service.pidFile = absoluteIn(pool.global.value(QStringLiteral("pid")).value, base);
        if (!pool.errorLog().isEmpty() && pool.errorLog() != QLatin1String("syslog"))
            service.errorLogs << absoluteIn(pool.errorLog(), base);
        set.services << service;
        const int index = int(set.services.size() - 1);
        paths << qMakePair(index, master.config);
        globs.service(index);
        for (const auto &include : pool.includes)
            globs.glob(absoluteIn(include.pattern, base));
    }
}

} // namespace

Result<ConfigFileSet> ConfigFiles::discover(remote::RemoteHost &host)
{
    ConfigFileSet set;
    auto facts = host.run(discovery::FactsScript::script());
    if (!facts)
        return facts.error();
    set.facts = discovery::FactsScript::parse(facts->stdOut);

    // The masters' own command lines and cgroups, and the FPM main files (root-owned, 0600 on
    // some systems: privileged).
    QStringList fpmMasters;
    for (const discovery::FpmMaster &master : set.facts.fpm.masters)
        fpmMasters << QString::number(master.pid) << master.config;
    auto procResult = host.run(
            privileged(host, remote::ScriptFile::shCommand(u"config-masters.sh", fpmMasters)));
    if (!procResult)
        return procResult.error();
    const QHash<QString, QByteArray> proc = splitSections(procResult->stdOut);
    const auto masters = ConfigDiscoveryParser::nginxMasters(procResult->stdOut);

    QList<QPair<int, QString>> paths;
    for (const auto &master : masters)
        readNginx(host, &master, set, paths);
    if (masters.isEmpty() && set.facts.nginx.installed)
        readNginx(host, nullptr, set, paths);
    ConfigListing globs;
    readFpm(proc, set, globs, paths);

    // The explicit paths first, then the files of the FPM include= globs.
    ConfigListing listing;
    int current = -2;
    for (const auto &[index, path] : paths) {
        if (index != current) {
            listing.service(index);
            current = index;
        }
        listing.file(path);
    }
    listing.append(globs);
    auto listed = host.run(privileged(host, listing.command()));
    if (!listed)
        return listed.error();
    QSet<QString> seen;
    for (const auto &entry : ConfigDiscoveryParser::listing(listed->stdOut)) {
        if (entry.serviceIndex < 0 || entry.serviceIndex >= set.services.size()
            || seen.contains(entry.info.path))
            continue;
        seen.insert(entry.info.path);
        ConfigFile file;
        file.info = entry.info;
        file.serviceIndex = entry.serviceIndex;
        file.kind = set.services.at(entry.serviceIndex).kind;
        file.isMain = entry.info.path == set.services.at(entry.serviceIndex).config;
        set.files << file;
    }
    return set;
}

} // namespace gs::config
