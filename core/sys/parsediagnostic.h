#pragma once

#include <QList>
#include <QString>

namespace gs::sys {

// A problem a parser met in its input: where (file when known, 1-based line) and what.
// Parsers never fail on bad input; they skip what they cannot read and say so here.
struct ParseDiagnostic
{
    QString file; // empty when the input is not a file (command output)
    int line = 0; // 1-based; 0 when not tied to a line
    QString message;

    QString text() const
    {
        if (file.isEmpty())
            return line > 0 ? QStringLiteral("line %1: %2").arg(line).arg(message) : message;
        return QStringLiteral("%1:%2: %3").arg(file).arg(line).arg(message);
    }
};

using ParseDiagnostics = QList<ParseDiagnostic>;

} // namespace gs::sys
