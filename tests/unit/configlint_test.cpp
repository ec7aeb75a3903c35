#include "config/configlint.h"
#include "nginx/configparser.h"

#include <QFile>

#include <gtest/gtest.h>

using gs::config::ConfigLint;
using Severity = ConfigLint::Problem::Severity;

namespace {

QStringList messages(const QList<ConfigLint::Problem> &problems)
{
    QStringList list;
    for (const auto &problem : problems)
        list << QStringLiteral("%1:%2").arg(problem.line).arg(problem.message);
    return list;
}

} // namespace

TEST(ConfigLint, Nginx_CleanConfig_HasNoProblems)
{
    const auto problems = ConfigLint::lintNginx(
            u"user www-data;\nhttp {\n    types { text/html html; }\n"
            u"    map $host $x { default 1; ~^a 2; }\n"
            u"    server {\n        listen 127.0.0.1:80;\n"
            u"        location ~ \\.php$ { fastcgi_pass unix:/run/php.sock; }\n"
            u"        add_header X-A \"a;b{c}\";\n        return 200 \"${host}\";\n    }\n}\n");
    EXPECT_TRUE(problems.isEmpty()) << messages(problems).join(QLatin1Char('\n')).toStdString();
}

TEST(ConfigLint, Nginx_MissingSemicolonBeforeNextDirective_IsReportedOnItsLine)
{
    const auto problems = ConfigLint::lintNginx(
            u"server {\n    proxy_read_timeout 3s\n    proxy_send_timeout 5s;\n}\n");
    ASSERT_EQ(problems.size(), 1) << messages(problems).join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(problems.first().line, 2);
    EXPECT_EQ(problems.first().severity, Severity::Error);
    EXPECT_TRUE(problems.first().message.contains(QStringLiteral("missing ';'")));
}

TEST(ConfigLint, Nginx_MissingSemicolonBeforeBrace_IsReported)
{
    const auto problems = ConfigLint::lintNginx(u"server {\n    listen 80\n}\n");
    ASSERT_EQ(problems.size(), 1);
    EXPECT_EQ(problems.first().line, 2);
}

TEST(ConfigLint, Nginx_UnbalancedBraces_AreReported)
{
    auto problems = ConfigLint::lintNginx(u"http {\n    server {\n        listen 80;\n}\n");
    ASSERT_EQ(problems.size(), 1);
    EXPECT_EQ(problems.first().line, 1);
    EXPECT_TRUE(problems.first().message.contains(QStringLiteral("never closed")));
    problems = ConfigLint::lintNginx(u"listen 80;\n}\n");
    ASSERT_EQ(problems.size(), 1);
    EXPECT_EQ(problems.first().line, 2);
}

TEST(ConfigLint, Nginx_UnknownDirective_IsAWarningWithColumn)
{
    const auto problems = ConfigLint::lintNginx(u"server {\n    proxy_buffer_szie 16k;\n}\n");
    ASSERT_EQ(problems.size(), 1);
    EXPECT_EQ(problems.first().severity, Severity::Warning);
    EXPECT_EQ(problems.first().line, 2);
    EXPECT_EQ(problems.first().column, 5);
    EXPECT_EQ(problems.first().length, 17);
}

TEST(ConfigLint, Fpm_FindsBadLinesAndUnknownKeys)
{
    const auto problems = ConfigLint::lintFpm(u"; comment\n[www]\nuser = www-data\npm.max_childern "
                                              u"= 5\nphp_admin_value[memory_limit] "
                                              u"= 64M\nthis is not ini\n");
    ASSERT_EQ(problems.size(), 2) << messages(problems).join(QLatin1Char('\n')).toStdString();
    EXPECT_EQ(problems.at(0).line, 4);
    EXPECT_EQ(problems.at(0).severity, Severity::Warning);
    EXPECT_EQ(problems.at(1).line, 6);
    EXPECT_EQ(problems.at(1).severity, Severity::Error);
}

// Real configurations (every file of `nginx -T` on Debian and RHEL, Debian's FPM files) lint clean.
TEST(ConfigLint, RealConfigurations_HaveNoErrors)
{
    for (const char *dir : {"nginx-T-debian", "nginx-T-rhel"}) {
        QFile file(QStringLiteral(GS_TEST_DATA_DIR "/%1/stdout.txt").arg(QLatin1String(dir)));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        auto dump = gs::nginx::ConfigParser::parseDump(QString::fromUtf8(file.readAll()));
        ASSERT_TRUE(dump.ok());
        for (const auto &configFile : dump->files) {
            const auto problems = ConfigLint::lintNginx(configFile.text);
            EXPECT_TRUE(problems.isEmpty())
                    << configFile.path.toStdString() << ": "
                    << messages(problems).join(QLatin1Char('\n')).toStdString();
        }
    }
    for (const char *name : {"php-fpm.conf", "www.conf"}) {
        QFile file(QStringLiteral(GS_TEST_DATA_DIR "/fpm-pool-debian/%1").arg(QLatin1String(name)));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << name;
        const auto problems = ConfigLint::lintFpm(QString::fromUtf8(file.readAll()));
        EXPECT_TRUE(problems.isEmpty())
                << name << ": " << messages(problems).join(QLatin1Char('\n')).toStdString();
    }
}
