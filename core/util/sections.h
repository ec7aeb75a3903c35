#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace gs {

// A script's output split at its "@@NAME" lines, the one form the remote scripts mark their
// parts with (facts.sh, system.sh, sockets.sh, the configuration discovery): NAME (trimmed) ->
// the lines after it, each ending in '\n'. Text before the first marker belongs to no part; a
// name seen twice gets both parts, in order. Markers with a value after the name ("@@file
// PATH") are read by their own parsers, which need the order of the parts.
QHash<QString, QByteArray> splitSections(const QByteArray &output);

} // namespace gs
