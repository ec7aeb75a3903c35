// libFuzzer target: php-fpm.conf / pool.d text -> PoolConfig and every typed view of its pools.

#include "phpfpm/poolconfig.h"
#include "phpfpm/poolconfigparser.h"

#include <QByteArrayView>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::phpfpm;
    const QString text = QString::fromUtf8(
            QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size)));
    // Parsed twice into one config, as the main file and an include are: later values override.
    PoolConfig config = PoolConfigParser::parse(text, QStringLiteral("/etc/php/fpm/php-fpm.conf"));
    PoolConfigParser::parseInto(config, text, QStringLiteral("/etc/php/fpm/pool.d/www.conf"));
    for (const PoolConfig::Pool &pool : std::as_const(config.pools)) {
        (void)pool.listensOnUnixSocket();
        (void)pool.listenOwner();
        (void)pool.listenBacklog();
        (void)pool.maxChildren();
        (void)pool.requestTerminateTimeoutSeconds();
        (void)pool.requestSlowlogTimeoutSeconds();
        (void)pool.phpValues();
    }
    (void)config.errorLog();
    (void)config.toJson();
    return 0;
}
