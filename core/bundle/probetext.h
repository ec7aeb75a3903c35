#pragma once

#include <QString>
#include <QStringList>

namespace gs::bundle {

// Turns a command built for the live diagnosis with placeholder arguments into a script text
// that takes those arguments as $1, $2, ...: the placeholder is replaced by a reference that is
// right for where it stands (unquoted, inside '...', inside "..."), so a value with spaces or
// quotes stays one argument, never code.
class ProbeText
{
public:
    // Placeholder for argument `index` (1-based): a word shellQuote() leaves bare.
    static QString text(int index);
    // The same inside an IPv6-looking host (the command brackets hosts that contain ':').
    static QString host6(int index);
    // Placeholder for a numeric argument.
    static int number(int index);

    // `command` with every placeholder replaced; `arguments` is how many there are.
    static QString substitute(const QString &command, int arguments);
};

} // namespace gs::bundle
