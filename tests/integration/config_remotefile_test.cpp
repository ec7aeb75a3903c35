// gs::remote::RemoteFile against the lab's sshd: read with metadata, atomic write through a
// dot-named temp file that keeps owner and mode, writes through symlinks, refuses on conflict.

#include "clitestsupport.h"
#include "labtest.h"

#include "config/configfiles.h"
#include "remote/remotefile.h"
#include "remote/remotehost.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sys/stat.h>

using gs::remote::RemoteFile;
using gs::test::LabTest;
using namespace gs::test;

namespace {

class ConfigRemoteFileTest : public LabTest
{
protected:
    void SetUp() override
    {
        LabTest::SetUp();
        const QString role
                = lab().rootMode() ? QStringLiteral("sudo_nopasswd") : QStringLiteral("key");
        m_host = std::make_unique<gs::remote::RemoteHost>(keyLogin(role));
        auto opened = m_host->open().result();
        ASSERT_TRUE(opened.ok()) << opened.error().text().toStdString();
        // A directory of the lab that the login's sudo (or the login itself) may write.
        m_dir = lab().dir() + QStringLiteral("/gs-remotefile-test");
        QDir(m_dir).removeRecursively();
        ASSERT_TRUE(QDir().mkpath(m_dir));
    }

    void TearDown() override
    {
        QDir(m_dir).removeRecursively();
        m_host.reset();
        LabTest::TearDown();
    }

    std::unique_ptr<gs::remote::RemoteHost> m_host;
    QString m_dir;
};

TEST_F(ConfigRemoteFileTest, ReadWrite_KeepsModeOwnerAndSymlink)
{
    const QString real = m_dir + QStringLiteral("/real.conf");
    const QString link = m_dir + QStringLiteral("/link.conf");
    QFile file(real);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("old\n");
    file.close();
    ASSERT_EQ(::chmod(real.toLocal8Bit().constData(), 0640), 0);
    ASSERT_TRUE(QFile::link(real, link));

    auto read = RemoteFile::read(*m_host, link);
    ASSERT_TRUE(read.ok()) << read.error().text().toStdString();
    EXPECT_EQ(read->data, QByteArray("old\n"));
    EXPECT_TRUE(read->info.isSymlink);
    EXPECT_EQ(read->info.realPath, real);
    EXPECT_EQ(read->info.mode, QStringLiteral("640"));
    EXPECT_EQ(read->info.sha256, RemoteFile::sha256("old\n"));

    // A write based on a stale read is refused and changes nothing.
    RemoteFile::WriteOptions stale;
    stale.expectedSha256 = RemoteFile::sha256("something else\n");
    auto refused = RemoteFile::write(*m_host, link, "new\n", stale);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, gs::ErrorCode::Conflict);
    EXPECT_EQ(readBytes(real), QByteArray("old\n"));

    RemoteFile::WriteOptions based;
    based.expectedSha256 = read->info.sha256;
    auto written = RemoteFile::write(*m_host, link, "new\n", based);
    ASSERT_TRUE(written.ok()) << written.error().text().toStdString();
    EXPECT_EQ(written->sha256, RemoteFile::sha256("new\n"));
    EXPECT_TRUE(QFileInfo(link).isSymLink());
    EXPECT_EQ(readBytes(real), QByteArray("new\n"));
    struct stat after = {};
    ASSERT_EQ(::stat(real.toLocal8Bit().constData(), &after), 0);
    EXPECT_EQ(after.st_mode & 07777, 0640u);
    // No temp file is left behind.
    EXPECT_TRUE(QDir(m_dir)
                        .entryList({QStringLiteral(".gatescope*")}, QDir::Files | QDir::Hidden)
                        .isEmpty());

    auto missing = RemoteFile::read(*m_host, m_dir + QStringLiteral("/missing"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, gs::ErrorCode::NotFound);
}

TEST_F(ConfigRemoteFileTest, ConfigFiles_FindsTheLabsFilesAndServices)
{
    auto files = gs::config::ConfigFiles::discover(*m_host);
    ASSERT_TRUE(files.ok()) << files.error().text().toStdString();
    const auto *site = files->find(lab().string(QStringLiteral("nginx.site_conf")));
    ASSERT_NE(site, nullptr);
    const auto *service = files->serviceFor(*site);
    ASSERT_NE(service, nullptr);
    EXPECT_EQ(service->config, lab().nginxConf());
    EXPECT_EQ(service->pidFile, lab().nginxPidFile());
    EXPECT_TRUE(service->errorLogs.contains(lab().nginxErrorLog()));
    EXPECT_EQ(QString::number(service->masterPid),
              QString::fromUtf8(readBytes(lab().nginxPidFile()).trimmed()));
    const auto *pool = files->find(lab().string(QStringLiteral("phpfpm.pool_conf")));
    ASSERT_NE(pool, nullptr);
    EXPECT_EQ(pool->kind, gs::config::ServiceKind::PhpFpm);
    EXPECT_EQ(files->serviceFor(*pool)->config, lab().fpmConf());
    EXPECT_TRUE(files->serviceFor(*pool)->errorLogs.contains(lab().fpmErrorLog()));
}

} // namespace
