#pragma once

#include <QSet>
#include <QString>

namespace gs::config {

// Every directive name nginx knows: the core, the http/stream/mail modules Debian and RHEL
// build, and common third-party modules (Lua, headers-more, brotli, Passenger, NJS, Plus).
const QSet<QString> &nginxDirectiveNames();

} // namespace gs::config
