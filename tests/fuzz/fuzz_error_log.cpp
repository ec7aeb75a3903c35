// libFuzzer target: nginx's error log (whole, and fed in chunks the first byte chooses, as a
// follower sees it) and `nginx -t` output, which share the header parser.

#include "nginx/errorlogparser.h"
#include "nginx/testoutputparser.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::nginx;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ErrorLogParser::Result whole = ErrorLogParser::parse(bytes);
    for (const ErrorLogEntry &e : whole.entries)
        (void)e.toJson();

    if (!bytes.isEmpty()) {
        const qsizetype step = 1 + static_cast<unsigned char>(bytes.front()) % 64;
        ErrorLogParser chunked;
        for (qsizetype at = 0; at < bytes.size(); at += step)
            chunked.addData(bytes.sliced(at, qMin(step, bytes.size() - at)));
        chunked.finish();
        (void)chunked.takeEntries();
    }
    (void)TestOutputParser::parse(QString::fromUtf8(bytes)).toJson();
    return 0;
}
