// Hostile and damaged archives (issue 13): TarArchive and SupportBundle refuse, with a sentence
// that says why, every archive that is not a plain bundle, and never write anything anywhere.

#include "bundle/supportbundle.h"
#include "bundle/tararchive.h"

#include <gtest/gtest.h>

#include <QProcess>

using gs::ErrorCode;
using gs::bundle::SupportBundle;
using gs::bundle::TarArchive;

namespace {

// One ustar member: header (checksum filled in) and content padded to 512 bytes.
QByteArray member(const QByteArray &name,
                  const QByteArray &content,
                  char type = '0',
                  const QByteArray &link = {})
{
    QByteArray header(512, '\0');
    header.replace(0, std::min<qsizetype>(name.size(), 100), name.left(100));
    header.replace(100, 8, QByteArray("0000644\0", 8));
    header.replace(108, 8, QByteArray("0000000\0", 8));
    header.replace(116, 8, QByteArray("0000000\0", 8));
    header.replace(
            124,
            12,
            QByteArray(QByteArray::number(content.size(), 8).rightJustified(11, '0') + '\0'));
    header.replace(136, 12, QByteArray("00000000000\0", 12));
    header[156] = type;
    header.replace(157, std::min<qsizetype>(link.size(), 100), link.left(100));
    header.replace(257, 6, QByteArray("ustar\0", 6));
    header.replace(263, 2, "00");
    header.replace(148, 8, QByteArray(8, ' '));
    int sum = 0;
    for (char c : header)
        sum += static_cast<unsigned char>(c);
    header.replace(
            148,
            8,
            QByteArray(QByteArray::number(sum, 8).rightJustified(6, '0') + QByteArray("\0 ", 2)));
    QByteArray padded = content;
    padded.append(QByteArray((512 - content.size() % 512) % 512, '\0'));
    return header + padded;
}

QByteArray endOfArchive()
{
    return QByteArray(1024, '\0');
}

QByteArray gzip(const QByteArray &data)
{
    QProcess process;
    process.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
    process.write(data);
    process.closeWriteChannel();
    process.waitForFinished(30000);
    return process.readAllStandardOutput();
}

const QByteArray kRoot = "gatescope-bundle-web1-20261202T101500Z/";

QByteArray manifest(int format = 1)
{
    return "format=" + QByteArray::number(format)
           + "\nversion=0.1.0\nhost=web1\ncollected_epoch=1796205300\nuser=root\nuid=0\n";
}

// A small bundle that reads: manifest, index, facts and clock.
QByteArray goodTar(const QByteArray &manifestText = manifest())
{
    return member(kRoot + "manifest.txt", manifestText)
           + member(kRoot + "observations.tsv", "obs/1\t0\t0\tfacts\nobs/2\t0\t0\tclock\n")
           + member(kRoot + "obs/1.out", "@@os\nID=debian\n@@end\n")
           + member(kRoot + "obs/1.err", "") + member(kRoot + "obs/2.out", "+0000\n1796205300\n")
           + member(kRoot + "obs/2.err", "") + endOfArchive();
}

void expectRefused(const gs::Result<TarArchive::Members> &result, const char *why)
{
    ASSERT_FALSE(result) << why;
    EXPECT_EQ(result.error().code, ErrorCode::BadBundle) << why;
    EXPECT_FALSE(result.error().hint.isEmpty()) << why;
}

} // namespace

TEST(TarArchive, ReadsPlainMembers)
{
    const auto members = TarArchive::readGzip(gzip(goodTar()), {});
    ASSERT_TRUE(members) << members.error().text().toStdString();
    EXPECT_EQ(members->size(), 6);
    EXPECT_EQ(members->value(QString::fromLatin1(kRoot + "obs/2.out")), "+0000\n1796205300\n");
}

TEST(TarArchive, RefusesTraversalAbsoluteNamesLinksAndDevices)
{
    expectRefused(
            TarArchive::readTar(member(kRoot + "../../etc/cron.d/x", "x") + endOfArchive(), {}),
            "dot-dot");
    expectRefused(TarArchive::readTar(member("/etc/passwd", "x") + endOfArchive(), {}), "absolute");
    expectRefused(TarArchive::readTar(
                          member(kRoot + "obs/1.out", {}, '2', "/etc/shadow") + endOfArchive(), {}),
                  "symlink");
    expectRefused(TarArchive::readTar(
                          member(kRoot + "obs/1.out", {}, '1', "/etc/shadow") + endOfArchive(), {}),
                  "hard link");
    expectRefused(TarArchive::readTar(member(kRoot + "dev", {}, '3') + endOfArchive(), {}),
                  "device");
    expectRefused(TarArchive::readTar(member("././@LongLink", "x", 'L') + endOfArchive(), {}),
                  "GNU long name");
    expectRefused(TarArchive::readTar(member(kRoot + "a\nb", "x") + endOfArchive(), {}),
                  "control character");
}

TEST(TarArchive, RefusesDamagedCutAndOversizedArchives)
{
    QByteArray tar = goodTar();
    tar[520] = 'X'; // inside the first member's content is fine; a header byte is not:
    tar[10] = 'X';
    expectRefused(TarArchive::readTar(tar, {}), "bad checksum");

    const QByteArray compressed = gzip(goodTar());
    expectRefused(TarArchive::readGzip(compressed.left(compressed.size() / 2), {}), "cut gzip");
    expectRefused(TarArchive::readGzip("not gzip at all", {}), "not gzip");
    expectRefused(TarArchive::readTar(goodTar().left(700), {}), "cut tar");

    TarArchive::Limits small;
    small.maxMemberBytes = 1024;
    expectRefused(TarArchive::readTar(member(kRoot + "big", QByteArray(4096, 'a')) + endOfArchive(),
                                      small),
                  "member too big");
    small = {};
    small.maxMembers = 3;
    expectRefused(TarArchive::readTar(goodTar(), small), "too many members");
    expectRefused(TarArchive::readTar(
                          member(kRoot + "x", "1") + member(kRoot + "x", "2") + endOfArchive(), {}),
                  "duplicate");
}

TEST(TarArchive, StopsACompressionBombAtTheCap)
{
    TarArchive::Limits small;
    small.maxTotalBytes = 1024 * 1024;
    small.maxMembers = 10;
    // 64 MiB of zeros: a few dozen KiB compressed.
    const QByteArray bomb = gzip(member(kRoot + "zeros", QByteArray(64 * 1024 * 1024, '\0')));
    ASSERT_LT(bomb.size(), 1024 * 1024);
    const auto result = TarArchive::readGzip(bomb, small);
    expectRefused(result, "bomb");
    EXPECT_TRUE(result.error().message.contains(QStringLiteral("unpacks to more than")))
            << result.error().message.toStdString();
}

TEST(SupportBundle, ReadsTheManifestAndOutputs)
{
    const auto bundle = SupportBundle::fromArchive(gzip(goodTar()), QStringLiteral("b.tar.gz"));
    ASSERT_TRUE(bundle) << bundle.error().text().toStdString();
    EXPECT_EQ(bundle->host(), QStringLiteral("web1"));
    EXPECT_TRUE(bundle->asRoot());
    EXPECT_EQ(bundle->collectedUtc().toSecsSinceEpoch(), 1796205300);
    ASSERT_NE(bundle->output(QStringLiteral("clock")), nullptr);
    EXPECT_TRUE(bundle->output(QStringLiteral("clock"))->ok());
    EXPECT_EQ(bundle->output(QStringLiteral("nginx_T")), nullptr);
}

TEST(SupportBundle, RefusesNewerFormatsAndIncompleteBundles)
{
    const auto newer = SupportBundle::fromArchive(gzip(goodTar(manifest(99))), {});
    ASSERT_FALSE(newer);
    EXPECT_EQ(newer.error().code, ErrorCode::BadBundle);
    EXPECT_TRUE(newer.error().message.contains(QStringLiteral("newer Gatescope")))
            << newer.error().message.toStdString();
    EXPECT_TRUE(newer.error().hint.contains(QStringLiteral("Update")));

    const auto noManifest = SupportBundle::fromArchive(
            gzip(member(kRoot + "observations.tsv", "") + endOfArchive()), {});
    ASSERT_FALSE(noManifest);
    EXPECT_TRUE(noManifest.error().message.contains(QStringLiteral("manifest")));

    const auto twoFolders = SupportBundle::fromArchive(
            gzip(goodTar().chopped(1024) + member("other/x", "x") + endOfArchive()), {});
    ASSERT_FALSE(twoFolders);
    EXPECT_EQ(twoFolders.error().code, ErrorCode::BadBundle);

    const auto badIndex = SupportBundle::fromArchive(
            gzip(member(kRoot + "manifest.txt", manifest())
                 + member(kRoot + "observations.tsv", "../../x\t0\t0\tfacts\n") + endOfArchive()),
            {});
    ASSERT_FALSE(badIndex);
    EXPECT_TRUE(badIndex.error().message.contains(QStringLiteral("observations.tsv")));
}

TEST(SupportBundle, ConfigFilesComeFromTheDumpsItHolds)
{
    const QByteArray dump = "# configuration file /etc/nginx/nginx.conf:\nuser www-data;\n"
                            "include /etc/nginx/sites/*.conf;\n\n"
                            "# configuration file /etc/nginx/sites/shop.conf:\nserver {\n}\n\n";
    const QByteArray tar
            = member(kRoot + "manifest.txt", manifest())
              + member(kRoot + "observations.tsv",
                       "obs/1\t0\t0\tfacts\nobs/2\t0\t0\tnginx_T@/etc/nginx/nginx.conf\n"
                       "obs/3\t0\t0\tfpmconf:/etc/php/8.2/fpm/php-fpm.conf\n")
              + member(kRoot + "obs/1.out", "@@end\n") + member(kRoot + "obs/2.out", dump)
              + member(kRoot + "obs/3.out",
                       "@@file /etc/php/8.2/fpm/php-fpm.conf\n[global]\n\n@@file "
                       "/etc/php/8.2/fpm/pool.d/www.conf\n[www]\nlisten = /run/php.sock\n\n")
              + endOfArchive();
    const auto bundle = SupportBundle::fromArchive(gzip(tar), {});
    ASSERT_TRUE(bundle) << bundle.error().text().toStdString();
    EXPECT_EQ(bundle->configFile(QStringLiteral("/etc/nginx/sites/shop.conf")), "server {\n}\n\n");
    // The file itself: without the line feed nginx -T adds after each file.
    EXPECT_EQ(bundle->configFile(QStringLiteral("/etc/nginx/nginx.conf")),
              "user www-data;\ninclude /etc/nginx/sites/*.conf;\n");
    EXPECT_EQ(bundle->configFile(QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf")),
              "[www]\nlisten = /run/php.sock\n\n");
    EXPECT_FALSE(bundle->configFile(QStringLiteral("/etc/nginx/other.conf")).has_value());
}
