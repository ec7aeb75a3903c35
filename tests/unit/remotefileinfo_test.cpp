#include "config/configdiscoveryparser.h"
#include "remote/remotefileinfo.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using gs::config::ConfigDiscoveryParser;
using gs::remote::RemoteFileInfo;

namespace {

QByteArray runShell(const QString &script)
{
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script});
    shell.waitForFinished();
    return shell.readAllStandardOutput();
}

} // namespace

TEST(RemoteFileInfo, Script_ReportsRealPathSymlinkModeAndSha_OnALocalShell)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("real file.conf"));
    QFile file(target);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("hello\n");
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    const QString link = dir.filePath(QStringLiteral("link"));
    ASSERT_TRUE(QFile::link(target, link));
    const QString missing = dir.filePath(QStringLiteral("missing"));

    const auto infos
            = RemoteFileInfo::parse(runShell(RemoteFileInfo::script({target, link, missing})));
    ASSERT_EQ(infos.size(), 3);
    EXPECT_TRUE(infos.at(0).exists);
    EXPECT_FALSE(infos.at(0).isSymlink);
    EXPECT_EQ(infos.at(0).size, 6);
    EXPECT_EQ(infos.at(0).mode, QStringLiteral("640"));
    // sha256("hello\n")
    EXPECT_EQ(infos.at(0).sha256,
              QStringLiteral("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"));
    EXPECT_TRUE(infos.at(1).isSymlink);
    EXPECT_EQ(infos.at(1).realPath, QFileInfo(target).canonicalFilePath());
    EXPECT_EQ(infos.at(1).sha256, infos.at(0).sha256);
    EXPECT_FALSE(infos.at(2).exists);
}

TEST(RemoteFileInfo, Script_RefusesPathsWithNewlines)
{
    EXPECT_TRUE(RemoteFileInfo::script({QStringLiteral("/etc/a\nb")}).isEmpty());
}

TEST(ConfigDiscoveryParser, SystemdUnit_FromCgroup)
{
    EXPECT_EQ(ConfigDiscoveryParser::systemdUnit("0::/system.slice/nginx.service\n"),
              QStringLiteral("nginx.service"));
    EXPECT_EQ(ConfigDiscoveryParser::systemdUnit("12:pids:/system.slice/php8.2-fpm.service\n"
                                                 "0::/system.slice/php8.2-fpm.service\n"),
              QStringLiteral("php8.2-fpm.service"));
    EXPECT_TRUE(ConfigDiscoveryParser::systemdUnit("0::/user.slice/session-3.scope\n").isEmpty());
}

TEST(ConfigDiscoveryParser, OptionValue_ReadsSeparateAndJoinedForms)
{
    const QStringList args{QStringLiteral("/usr/sbin/nginx"),
                           QStringLiteral("-p"),
                           QStringLiteral("/srv/x/"),
                           QStringLiteral("-c/srv/x/nginx.conf")};
    EXPECT_EQ(ConfigDiscoveryParser::optionValue(args, QStringLiteral("-p")),
              QStringLiteral("/srv/x/"));
    EXPECT_EQ(ConfigDiscoveryParser::optionValue(args, QStringLiteral("-c")),
              QStringLiteral("/srv/x/nginx.conf"));
    EXPECT_TRUE(ConfigDiscoveryParser::optionValue(args, QStringLiteral("-e")).isEmpty());
}

TEST(ConfigDiscoveryParser, Listing_AssignsFilesToServices)
{
    const QByteArray out = "@@svc 0\n@@file\t/a\t/a\t0\t3\troot\troot\t0\t0\t644\t-\tabc\n"
                           "@@svc 1\n@@missing\t/b\t\t0\n";
    const auto listed = ConfigDiscoveryParser::listing(out);
    ASSERT_EQ(listed.size(), 2);
    EXPECT_EQ(listed.at(0).serviceIndex, 0);
    EXPECT_EQ(listed.at(1).serviceIndex, 1);
    EXPECT_FALSE(listed.at(1).info.exists);
}
