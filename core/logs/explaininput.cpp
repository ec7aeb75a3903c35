#include "logs/explaininput.h"

#include "logs/gzipstreamdecoder.h"

#include <QFile>

#include <cstdio>
#include <optional>
#include <vector>

namespace gs::logs {

namespace {

constexpr qint64 kChunk = 1 << 20;

} // namespace

QString ExplainInput::displayName(const QString &path)
{
    return isStdin(path) ? QStringLiteral("(stdin)") : path;
}

Result<LogReadStats> ExplainInput::read(const QString &path, const LogFileReader::ChunkSink &sink)
{
    if (isStdin(path))
        return readStdin(sink);
    return LogFileReader::read(path, sink);
}

// A pipe cannot be reopened or sought, so gzip is told by the first chunk and decoded as a
// stream (LogFileReader reads files only).
Result<LogReadStats> ExplainInput::readStdin(const LogFileReader::ChunkSink &sink)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        return makeError(ErrorCode::IoError,
                         QStringLiteral("cannot read standard input: %1").arg(in.errorString()));
    }
    std::vector<char> buffer(static_cast<std::size_t>(kChunk));
    LogReadStats stats;
    std::optional<GzipStreamDecoder> gzip;
    bool first = true;
    for (;;) {
        const qint64 got = in.read(buffer.data(), kChunk);
        if (got < 0) {
            return makeError(
                    ErrorCode::IoError,
                    QStringLiteral("cannot read standard input: %1").arg(in.errorString()));
        }
        if (got == 0)
            break;
        if (first && isGzipMagic(buffer.data(), got)) {
            stats.compressed = true;
            gzip.emplace(sink);
        }
        first = false;
        stats.fileBytes += got;
        const QByteArrayView chunk(buffer.data(), got);
        if (!gzip) {
            stats.logBytes += got;
            sink(chunk);
        } else if (auto fed = gzip->feed(chunk); !fed) {
            return makeError(fed.error().code,
                             QStringLiteral("standard input: %1").arg(fed.error().message));
        }
    }
    if (gzip) {
        if (auto done = gzip->finish(); !done) {
            return makeError(done.error().code,
                             QStringLiteral("standard input: %1").arg(done.error().message));
        }
        stats.logBytes = gzip->textBytes();
    }
    return stats;
}

} // namespace gs::logs
