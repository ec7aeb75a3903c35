#pragma once

#include "logs/logfilereader.h"
#include "util/result.h"

#include <QString>

namespace gs::logs {

// Reads what `explain` is given: a local file (plain or gzip, told by its first bytes) or "-" for
// standard input (plain or gzip as well), handed to a sink in chunks that cut lines anywhere.
// I/O only; blocking, so run it off the GUI thread.
class ExplainInput
{
public:
    static bool isStdin(const QString &path) { return path == QLatin1String("-"); }
    // The name a result shows for the path: "(stdin)" for "-".
    static QString displayName(const QString &path);
    // Fails when the input cannot be opened or read, or its gzip data is corrupt or truncated;
    // the text before the damage has been handed to sink by then, and the message says so.
    static Result<LogReadStats> read(const QString &path, const LogFileReader::ChunkSink &sink);

private:
    static Result<LogReadStats> readStdin(const LogFileReader::ChunkSink &sink);
};

} // namespace gs::logs
