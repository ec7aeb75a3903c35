// libFuzzer target: PHP-FPM's status page (plain and JSON, the body decides) and nginx's
// stub_status.

#include "nginx/stubstatusparser.h"
#include "phpfpm/fpmstatus.h"
#include "phpfpm/fpmstatusparser.h"

#include <QByteArrayView>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    if (const auto status = gs::phpfpm::FpmStatusParser::parse(bytes))
        (void)status->toJson();
    (void)gs::nginx::StubStatusParser::parse(bytes);
    return 0;
}
