#pragma once

#include "recipes/textdirective.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace gs::recipes {

// Scans one nginx configuration file into directives with byte offsets. Pure. Unlike the
// diagnostic parser it refuses a file it cannot read whole (unbalanced braces, a directive
// without ';'): a recipe must never edit a file it does not understand.
class NginxTextScanner
{
public:
    static Result<QList<TextDirective>> scan(const QByteArray &text, const QString &file);

    // 1-based line of a byte offset.
    static int lineAt(const QByteArray &text, qsizetype offset);
};

} // namespace gs::recipes
