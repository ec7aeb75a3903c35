// libFuzzer target: a support bundle from a customer (or an attacker): tar or tar.gz bytes ->
// TarArchive's members (within small limits, so that the fuzzer reaches them) -> SupportBundle
// (manifest, observation index, outputs) -> the configuration files it holds. The first byte picks
// gzip or a plain tar stream: mutations rarely survive gzip's checksum, so tar is fuzzed directly.

#include "bundle/supportbundle.h"
#include "bundle/tararchive.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace gs::bundle;
    if (size < 1)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1),
                           static_cast<qsizetype>(size - 1));
    TarArchive::Limits limits;
    limits.maxMembers = 64;
    limits.maxMemberBytes = 1 << 20;
    limits.maxTotalBytes = 4 << 20;
    const auto members = (data[0] & 1) ? TarArchive::readGzip(bytes, limits)
                                       : TarArchive::readTar(bytes, limits);
    if (!members)
        return 0;
    const auto bundle = SupportBundle::fromMembers(*members, QStringLiteral("fuzz.tar.gz"));
    if (!bundle)
        return 0;
    for (const QString &key : bundle->keys())
        (void)bundle->output(key);
    (void)bundle->configFile(QStringLiteral("/etc/nginx/nginx.conf"));
    (void)bundle->configFile(QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf"));
    (void)bundle->collectedUtc();
    return 0;
}
