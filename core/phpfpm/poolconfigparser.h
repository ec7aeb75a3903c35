#pragma once

#include "phpfpm/poolconfig.h"

#include <QString>
#include <QStringView>

namespace gs::phpfpm {

// Parses php-fpm.conf / pool files (INI syntax: "[section]", "key = value", ';' comments,
// quoted values). Pure: `include=` lines are returned in PoolConfig::includes for the I/O layer
// to expand; it then feeds each included file to parseInto() in glob order.
class PoolConfigParser
{
public:
    static PoolConfig parse(QStringView text, const QString &file);
    // Adds one more file's sections to `config`. A file without a section header continues
    // the section the including file was in (FPM's behaviour): pass it as `currentSection`.
    static void parseInto(PoolConfig &config,
                          QStringView text,
                          const QString &file,
                          const QString &currentSection = QStringLiteral("global"));
};

} // namespace gs::phpfpm
