#pragma once

#include <QIcon>
#include <QString>

namespace gs::gui {

// The app's icons, from resources/icons/<name>.svg (compiled into the binary).
QIcon appIcon(const QString &name);

} // namespace gs::gui
