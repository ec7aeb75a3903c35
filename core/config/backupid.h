#pragma once

#include <QString>

namespace gs::config {

// The ids safe apply gives backups and snapshots: "YYYYMMDDTHHMMSSZ-hex". Pure, so that the
// parsers of what a server lists (snapshot manifests) need nothing of the store itself.
class BackupId
{
public:
    // True for ids safe apply creates; anything else is refused (an id becomes a remote path).
    static bool isValid(const QString &id);
    // The time an id names, as ISO 8601 UTC; empty when it names none.
    static QString created(const QString &id);
};

} // namespace gs::config
