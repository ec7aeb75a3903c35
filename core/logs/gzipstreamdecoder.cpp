#include "logs/gzipstreamdecoder.h"

#include <zlib.h>

namespace gs::logs {

struct GzipStreamDecoder::Stream
{
    z_stream zs{};
    bool initialised = false;
    ~Stream()
    {
        if (initialised)
            inflateEnd(&zs);
    }
};

GzipStreamDecoder::GzipStreamDecoder(Sink sink, qsizetype outputChunk)
    : m_sink(std::move(sink))
    , m_stream(std::make_unique<Stream>())
    , m_output(static_cast<std::size_t>(qMax<qsizetype>(outputChunk, 4096)))
{}

GzipStreamDecoder::~GzipStreamDecoder() = default;

Result<void> GzipStreamDecoder::feed(QByteArrayView compressed)
{
    if (m_error)
        return *m_error;
    m_in += compressed.size();
    z_stream &zs = m_stream->zs;
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    zs.avail_in = static_cast<uInt>(compressed.size());
    while (zs.avail_in > 0) {
        if (!m_stream->initialised) {
            if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
                m_error = makeError(ErrorCode::IoError,
                                    QStringLiteral("cannot start gzip decoding"));
                return *m_error;
            }
            m_stream->initialised = true;
        } else if (m_atMemberEnd) {
            inflateReset(&zs);
        }
        m_started = true;
        m_atMemberEnd = false;
        zs.next_out = reinterpret_cast<Bytef *>(m_output.data());
        zs.avail_out = static_cast<uInt>(m_output.size());
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const qint64 produced = static_cast<qint64>(m_output.size()) - zs.avail_out;
        if (produced > 0) {
            m_out += produced;
            m_sink(QByteArrayView(m_output.data(), produced));
        }
        if (rc == Z_STREAM_END) {
            m_atMemberEnd = true;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            m_error = makeError(
                    ErrorCode::ParseError,
                    QStringLiteral("the compressed log stream is corrupt after %1 bytes "
                                   "of text (%2)")
                            .arg(m_out)
                            .arg(QString::fromUtf8(zs.msg ? zs.msg : "unknown error")));
            return *m_error;
        } else if (rc == Z_BUF_ERROR && zs.avail_in > 0 && zs.avail_out > 0) {
            m_error = makeError(ErrorCode::ParseError,
                                QStringLiteral("the compressed log stream cannot be decoded"));
            return *m_error;
        }
    }
    return {};
}

Result<void> GzipStreamDecoder::finish()
{
    if (m_error)
        return *m_error;
    if (m_started && !m_atMemberEnd) {
        m_error = makeError(ErrorCode::ParseError,
                            QStringLiteral("the compressed log stream ended early, after %1 bytes "
                                           "of text: the transfer was cut")
                                    .arg(m_out));
        return *m_error;
    }
    return {};
}

} // namespace gs::logs
