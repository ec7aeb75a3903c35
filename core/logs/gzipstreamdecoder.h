#pragma once

#include "util/result.h"

#include <QByteArrayView>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace gs::logs {

// The gzip magic number (1f 8b) at the start of `data`: a gzip stream, whatever the file's name.
inline bool isGzipMagic(const char *data, qint64 size)
{
    return size >= 2 && static_cast<unsigned char>(data[0]) == 0x1f
           && static_cast<unsigned char>(data[1]) == 0x8b;
}

// Inflates a gzip stream that arrives in chunks of any size (SSH channel reads) and hands the
// text to a sink as it comes: constant memory whatever the size of the stream, no temporary file.
// Concatenated gzip members are one stream, as gzip -dc reads them. Not thread-safe; one decoder
// per stream, used from one thread at a time.
class GzipStreamDecoder
{
public:
    using Sink = std::function<void(QByteArrayView text)>;

    explicit GzipStreamDecoder(Sink sink, qsizetype outputChunk = 256 * 1024);
    ~GzipStreamDecoder();
    GzipStreamDecoder(const GzipStreamDecoder &) = delete;
    GzipStreamDecoder &operator=(const GzipStreamDecoder &) = delete;

    // Fails on data that is not gzip or is corrupt; once failed, further input is ignored and
    // the first error is returned again.
    Result<void> feed(QByteArrayView compressed);
    // The end of the input: fails when the stream stopped inside a member (a cut transfer).
    Result<void> finish();

    qint64 compressedBytes() const { return m_in; }
    qint64 textBytes() const { return m_out; }

private:
    struct Stream;
    Sink m_sink;
    std::unique_ptr<Stream> m_stream;
    std::vector<char> m_output;
    qint64 m_in = 0;
    qint64 m_out = 0;
    bool m_atMemberEnd = true; // nothing started yet, or the last member ended
    bool m_started = false;
    std::optional<Error> m_error;
};

} // namespace gs::logs
