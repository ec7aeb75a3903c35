#pragma once

#include <QString>

namespace gs::gui {

// "1 server" / "3 servers". The app ships no translations yet, so tr()'s %n plural forms would
// show "server(s)"; English is spelled out here until it does.
inline QString plural(qint64 count, const QString &one, const QString &many)
{
    const QString &text = count == 1 ? one : many;
    // "once" has no place for the number; arg() would warn about the missing %1.
    return text.contains(QLatin1Char('%')) ? text.arg(count) : text;
}

} // namespace gs::gui
