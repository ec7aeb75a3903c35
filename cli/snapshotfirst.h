#pragma once

#include "remote/remotehost.h"
#include "util/result.h"

#include <QJsonObject>
#include <QString>

namespace gs::cli {

// The "marked risky" case (`config apply --snapshot`, `service --snapshot`): a whole-tree
// snapshot of the nginx and PHP-FPM configuration before the change, with its steps on stderr
// and an audit entry. Returns the snapshot as JSON (SnapshotEntry::toJson), or why none could be
// taken: the caller then changes nothing.
// `nginxConfig` names the nginx whose trees are meant where several run (see
// snapshotNginxConfig()).
Result<QJsonObject> takeSnapshotFirst(remote::RemoteHost &host,
                                      const QString &target,
                                      const QString &note,
                                      const QString &nginxConfig);

// Which nginx a snapshot of TARGET is about: `given` (--nginx-conf) when set, else the inventory
// entry's nginx configuration (hosts add --nginx-conf), else empty (every master).
QString snapshotNginxConfig(const QString &target, const QString &given = {});

} // namespace gs::cli
