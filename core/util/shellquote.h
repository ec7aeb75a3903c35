#pragma once

#include <QString>
#include <QStringList>

namespace gs {

// The one function that quotes an argument for a POSIX shell on the server. Every argument that
// reaches a remote shell goes through here. Strings of only safe characters pass unchanged; all
// others are wrapped in single quotes with embedded quotes written as '\''. Newlines, $(), `, ;,
// and non-ASCII text survive byte-exact. A NUL cannot be passed through a shell at all: callers
// must not pass one (shellCommand() refuses it).
QString shellQuote(const QString &argument);

// program and arguments quoted and joined by spaces; empty when an argument holds a NUL.
QString shellCommand(const QString &program, const QStringList &arguments = {});

} // namespace gs
