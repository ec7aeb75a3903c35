// libFuzzer target: what a server lists of its snapshots (the manifests beside the tarballs, which
// anyone with write access to the snapshots directory can shape) -> SnapshotManifest. The input is
// read both as one manifest and as a listing. Every entry either parser accepts must have an id
// that is safe as a remote path, and the head Gatescope would write of it must parse back to the
// same entry: a manifest that does not survive its own round trip would restore the wrong tree.

#include "config/backupid.h"
#include "config/snapshotmanifest.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using gs::config::BackupId;
using gs::config::SnapshotEntry;
using gs::config::SnapshotManifest;

void require(bool condition)
{
    if (!condition)
        std::abort();
}

bool sameProbes(const SnapshotEntry &a, const SnapshotEntry &b)
{
    if (a.probes.size() != b.probes.size() || a.pings.size() != b.pings.size())
        return false;
    for (qsizetype i = 0; i < a.probes.size(); ++i) {
        if (a.probes[i].url != b.probes[i].url || a.probes[i].hostHeader != b.probes[i].hostHeader)
            return false;
    }
    for (qsizetype i = 0; i < a.pings.size(); ++i) {
        const auto &x = a.pings[i];
        const auto &y = b.pings[i];
        if (x.connect != y.connect || x.pingPath != y.pingPath || x.pool != y.pool)
            return false;
    }
    return true;
}

void checkEntry(const SnapshotEntry &entry)
{
    require(BackupId::isValid(entry.id) && entry.sha256.size() == 64 && !entry.paths().isEmpty());
    (void)entry.toJson();
    const QByteArray tail
            = "id\t" + entry.id.toUtf8() + "\nsha256\t" + entry.sha256.toUtf8() + '\n';
    const auto again = SnapshotManifest::parse(SnapshotManifest::head(entry) + tail);
    require(again.has_value());
    require(again->note == SnapshotManifest::cleanNote(entry.note));
    require(again->directories == entry.directories && again->files == entry.files
            && again->excluded == entry.excluded && again->excludedLogs == entry.excludedLogs);
    require(sameProbes(*again, entry));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    if (const auto entry = SnapshotManifest::parse(text))
        checkEntry(*entry);
    const QString dir = QStringLiteral("/var/backups/gatescope/snapshots");
    for (const SnapshotEntry &entry : SnapshotManifest::parseListing(text, dir)) {
        checkEntry(entry);
        require(entry.remotePath.isEmpty()
                || entry.remotePath
                           == dir + QLatin1Char('/') + entry.id + QStringLiteral(".tar.gz"));
    }
    return 0;
}
