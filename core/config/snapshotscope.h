#pragma once

#include "config/configfileset.h"
#include "config/snapshotentry.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace gs::config {

// What a whole-tree snapshot of a server takes, derived (purely) from the configuration in force:
// the directory of every nginx and PHP-FPM master's main file (/etc/nginx, /etc/php/8.2/fpm, the
// lab's prefix), every file in force outside those trees, and what inside the trees is state
// rather than configuration (logs, temp and cache directories, pid files), which is neither
// archived nor touched by a restore. A main file that sits directly in a system directory
// (/etc/php-fpm.conf) is taken as a file: a snapshot never takes all of /etc.
struct SnapshotScope
{
    QStringList directories;
    QStringList files;
    QStringList excluded;     // directories
    QStringList excludedLogs; // log and pid files (their rotations too)
    QList<SnapshotEntry::Probe> probes;
    QList<SnapshotEntry::Ping> pings;
    QStringList problems; // why a service is left out
    QList<int> services;  // the masters taken (indices into ConfigFileSet::services)

    bool isEmpty() const { return directories.isEmpty() && files.isEmpty(); }
    QStringList paths() const { return directories + files; }

    // `fpmTexts`: the text of each PHP-FPM file in force by path (for pools' logs, pings and
    // which nginx passes to them). `nginxConfig` names one nginx (its -c file) where several run:
    // then only it and the PHP-FPM masters it passes to are taken; empty takes every master.
    static SnapshotScope from(const ConfigFileSet &set,
                              const QHash<QString, QString> &fpmTexts,
                              const QString &nginxConfig = {});
    // "/", "/etc", "/usr/local/etc", ...: directories too wide to take whole.
    static bool isSystemDirectory(const QString &dir);
    // True when `path` is `dir` or inside it.
    static bool isWithin(const QString &path, const QString &dir);

    // The same scope with directories named by their real paths (a tree reached through a
    // symlink is taken where it really is); `realPaths` maps a path to what readlink -f said.
    SnapshotScope resolved(const QHash<QString, QString> &realPaths) const;
    // The parts of a manifest the scope decides (directories, files, exclusions, probes, pings).
    SnapshotEntry toEntry(const QString &note) const;
};

} // namespace gs::config
