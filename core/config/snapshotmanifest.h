#pragma once

#include "config/snapshotentry.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gs::config {

// The manifest kept next to each snapshot tarball (<id>.manifest): one "key<TAB>value..." line
// per fact, so that the server's shell can append to it and a person can read it. Pure.
//
//     gatescope-snapshot	1
//     note	before the PHP upgrade
//     dir	/etc/nginx
//     exclude	/etc/nginx/logs
//     exclude-log	/etc/nginx/error.log
//     file	/etc/php-fpm.conf
//     probe	http://127.0.0.1:80/	example.com
//     ping	/run/php/www.sock	/ping	www
//     id	20261121T132503Z-3f2a9c01b7de
//     created	2026-11-21T13:25:03Z
//     host	web1
//     validation	ok
//     files	42
//     size	18344
//     sha256	3f2a9c01b7de...
//     tree_sha256	9c1e...
class SnapshotManifest
{
public:
    static constexpr int kMaxNote = 300;

    // What Gatescope knows before the server takes the snapshot: everything up to "id".
    // Tabs, newlines and other control characters in the note become spaces.
    static QByteArray head(const SnapshotEntry &entry);
    // A note as it can be stored (one line, at most kMaxNote characters).
    static QString cleanNote(const QString &note);

    // A whole manifest; nullopt when it is not one or lacks its id or sha256.
    static std::optional<SnapshotEntry> parse(const QByteArray &text);

    // The output of the listing command (TreeSnapshot): "@@snapshot<TAB>ID" starts a manifest,
    // "@@tarball<TAB>SIZE" says the tarball is there too. Entries whose manifest does not name
    // the same id are dropped. `dir` is the snapshots directory (for remotePath). Newest first.
    static QList<SnapshotEntry> parseListing(const QByteArray &output, const QString &dir);
};

} // namespace gs::config
