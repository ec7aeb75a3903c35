#pragma once

#include "phpfpm/fpmlogentry.h"
#include "sys/parsediagnostic.h"

#include <QByteArrayView>
#include <QList>
#include <QStringView>

namespace gs::phpfpm {

// Parses the PHP-FPM master's log (error_log of [global]) and the output of `php-fpm -t`,
// which uses the same line format. Lines that are not FPM log lines are counted, never fatal.
class FpmLogParser
{
public:
    struct Result
    {
        QList<FpmLogEntry> entries;
        int lines = 0;
        int unparsedLines = 0;
        sys::ParseDiagnostics diagnostics; // the first 100 unparsed lines
    };

    static Result parse(QByteArrayView text);
    // One line; false when it is not "[DD-Mon-YYYY HH:MM:SS(.ffffff)] LEVEL: message".
    static bool parseLine(QStringView line, FpmLogEntry *entry);
};

} // namespace gs::phpfpm
