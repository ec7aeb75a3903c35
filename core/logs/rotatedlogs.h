#pragma once

#include <QString>
#include <QStringList>

// Rotated log sets as logrotate leaves them: access.log, access.log.1, access.log.2.gz, ... or
// with dateext access.log-20261120.gz. Pure name logic, so that a remote listing (`ls -1`) and a
// local directory are handled alike.
namespace gs::logs {

// The names in `names` (file names, no directories) that belong to the set of baseName, ordered
// oldest first: dated ones by date, then numbered ones from the highest number, the live log last.
QStringList selectRotated(const QString &baseName, const QStringList &names);
// Orders paths (with directories) oldest first by the same rule, keeping unrelated files in their
// given relative order after sorting within each base.
QStringList orderOldestFirst(const QStringList &paths);
// The rotated set of a local log file, oldest first (I/O: lists the file's directory).
QStringList localRotatedSet(const QString &logPath);

} // namespace gs::logs
