#include "common/appicons.h"

#include "common/theme.h"

#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

// The resources are compiled into the gatescope-gui static library; without an explicit
// reference the linker drops them from the app and the tests.
static void initGatescopeResources()
{
    Q_INIT_RESOURCE(gatescope);
}

namespace gs::gui {

namespace {

// The icons' ink (slate blues and greys) is drawn for a light window; on a dark one it would
// all but vanish. Status colours (red, amber, green) read on both and stay.
QByteArray forDarkPalette(QByteArray svg)
{
    static const std::pair<const char *, const char *> inks[] = {
            {"#3d5a80", "#9db9dc"},
            {"#4a5868", "#b9c3ce"},
            {"#4a5568", "#b9c3ce"},
            {"#6b7684", "#aab4bf"},
    };
    for (const auto &[light, dark] : inks)
        svg.replace(light, dark);
    return svg;
}

QIcon renderedIcon(const QByteArray &svg)
{
    QSvgRenderer renderer(svg);
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48, 64, 96, 128}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        renderer.render(&painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

QIcon appIcon(const QString &name)
{
    static const bool initialised = [] {
        initGatescopeResources();
        return true;
    }();
    Q_UNUSED(initialised);
    const QString path = QStringLiteral(":/icons/") + name + QStringLiteral(".svg");
    if (!Theme::isDark())
        return QIcon(path);
    // GUI thread only, like every widget that shows an icon.
    static QHash<QString, QIcon> dark;
    if (const auto it = dark.constFind(name); it != dark.constEnd())
        return *it;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QIcon(path);
    const QIcon icon = renderedIcon(forDarkPalette(file.readAll()));
    dark.insert(name, icon);
    return icon;
}

} // namespace gs::gui
