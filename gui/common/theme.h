#pragma once

namespace gs::gui {

// What the platform palette looks like, for the few places that draw with colours of their own
// (icons, the resolved card): they follow a dark palette instead of staying light.
class Theme
{
public:
    // True when the application's window colour is dark (a dark desktop theme).
    static bool isDark();
};

} // namespace gs::gui
