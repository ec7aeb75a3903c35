#pragma once

#include "util/result.h"

#include <QByteArrayView>
#include <QString>

#include <functional>

namespace gs::logs {

struct LogReadStats
{
    qint64 fileBytes = 0; // bytes read from disk
    qint64 logBytes = 0;  // bytes of log text handed out (after gunzip)
    bool compressed = false;
};

// Reads a local log file, plain or gzip (told by its first bytes, not its name; concatenated gzip
// members are read as one), and hands its text to a sink in chunks that may cut lines anywhere.
// I/O only: it never looks inside the text. Blocking; run it off the GUI thread.
class LogFileReader
{
public:
    using ChunkSink = std::function<void(QByteArrayView chunk)>;

    // Fails when the file cannot be opened or read, or when gzip data is corrupt or truncated;
    // the text before the damage has been handed to sink by then, and the message says so.
    static Result<LogReadStats>
    read(const QString &path, const ChunkSink &sink, qsizetype chunkSize = 1 << 20);
};

} // namespace gs::logs
