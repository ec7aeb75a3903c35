#pragma once

#include "nginx/configdirective.h"
#include "sys/parsediagnostic.h"
#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace gs::nginx {

// Parses nginx configuration text into directives, and the output of `nginx -T` into its files.
// Pure: no file system access. Include directives are resolved against the files -T printed.
// Malformed input never fails the parse: what cannot be read is skipped and reported as a
// diagnostic with file and line.
class ConfigParser
{
public:
    // One "# configuration file PATH:" section of `nginx -T`.
    struct File
    {
        QString path;
        int headerLine = 0; // line of the "# configuration file" header in the -T output
        QString text;       // the file's content as nginx printed it
        QList<ConfigDirective> directives;
    };

    struct Dump
    {
        QList<File> files; // in -T order; the first is the main configuration file
        sys::ParseDiagnostics diagnostics;

        QString mainFile() const { return files.isEmpty() ? QString() : files.first().path; }
        const File *file(QStringView path) const;
    };

    // stdout of `nginx -T`. Fails (ParseError) only when no "# configuration file" section exists.
    static Result<Dump> parseDump(QStringView stdoutText);

    // One configuration file's text; `file` is recorded on every directive.
    static QList<ConfigDirective>
    parseText(QStringView text, const QString &file, sys::ParseDiagnostics *diagnostics = nullptr);

    // The main file's directives with every `include` replaced, in place, by the directives of the
    // files it names (glob, sorted as nginx does; relative to the main file's directory).
    // The include directive itself is dropped. Unknown includes without a wildcard are reported.
    static QList<ConfigDirective> expandIncludes(const Dump &dump,
                                                 sys::ParseDiagnostics *diagnostics = nullptr);
};

} // namespace gs::nginx
