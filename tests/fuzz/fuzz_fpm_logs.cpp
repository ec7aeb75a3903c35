// libFuzzer target: PHP-FPM's error log, slow log and `php-fpm -t` output.

#include "phpfpm/fpmlogparser.h"
#include "phpfpm/fpmtestoutputparser.h"
#include "phpfpm/slowlogparser.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::phpfpm;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const FpmLogParser::Result log = FpmLogParser::parse(bytes);
    for (const FpmLogEntry &e : log.entries)
        (void)e.toJson();
    for (const SlowlogParser::Entry &e : SlowlogParser::parse(bytes))
        (void)e.toJson();
    (void)FpmTestOutputParser::parse(QString::fromUtf8(bytes)).toJson();
    return 0;
}
