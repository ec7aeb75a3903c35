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
    // through shellQuote), then the text of `library` when given (a script of functions such as
    // file-meta.sh), then the script's text.
    static QString
    command(QStringView name, const QStringList &arguments = {}, QStringView library = {});
    // The script as one self-contained command, `sh -c 'TEXT' sh 'a' 'b'`, whatever the login
    // shell, that a caller can put in a pipeline: the text is `inputs` (assignments, see
    // assignment()) and the script's text, quoted as one word; every argument through shellQuote.
    static QString
    shCommand(QStringView name, const QStringList &arguments = {}, const QString &inputs = {});
    // `name=VALUE` and a newline, VALUE through shellQuote: how a script that takes named inputs
    // (apply.sh, snapshot-*.sh) gets them, written before its text.
    static QString assignment(QStringView name, const QString &value);
};

} // namespace gs::remote
