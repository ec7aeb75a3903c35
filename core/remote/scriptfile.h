#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

namespace gs::remote {

// The remote scripts kept as real files under core/scripts/ (POSIX sh, shellchecked, each with
// a local test) and compiled in as resources. Static, immutable data; safe from any thread.
class ScriptFile
{
public:
    // The script's text, empty when no script has that name.
    static QString text(QStringView name);
    // A command that runs the script with these arguments: `set -- 'a' 'b'` (every argument
    // through shellQuote) and then the script's text.
    static QString command(QStringView name, const QStringList &arguments = {});
    // `name=VALUE` and a newline, VALUE through shellQuote: how a script that takes named inputs
    // (apply.sh, snapshot-*.sh) gets them, written before its text.
    static QString assignment(QStringView name, const QString &value);
};

} // namespace gs::remote
