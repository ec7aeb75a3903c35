// libFuzzer target: what the apply script prints back over SSH (a shell's noise, a server that
// answers with anything) -> ApplyEventParser, fed in chunks cut where the input's first byte says,
// as the bytes arrive from the channel.

#include "config/applyeventparser.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using gs::config::ApplyEventParser;
    if (size < 1)
        return 0;
    const std::size_t chunk = 1 + data[0] % 64;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1),
                           static_cast<qsizetype>(size - 1));
    ApplyEventParser parser(QStringLiteral("n1"));
    for (qsizetype at = 0; at < bytes.size(); at += static_cast<qsizetype>(chunk))
        (void)parser.feed(bytes.mid(at, static_cast<qsizetype>(chunk)));
    (void)parser.finish();
    (void)parser.steps();
    (void)parser.outcome();
    (void)parser.info(QStringLiteral("backup"));
    (void)parser.stray();
    return 0;
}
