#include "appicons.h"

// The resources are compiled into the gatescope-gui static library; without an explicit
// reference the linker drops them from the app and the tests.
static void initGatescopeResources()
{
    Q_INIT_RESOURCE(gatescope);
}

namespace gs::gui {

QIcon appIcon(const QString &name)
{
    static const bool initialised = [] {
        initGatescopeResources();
        return true;
    }();
    Q_UNUSED(initialised);
    return QIcon(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
}

} // namespace gs::gui
