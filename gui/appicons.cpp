#include "appicons.h"

namespace gs::gui {

QIcon appIcon(const QString &name)
{
    return QIcon(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
}

} // namespace gs::gui
