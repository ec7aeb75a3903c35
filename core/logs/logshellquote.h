#pragma once

#include <QString>

namespace gs::logs::detail {

// POSIX single-quote quoting: 'it'\''s'. The log helpers need it before core/remote exists.
// TODO: use gs::remote::shellQuote (core/remote/shellquote.h) once the SSH layer lands, and
// delete this file.
QString shellQuote(const QString &text);

} // namespace gs::logs::detail
