// Whole-tree snapshots' manifests: the listing the server prints (golden, taken on the lab host)
// and the head Gatescope writes before the server appends what it measured.

#include "golden.h"

#include "config/snapshotentry.h"
#include "config/snapshotmanifest.h"

#include <QJsonArray>

#include <gtest/gtest.h>

using gs::config::SnapshotEntry;
using gs::config::SnapshotManifest;

namespace {

QJsonObject withChecks(const SnapshotEntry &entry)
{
    QJsonObject json = entry.toJson();
    QJsonArray probes;
    for (const auto &probe : entry.probes)
        probes.append(QString(probe.url + QLatin1Char(' ') + probe.hostHeader));
    QJsonArray pings;
    for (const auto &ping : entry.pings)
        pings.append(QString(ping.connect + QLatin1Char(' ') + ping.pingPath + QLatin1Char(' ')
                             + ping.pool));
    json.insert(QStringLiteral("probes"), probes);
    json.insert(QStringLiteral("pings"), pings);
    return json;
}

} // namespace

TEST(SnapshotManifest, Listing_NewestFirst_DamagedAndForeignEntriesDropped)
{
    const QList<SnapshotEntry> entries = SnapshotManifest::parseListing(
            gs::test::readData(QStringLiteral("snapshot-listing"), QStringLiteral("listing.txt")),
            QStringLiteral("/var/backups/gatescope/snapshots"));
    QJsonArray array;
    for (const SnapshotEntry &entry : entries)
        array.append(withChecks(entry));
    gs::test::expectGoldenJson(QStringLiteral("snapshot-listing"),
                               QStringLiteral("expected.json"),
                               QJsonObject{{QStringLiteral("snapshots"), array}});
    ASSERT_EQ(entries.size(), 4);
    for (qsizetype i = 1; i < entries.size(); ++i)
        EXPECT_GT(entries.at(i - 1).id, entries.at(i).id);
    // The one whose tarball is gone is listed, with no remote path.
    EXPECT_EQ(entries.first().id, QStringLiteral("20261121T170000Z-aaaaaaaaaaaa"));
    EXPECT_TRUE(entries.first().remotePath.isEmpty());
    EXPECT_EQ(entries.last().validation, QStringLiteral("failed"));
}

TEST(SnapshotManifest, Listing_TwoInOneSecond_OrderedByTheirMilliseconds)
{
    // The ids tie on their second and their digest suffixes sort the other way round: only
    // created_ms says which came last (a restore takes one just after the user's own).
    const auto manifest = [](const char *id, const char *ms) -> QByteArray {
        return QByteArray("@@snapshot\t") + id + "\n@@tarball\t10\ngatescope-snapshot\t1\n"
               + "dir\t/etc/nginx\nid\t" + id + "\ncreated\t2026-11-21T18:51:23Z\n" + "created_ms\t"
               + ms + "\nsha256\t" + QByteArray(64, 'a') + "\n";
    };
    const QByteArray listing = manifest("20261121T185123Z-bb15cd1bf589", "1795287083120")
                               + manifest("20261121T185123Z-3d2393f6dcb8", "1795287083870")
                               + manifest("20261121T185122Z-ffffffffffff", "1795287082999");
    const QList<SnapshotEntry> entries
            = SnapshotManifest::parseListing(listing, QStringLiteral("/snapshots"));
    ASSERT_EQ(entries.size(), 3);
    EXPECT_EQ(entries.at(0).id, QStringLiteral("20261121T185123Z-3d2393f6dcb8"));
    EXPECT_EQ(entries.at(0).createdMs, 1795287083870);
    EXPECT_EQ(entries.at(1).id, QStringLiteral("20261121T185123Z-bb15cd1bf589"));
    EXPECT_EQ(entries.at(2).id, QStringLiteral("20261121T185122Z-ffffffffffff"));
}

TEST(SnapshotManifest, HeadThenServerLines_ParseBackToTheSameEntry)
{
    SnapshotEntry entry;
    entry.note = QStringLiteral("before\tthe PHP\nupgrade ");
    entry.directories = {QStringLiteral("/etc/nginx"), QStringLiteral("/etc/php/8.2/fpm")};
    entry.files = {QStringLiteral("/srv/app/nginx.conf")};
    entry.excluded = {QStringLiteral("/etc/nginx/logs")};
    entry.excludedLogs = {QStringLiteral("/etc/nginx/error.log")};
    entry.probes = {{QStringLiteral("http://127.0.0.1:80/"), QStringLiteral("shop.example.com")},
                    {QStringLiteral("https://[::1]:443/"), QString()}};
    entry.pings = {{QStringLiteral("/run/php/php8.2-fpm.sock"),
                    QStringLiteral("/ping"),
                    QStringLiteral("www")}};
    QByteArray text = SnapshotManifest::head(entry);
    EXPECT_EQ(text.count('\n'), 10) << text.constData();
    EXPECT_TRUE(text.contains("note\tbefore the PHP upgrade\n")) << text.constData();
    text += "id\t20261121T132503Z-3f2a9c01b7de\ncreated\t2026-11-21T13:25:03Z\nhost\tweb1\n"
            "validation\tok\nfiles\t42\nsize\t18344\n"
            "sha256\t3f2a9c01b7de00000000000000000000000000000000000000000000000000aa\n"
            "tree_sha256\t9c1e000000000000000000000000000000000000000000000000000000000000\n";
    const auto parsed = SnapshotManifest::parse(text);
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->note, QStringLiteral("before the PHP upgrade"));
    EXPECT_EQ(parsed->directories, entry.directories);
    EXPECT_EQ(parsed->files, entry.files);
    EXPECT_EQ(parsed->excluded, entry.excluded);
    EXPECT_EQ(parsed->excludedLogs, entry.excludedLogs);
    ASSERT_EQ(parsed->probes.size(), 2);
    EXPECT_EQ(parsed->probes.at(0).hostHeader, QStringLiteral("shop.example.com"));
    EXPECT_TRUE(parsed->probes.at(1).hostHeader.isEmpty());
    ASSERT_EQ(parsed->pings.size(), 1);
    EXPECT_EQ(parsed->pings.at(0).pool, QStringLiteral("www"));
    EXPECT_EQ(parsed->fileCount, 42);
    EXPECT_EQ(parsed->size, 18344);
    EXPECT_EQ(parsed->hostname, QStringLiteral("web1"));
    EXPECT_EQ(parsed->created, QStringLiteral("2026-11-21T13:25:03Z"));
}

TEST(SnapshotManifest, NotAManifest_IsRefused)
{
    EXPECT_FALSE(SnapshotManifest::parse("").has_value());
    EXPECT_FALSE(SnapshotManifest::parse("id\t20261121T132503Z-3f2a\n").has_value());
    // A manifest that covers nothing cannot be restored.
    EXPECT_FALSE(
            SnapshotManifest::parse("gatescope-snapshot\t1\nid\t20261121T132503Z-3f2a\nsha256\t"
                                    + QByteArray(64, 'a') + "\n")
                    .has_value());
    EXPECT_EQ(SnapshotManifest::cleanNote(QString(500, QLatin1Char('x'))).size(),
              SnapshotManifest::kMaxNote);
}
