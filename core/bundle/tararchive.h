#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace gs::bundle {

// A .tar.gz read whole into memory, never onto the disk, for archives from elsewhere (support
// bundles): only regular files and directories with plain relative names are accepted; a link,
// a device, an absolute name or "..", a damaged header, a cut stream or too much data is refused
// with an error that says which. Pure apart from reading the one file.
class TarArchive
{
public:
    struct Limits
    {
        int maxMembers = 20000;
        qint64 maxMemberBytes = 64LL * 1024 * 1024;
        qint64 maxTotalBytes = 768LL * 1024 * 1024;
    };

    // Member name -> content (directories are not listed).
    using Members = QMap<QString, QByteArray>;

    static Result<Members> readGzipFile(const QString &path, const Limits &limits);
    static Result<Members> readGzip(const QByteArray &compressed, const Limits &limits);
    // An uncompressed tar stream.
    static Result<Members> readTar(const QByteArray &tar, const Limits &limits);
};

} // namespace gs::bundle
