// core/scripts/nginx-config-files.sh run locally under sh: it prints the configuration the way
// `nginx -T` does (so the same parser reads it) by following include directives, globs and
// relative paths included, stops at include cycles, and never follows commented includes.

#include "runprocess.h"

#include "nginx/configmodel.h"
#include "nginx/configparser.h"
#include "remote/scriptfile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
}

ProcessRun runScript(const QString &config)
{
    return runProcess(QStringLiteral("sh"),
                      {QStringLiteral("-c"),
                       gs::remote::ScriptFile::command(u"nginx-config-files.sh", {config})});
}

} // namespace

TEST(NginxConfigFiles, ScriptIsCompiledIn)
{
    EXPECT_TRUE(gs::remote::ScriptFile::text(u"nginx-config-files.sh")
                        .contains(QStringLiteral("configuration file")));
    EXPECT_TRUE(gs::remote::ScriptFile::text(u"no-such-script.sh").isEmpty());
}

TEST(NginxConfigFiles, FollowsIncludes_AsNginxT_ParsesToTheSameModel)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString root = dir.path() + QStringLiteral("/etc nginx"); // a space on purpose
    write(root + QStringLiteral("/nginx.conf"),
          "user www-data;\nevents {}\nhttp {\n    include mime.types; # include nope.conf;\n"
          "    include conf.d/*.conf;\n    include \"sites-enabled/*\";\n}\n");
    write(root + QStringLiteral("/mime.types"), "types { text/html html; }\n");
    write(root + QStringLiteral("/conf.d/upstream.conf"),
          "upstream app { server 127.0.0.1:3000; }\n");
    // A cycle: nginx itself would refuse it; the script must not loop.
    write(root + QStringLiteral("/conf.d/loop.conf"), "include conf.d/loop.conf;\n");
    write(root + QStringLiteral("/sites-enabled/shop"),
          "server { listen 8080; server_name shop.test; location / { proxy_pass http://app; "
          "} }\n");
    const ProcessRun run = runScript(root + QStringLiteral("/nginx.conf"));
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    const QString out = QString::fromUtf8(run.out);
    EXPECT_TRUE(out.startsWith(QStringLiteral("# configuration file ") + root
                               + QStringLiteral("/nginx.conf:\n")));
    EXPECT_EQ(out.count(QStringLiteral("/conf.d/loop.conf:")), 1);
    EXPECT_FALSE(out.contains(QStringLiteral("nope.conf:")));

    const auto dump = gs::nginx::ConfigParser::parseDump(out);
    ASSERT_TRUE(bool(dump));
    const auto model
            = gs::nginx::ConfigModel::build(gs::nginx::ConfigParser::expandIncludes(*dump), {});
    ASSERT_EQ(model.servers.size(), 1);
    EXPECT_EQ(model.servers.first().names.value(0), QStringLiteral("shop.test"));
    ASSERT_NE(model.upstream(QStringLiteral("app")), nullptr);
    EXPECT_EQ(model.passLocations().size(), 1);
}

TEST(NginxConfigFiles, UnreadableMainFile_FailsWithAMessage)
{
    const ProcessRun run = runScript(QStringLiteral("/nonexistent/nginx.conf"));
    EXPECT_NE(run.exitCode, 0);
    EXPECT_TRUE(run.err.contains("cannot read")) << run.err.toStdString();
}
