#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::config {

// One whole-tree snapshot of a server's nginx and PHP-FPM configuration (TreeSnapshot): a gzip
// tarball plus its manifest, on the server, on this machine, or both. Plain data.
struct SnapshotEntry
{
    // A server of the configuration, probed after a restore: only servers that both the
    // snapshot and the configuration in force have are judged (a restore may add or drop one).
    struct Probe
    {
        QString url;
        QString hostHeader;
    };

    // An FPM pool's ping, judged after a restore like the probes.
    struct Ping
    {
        QString connect;
        QString pingPath;
        QString pool;
    };

    QString id;      // "20261121T132503Z-3f2a9c01b7de": UTC time + sha256 prefix of the tarball
    QString created; // ISO 8601 UTC
    // Milliseconds since the epoch: orders snapshots taken within one second; -1 unknown.
    qint64 createdMs = -1;
    QString note; // what the user said it is for ("before the PHP upgrade")
    QString hostname;
    QStringList directories;  // whole trees, as real paths ("/etc/nginx", "/etc/php/8.2/fpm")
    QStringList files;        // single files outside those trees
    QStringList excluded;     // state inside the trees that is never archived nor touched
    QStringList excludedLogs; // log files inside the trees (with their rotations)
    QList<Probe> probes;
    QList<Ping> pings;
    QString validation;    // "ok" or "failed": how nginx -t / php-fpm -t judged the tree when taken
    qint64 fileCount = -1; // regular files and symlinks
    qint64 size = -1;      // bytes of the tarball
    QString sha256;        // of the tarball
    QString treeSha256;    // digest of the tree as archived: paths, types, modes, owners, contents
    QString remotePath;    // the tarball on the server; empty when only the local copy is left
    QString localPath;     // the tarball on this machine; empty when there is none

    bool isValid() const { return !id.isEmpty() && !sha256.isEmpty(); }
    // Every path the snapshot covers, trees first.
    QStringList paths() const { return directories + files; }
    // Newest first: by the id's second, then by the milliseconds, then by id. The id alone ties
    // within a second (its suffix is a digest), so a restore's own snapshot could list second.
    static bool newerFirst(const SnapshotEntry &a, const SnapshotEntry &b);

    // {"id","created","note","host","directories","files","excluded","file_count","size",
    //  "sha256","tree_sha256","validation","remote_path","local_path"}
    QJsonObject toJson() const;
};

} // namespace gs::config
