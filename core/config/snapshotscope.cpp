#include "config/snapshotscope.h"

#include "config/healthplan.h"
#include "nginx/configmodel.h"
#include "phpfpm/poolconfigparser.h"

#include <QDir>
#include <QFileInfo>
#include <QMultiHash>
#include <QSet>

#include <algorithm>

namespace gs::config {

namespace {

QString cleanAbsoluteIn(const QString &path, const QString &base)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')))
        return path.isEmpty() ? path : QDir::cleanPath(path);
    return QDir::cleanPath(base + QLatin1Char('/') + path);
}

QString parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

// Paths a shell loop can carry one per line and a manifest one per field.
bool usable(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) && !path.contains(QLatin1Char('\n'))
           && !path.contains(QLatin1Char('\t'));
}

void addUnique(QStringList &list, const QString &path)
{
    if (usable(path) && !list.contains(path))
        list << path;
}

// Every `*_temp_path` directive (client_body_temp_path, proxy_temp_path, ...) by name.
void collectTempPaths(const QList<nginx::ConfigDirective> &directives,
                      const QString &prefix,
                      QMultiHash<QString, QString> &into)
{
    for (const auto &directive : directives) {
        if (directive.name.endsWith(QLatin1String("_temp_path")) && !directive.args.isEmpty())
            into.insert(directive.name, cleanAbsoluteIn(directive.arg(0), prefix));
        collectTempPaths(directive.children, prefix, into);
    }
}

// The names a directory of state (not configuration) goes by.
bool isStateName(const QString &name)
{
    static const QSet<QString> names{QStringLiteral("log"),
                                     QStringLiteral("logs"),
                                     QStringLiteral("tmp"),
                                     QStringLiteral("temp"),
                                     QStringLiteral("cache"),
                                     QStringLiteral("run")};
    return names.contains(name);
}

// Drops every path that lies inside another one of the list.
QStringList outermost(const QStringList &paths)
{
    QStringList kept;
    for (const QString &path : paths) {
        bool inside = false;
        for (const QString &other : paths)
            inside = inside || (other != path && SnapshotScope::isWithin(path, other));
        if (!inside)
            kept << path;
    }
    return kept;
}

// Where an nginx configuration sends FastCGI requests: "unix:/path" or a port number.
QStringList fastcgiTargets(const nginx::ConfigModel &model)
{
    QStringList targets;
    const auto add = [&targets](const QString &unixPath, const QString &host, int port) {
        if (!unixPath.isEmpty())
            targets << QStringLiteral("unix:") + QDir::cleanPath(unixPath);
        else if (port > 0)
            targets << QString::number(port);
        Q_UNUSED(host);
    };
    for (const auto &[server, location] : model.passLocations()) {
        Q_UNUSED(server);
        const auto &pass = *location->pass;
        if (pass.directive != QLatin1String("fastcgi_pass"))
            continue;
        if (const auto *group = model.upstream(pass.upstreamName)) {
            for (const auto &member : group->servers)
                add(member.unixPath, member.host, member.port);
        } else {
            add(pass.unixPath, pass.host, pass.port);
        }
    }
    return targets;
}

// A pool's listen as fastcgiTargets() names it.
QString listenTarget(const QString &listen)
{
    if (listen.startsWith(QLatin1Char('/')))
        return QStringLiteral("unix:") + QDir::cleanPath(listen);
    return listen.section(QLatin1Char(':'), -1).trimmed();
}

} // namespace

bool SnapshotScope::isSystemDirectory(const QString &dir)
{
    static const QSet<QString> wide{QStringLiteral("/"),
                                    QStringLiteral("/etc"),
                                    QStringLiteral("/usr"),
                                    QStringLiteral("/usr/etc"),
                                    QStringLiteral("/usr/local"),
                                    QStringLiteral("/usr/local/etc"),
                                    QStringLiteral("/opt"),
                                    QStringLiteral("/var"),
                                    QStringLiteral("/srv"),
                                    QStringLiteral("/home"),
                                    QStringLiteral("/root"),
                                    QStringLiteral("/tmp"),
                                    QStringLiteral("/run")};
    return wide.contains(QDir::cleanPath(dir));
}

bool SnapshotScope::isWithin(const QString &path, const QString &dir)
{
    if (dir == QLatin1String("/"))
        return path.startsWith(QLatin1Char('/'));
    return path == dir || path.startsWith(dir + QLatin1Char('/'));
}

SnapshotScope SnapshotScope::from(const ConfigFileSet &set,
                                  const QHash<QString, QString> &fpmTexts,
                                  const QString &nginxConfig)
{
    SnapshotScope scope;
    QStringList stateFiles;
    QStringList tempDirs;
    QList<nginx::ConfigParser::Dump> dumps;

    // Which masters: every one, or where several nginx run the one named and the PHP-FPM masters
    // it passes to (a machine running several instances, the test labs among them).
    QStringList passedTo;
    for (qsizetype index = 0; index < set.services.size(); ++index) {
        const ConfigService &service = set.services.at(index);
        if (service.kind != ServiceKind::Nginx
            || (!nginxConfig.isEmpty()
                && QDir::cleanPath(service.config) != QDir::cleanPath(nginxConfig)))
            continue;
        scope.services << int(index);
        if (set.nginxDumps.contains(int(index))) {
            const auto &dump = set.nginxDumps.value(int(index));
            dumps << dump;
            const QString prefix
                    = service.prefix.isEmpty() ? set.facts.nginx.compiledPrefix : service.prefix;
            passedTo += fastcgiTargets(
                    nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(dump),
                                              nginx::ConfigModel::Options{prefix}));
        } else if (!nginxConfig.isEmpty()) {
            scope.problems << QStringLiteral("nginx -T failed for %1, so which PHP-FPM masters it "
                                             "passes to is unknown: only its own tree is taken")
                                      .arg(service.config);
        }
    }
    if (!nginxConfig.isEmpty() && scope.services.isEmpty())
        scope.problems << QStringLiteral("no nginx master runs with %1").arg(nginxConfig);
    for (qsizetype index = 0; index < set.services.size(); ++index) {
        if (set.services.at(index).kind != ServiceKind::PhpFpm)
            continue;
        bool wanted = nginxConfig.isEmpty();
        for (const ConfigFile &file : set.files) {
            if (wanted || file.serviceIndex != index)
                continue;
            const auto config = phpfpm::PoolConfigParser::parse(fpmTexts.value(file.info.path),
                                                                file.info.path);
            for (const auto &pool : config.pools)
                wanted = wanted || passedTo.contains(listenTarget(pool.listen()));
        }
        if (wanted)
            scope.services << int(index);
    }

    for (const int index : std::as_const(scope.services)) {
        const ConfigService &service = set.services.at(index);
        if (service.config.isEmpty() || !usable(service.config)) {
            scope.problems << QStringLiteral("%1: no usable main configuration file (%2)")
                                      .arg(service.name(), service.config);
            continue;
        }
        const QString dir = parentOf(QDir::cleanPath(service.config));
        if (isSystemDirectory(dir))
            addUnique(scope.files, service.config);
        else
            addUnique(scope.directories, dir);
        for (const QString &log : service.errorLogs)
            addUnique(stateFiles, log);
        addUnique(stateFiles, service.pidFile);

        if (service.kind == ServiceKind::Nginx) {
            const QString prefix
                    = service.prefix.isEmpty() ? set.facts.nginx.compiledPrefix : service.prefix;
            QMultiHash<QString, QString> temps;
            const auto tree
                    = set.nginxDumps.contains(index)
                              ? nginx::ConfigParser::expandIncludes(set.nginxDumps.value(index))
                              : QList<nginx::ConfigDirective>();
            collectTempPaths(tree, prefix, temps);
            for (const QString &temp : std::as_const(temps))
                addUnique(tempDirs, temp);
            // Where a temp path is not configured, nginx's compiled-in one sits under the prefix.
            for (const char *name :
                 {"client_body_temp", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"}) {
                const QString directive = QString::fromLatin1(name) + QStringLiteral("_path");
                if (!temps.contains(directive))
                    addUnique(tempDirs, cleanAbsoluteIn(QString::fromLatin1(name), prefix));
            }
            if (!set.nginxDumps.contains(index))
                continue;
            const nginx::ConfigParser::Dump &dump = set.nginxDumps.value(index);
            const nginx::ConfigModel model
                    = nginx::ConfigModel::build(tree, nginx::ConfigModel::Options{prefix});
            addUnique(stateFiles, model.pidPath);
            for (const auto &log : model.errorLogs + model.accessLogs)
                addUnique(stateFiles, log.path);
            for (const auto &server : model.servers) {
                for (const auto &log : server.errorLogs + server.accessLogs)
                    addUnique(stateFiles, log.path);
            }
            for (const HealthPlan::Probe &probe : HealthPlan::forAllServers(dump, prefix).probes)
                scope.probes << SnapshotEntry::Probe{probe.url, probe.hostHeader};
        }
    }

    // PHP-FPM: each file in force (main and pools) for its logs, pid, sockets and pings.
    for (const ConfigFile &file : set.files) {
        if (file.kind != ServiceKind::PhpFpm || !fpmTexts.contains(file.info.path)
            || !scope.services.contains(file.serviceIndex))
            continue;
        const QString text = fpmTexts.value(file.info.path);
        const QString base = QFileInfo(file.info.path).absolutePath();
        const phpfpm::PoolConfig config = phpfpm::PoolConfigParser::parse(text, file.info.path);
        addUnique(stateFiles, cleanAbsoluteIn(config.errorLog(), base));
        addUnique(stateFiles,
                  cleanAbsoluteIn(config.global.value(QStringLiteral("pid")).value, base));
        for (const auto &pool : config.pools) {
            addUnique(stateFiles, cleanAbsoluteIn(pool.slowlog(), base));
            addUnique(stateFiles, cleanAbsoluteIn(pool.value(QStringLiteral("access.log")), base));
            if (pool.listensOnUnixSocket())
                addUnique(stateFiles, cleanAbsoluteIn(pool.listen(), base));
        }
        const HealthPlan plan = HealthPlan::forFpm(dumps, file.info.path, text, text);
        for (const HealthPlan::Ping &ping : plan.pings) {
            const bool known = std::any_of(
                    scope.pings.begin(), scope.pings.end(), [&](const SnapshotEntry::Ping &p) {
                        return p.connect == ping.connect && p.pingPath == ping.pingPath;
                    });
            if (!known)
                scope.pings << SnapshotEntry::Ping{ping.connect, ping.pingPath, ping.pool};
        }
    }

    scope.directories = outermost(scope.directories);
    // Files in force outside the trees (an include from /srv, a symlink's target elsewhere).
    for (const ConfigFile &file : set.files) {
        if (!scope.services.contains(file.serviceIndex))
            continue;
        for (const QString &path : {file.info.path, file.info.realPath}) {
            bool covered = false;
            for (const QString &dir : scope.directories)
                covered = covered || isWithin(path, dir);
            if (!covered)
                addUnique(scope.files, path);
        }
    }

    // State inside the trees: a log in its own logs/ directory takes the directory with it.
    const auto rootOf = [&scope](const QString &path) -> QString {
        for (const QString &dir : scope.directories) {
            if (isWithin(path, dir) && path != dir)
                return dir;
        }
        return {};
    };
    const auto inForce = [&set](const QString &dir) {
        for (const ConfigFile &file : set.files) {
            if (isWithin(file.info.path, dir) || isWithin(file.info.realPath, dir))
                return true;
        }
        return false;
    };
    const auto excludeDir = [&](const QString &dir, const QString &root) {
        const QString parent = parentOf(dir);
        const QString widest = parent != root && isWithin(parent, root)
                                               && isStateName(QFileInfo(parent).fileName())
                                               && !inForce(parent)
                                       ? parent
                                       : dir;
        addUnique(scope.excluded, widest);
    };
    for (const QString &dir : tempDirs) {
        const QString root = rootOf(dir);
        if (!root.isEmpty() && !inForce(dir))
            excludeDir(dir, root);
    }
    for (const QString &file : stateFiles) {
        const QString root = rootOf(file);
        if (root.isEmpty())
            continue;
        const QString parent = parentOf(file);
        if (parent != root && isStateName(QFileInfo(parent).fileName()) && !inForce(parent))
            excludeDir(parent, root);
        else
            addUnique(scope.excludedLogs, file);
    }
    scope.excluded = outermost(scope.excluded);
    QStringList logs;
    for (const QString &log : scope.excludedLogs) {
        bool inside = false;
        for (const QString &dir : scope.excluded)
            inside = inside || isWithin(log, dir);
        if (!inside)
            logs << log;
    }
    scope.excludedLogs = logs;
    return scope;
}

SnapshotScope SnapshotScope::resolved(const QHash<QString, QString> &realPaths) const
{
    SnapshotScope copy = *this;
    copy.directories.clear();
    copy.excluded.clear();
    copy.excludedLogs.clear();
    // A path inside a tree follows the tree to its real place.
    const auto moved = [&](const QString &path) -> QString {
        for (const QString &dir : directories) {
            const QString real = realPaths.value(dir, dir);
            if (isWithin(path, dir) && usable(real))
                return real + path.mid(dir.size());
        }
        return path;
    };
    for (const QString &dir : directories) {
        const QString real = realPaths.value(dir, dir);
        if (usable(real) && !isSystemDirectory(real))
            addUnique(copy.directories, real);
        else
            copy.problems << QStringLiteral("%1 is really %2, which is too wide to take whole")
                                     .arg(dir, real);
    }
    copy.directories = outermost(copy.directories);
    for (const QString &dir : excluded)
        addUnique(copy.excluded, moved(dir));
    for (const QString &log : excludedLogs)
        addUnique(copy.excludedLogs, moved(log));
    return copy;
}

SnapshotEntry SnapshotScope::toEntry(const QString &note) const
{
    SnapshotEntry entry;
    entry.note = note;
    entry.directories = directories;
    entry.files = files;
    entry.excluded = excluded;
    entry.excludedLogs = excludedLogs;
    entry.probes = probes;
    entry.pings = pings;
    return entry;
}

} // namespace gs::config
