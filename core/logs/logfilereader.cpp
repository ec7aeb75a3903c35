#include "logs/logfilereader.h"

#include "logs/gzipstreamdecoder.h"

#include <QFile>

#include <zlib.h>

#include <memory>
#include <vector>

namespace gs::logs {

namespace {

QString ioError(const QString &path, const QFile &file)
{
    return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
}

struct InflateEnd
{
    void operator()(z_stream *stream) const { inflateEnd(stream); }
};

Result<LogReadStats> readPlain(QFile &file,
                               const QString &path,
                               const LogFileReader::ChunkSink &sink,
                               std::vector<char> &buffer,
                               qint64 alreadyRead,
                               LogReadStats stats)
{
    stats.fileBytes = alreadyRead;
    stats.logBytes = alreadyRead;
    if (alreadyRead > 0)
        sink(QByteArrayView(buffer.data(), alreadyRead));
    for (;;) {
        const qint64 got = file.read(buffer.data(), static_cast<qint64>(buffer.size()));
        if (got < 0)
            return makeError(ErrorCode::IoError, ioError(path, file));
        if (got == 0)
            return stats;
        stats.fileBytes += got;
        stats.logBytes += got;
        sink(QByteArrayView(buffer.data(), got));
    }
}

Result<LogReadStats> readGzip(QFile &file,
                              const QString &path,
                              const LogFileReader::ChunkSink &sink,
                              std::vector<char> &input,
                              qint64 alreadyRead,
                              LogReadStats stats)
{
    stats.compressed = true;
    stats.fileBytes = alreadyRead;
    z_stream zs{};
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
        return makeError(ErrorCode::IoError, QStringLiteral("cannot start gzip decoding"));
    const std::unique_ptr<z_stream, InflateEnd> guard(&zs);
    std::vector<char> output(input.size());
    qint64 inputSize = alreadyRead;
    bool atStreamEnd = false;
    zs.next_in = reinterpret_cast<Bytef *>(input.data());
    zs.avail_in = static_cast<uInt>(inputSize);
    for (;;) {
        if (zs.avail_in == 0) {
            inputSize = file.read(input.data(), static_cast<qint64>(input.size()));
            if (inputSize < 0)
                return makeError(ErrorCode::IoError, ioError(path, file));
            if (inputSize == 0) {
                if (atStreamEnd)
                    return stats;
                return makeError(ErrorCode::ParseError,
                                 QStringLiteral("%1 is a truncated gzip file: it ends after %2 "
                                                "bytes of log text; the lines before were read")
                                         .arg(path)
                                         .arg(stats.logBytes));
            }
            stats.fileBytes += inputSize;
            zs.next_in = reinterpret_cast<Bytef *>(input.data());
            zs.avail_in = static_cast<uInt>(inputSize);
        }
        if (atStreamEnd) {
            // Another gzip member may follow (concatenated .gz); anything else is trailing junk
            // that gzip itself ignores too.
            if (zs.avail_in < 2
                || !isGzipMagic(reinterpret_cast<const char *>(zs.next_in), zs.avail_in)) {
                return stats;
            }
            inflateReset(&zs);
            atStreamEnd = false;
        }
        zs.next_out = reinterpret_cast<Bytef *>(output.data());
        zs.avail_out = static_cast<uInt>(output.size());
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const qint64 produced = static_cast<qint64>(output.size()) - zs.avail_out;
        if (produced > 0) {
            stats.logBytes += produced;
            sink(QByteArrayView(output.data(), produced));
        }
        if (rc == Z_STREAM_END) {
            atStreamEnd = true;
        } else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_MEM_ERROR) {
            return makeError(ErrorCode::ParseError,
                             QStringLiteral("%1: corrupt gzip data after %2 bytes of log text "
                                            "(%3); the lines before were read")
                                     .arg(path)
                                     .arg(stats.logBytes)
                                     .arg(QString::fromUtf8(zs.msg ? zs.msg : "unknown error")));
        }
    }
}

} // namespace

Result<LogReadStats>
LogFileReader::read(const QString &path, const ChunkSink &sink, qsizetype chunkSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    }
    std::vector<char> buffer(static_cast<std::size_t>(qMax<qsizetype>(chunkSize, 4096)));
    // The first read decides between plain text and gzip.
    const qint64 first = file.read(buffer.data(), static_cast<qint64>(buffer.size()));
    if (first < 0)
        return makeError(ErrorCode::IoError, ioError(path, file));
    if (isGzipMagic(buffer.data(), first))
        return readGzip(file, path, sink, buffer, first, {});
    return readPlain(file, path, sink, buffer, first, {});
}

} // namespace gs::logs
