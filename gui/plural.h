#pragma once

#include <QString>

namespace gs::gui {

// "1 server" / "3 servers". The app ships no translations yet, so tr()'s %n plural forms would
// show "server(s)"; English is spelled out here until it does.
inline QString plural(qint64 count, const QString &one, const QString &many)
{
    return (count == 1 ? one : many).arg(count);
}

} // namespace gs::gui
