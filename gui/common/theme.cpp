#include "common/theme.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace gs::gui {

bool Theme::isDark()
{
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

} // namespace gs::gui
