// The support bundle's collector (issue 13): the probe texts keep every argument one word
// whatever it holds, the generated script is clean under shellcheck, and run locally under sh it
// writes a bundle that SupportBundle reads and BundleDiagnosis diagnoses.

#include "bundle/bundlediagnosis.h"
#include "bundle/bundleplaybook.h"
#include "bundle/bundlescript.h"
#include "bundle/probetext.h"
#include "bundle/supportbundle.h"
#include "remote/scriptfile.h"

#include "runprocess.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>

#include <sys/types.h>

using gs::bundle::BundleDiagnosis;
using gs::bundle::BundleScript;
using gs::bundle::ProbeText;
using gs::bundle::SupportBundle;

namespace {

QByteArray runSh(const QString &text, const QStringList &arguments)
{
    QStringList args{QStringLiteral("-c"), text, QStringLiteral("probe")};
    args << arguments;
    const ProcessRun run = runProcess(QStringLiteral("sh"), args);
    EXPECT_EQ(run.exitCode, 0) << run.err.toStdString();
    return run.out;
}

} // namespace

TEST(ProbeText, EachPlaceholderBecomesOneArgumentInEveryQuoting)
{
    const QString command
            = QStringLiteral("printf '[%s]' %1 'in single %2 quotes' \"in double %3\" "
                             "x%4y")
                      .arg(ProbeText::text(1),
                           ProbeText::text(2),
                           ProbeText::text(3),
                           QString::number(ProbeText::number(4)));
    const QString text = ProbeText::substitute(command, 4);
    EXPECT_FALSE(text.contains(QLatin1String("GSARG")));
    const QByteArray out = runSh(text,
                                 {QStringLiteral("a b"),
                                  QStringLiteral("it's $(id)"),
                                  QStringLiteral("\"quoted\" `x`"),
                                  QStringLiteral("42")});
    EXPECT_EQ(out, "[a b][in single it's $(id) quotes][in double \"quoted\" `x`][x42y]");
}

TEST(ProbeText, BackslashesAndApostrophesOutsidePlaceholdersAreKept)
{
    const QString command = QStringLiteral("printf '%s\\n' 'it'\\''s' %1").arg(ProbeText::text(1));
    EXPECT_EQ(runSh(ProbeText::substitute(command, 1), {QStringLiteral("v")}), "it's\nv\n");
}

TEST(BundleScript, NamesItsChecksumAndIsCleanUnderShellcheck)
{
    const QString text = BundleScript::text();
    EXPECT_TRUE(text.startsWith(QLatin1String("#!/bin/sh\n")));
    EXPECT_TRUE(text.contains(QStringLiteral("GS_SHA256=") + BundleScript::bodyChecksum()));
    EXPECT_FALSE(text.contains(QLatin1String("GSARG")));
    if (QStandardPaths::findExecutable(QStringLiteral("shellcheck")).isEmpty())
        GTEST_SKIP() << "shellcheck is not installed";
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("collect.sh")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
    file.close();
    const ProcessRun run = runProcess(QStringLiteral("shellcheck"),
                                      {QStringLiteral("-s"),
                                       QStringLiteral("sh"),
                                       QStringLiteral("-S"),
                                       QStringLiteral("warning"),
                                       file.fileName()});
    EXPECT_EQ(run.exitCode, 0) << run.out.toStdString();
}

TEST(BundleScript, RunLocallyWritesABundleThatIsReadAndDiagnosed)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("collect.sh")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(BundleScript::text().toUtf8());
    file.close();
    const ProcessRun run = runProcess(QStringLiteral("sh"), {file.fileName()}, dir.path());
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_TRUE(run.err.contains("reading only")) << "it says what it collects first";
    const QString archive = QString::fromUtf8(run.out.trimmed());
    EXPECT_TRUE(archive.startsWith(dir.path() + QStringLiteral("/gatescope-bundle-")));
    EXPECT_TRUE(archive.endsWith(QLatin1String(".tar.gz")));
    // Nothing else is left behind: no temporary directory, no partial archive.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot).size(),
              2);

    const auto bundle = SupportBundle::open(archive);
    ASSERT_TRUE(bundle) << bundle.error().text().toStdString();
    EXPECT_EQ(bundle->scriptChecksum(), BundleScript::bodyChecksum());
    EXPECT_EQ(bundle->format(), BundleScript::kFormat);
    for (const char *key : {"facts", "clock", "sockets", "system", "oom", "firewall"}) {
        const auto *output = bundle->output(QString::fromLatin1(key));
        ASSERT_NE(output, nullptr) << key;
        EXPECT_TRUE(output->ran) << key;
    }
    EXPECT_LT(qAbs(bundle->collectedUtc().secsTo(QDateTime::currentDateTimeUtc())), 600);

    const auto report = BundleDiagnosis::run(*bundle, {});
    EXPECT_FALSE(report.checks.isEmpty());
    EXPECT_EQ(report.raw.privileged, bundle->asRoot());
}

TEST(BundlePlaybook, CarriesTheScriptUntemplatedAndBecomesOnlyWhenAsked)
{
    const QString plain = gs::bundle::BundlePlaybook::text(false);
    EXPECT_TRUE(plain.contains(QLatin1String("  become: false\n")));
    EXPECT_TRUE(gs::bundle::BundlePlaybook::text(true).contains(QLatin1String("  become: true\n")));
    EXPECT_TRUE(plain.contains(QLatin1String("content: !unsafe |")));
    EXPECT_TRUE(plain.contains(QStringLiteral("GS_SHA256=") + BundleScript::bodyChecksum()));
}

// A dropped SSH session hangs up the collector's process group: whatever it was doing, it
// leaves no archive, no partial archive and no temporary directory behind. A `timeout` first
// on PATH holds the first probe until the hangup, so the moment is not a race.
TEST(BundleScript, HangupMidwayLeavesNothingBehind)
{
    QTemporaryDir dir;
    QTemporaryDir tmp;
    QTemporaryDir bin;
    QFile file(dir.filePath(QStringLiteral("collect.sh")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(BundleScript::text().toUtf8());
    file.close();
    const QString marker = bin.filePath(QStringLiteral("probing"));
    QFile holder(bin.filePath(QStringLiteral("timeout")));
    ASSERT_TRUE(holder.open(QIODevice::WriteOnly));
    holder.write("#!/bin/sh\ntouch \"$GS_TEST_MARKER\"\nsleep 30\nexit 1\n");
    holder.close();
    holder.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    QProcess process;
    process.setWorkingDirectory(dir.path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TMPDIR"), tmp.path());
    env.insert(QStringLiteral("GS_TEST_MARKER"), marker);
    env.insert(QStringLiteral("PATH"),
               bin.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    process.setProcessEnvironment(env);
    // setsid: the collector leads its own process group, as a login shell's command does.
    process.start(QStringLiteral("setsid"), {QStringLiteral("sh"), file.fileName()});
    ASSERT_TRUE(process.waitForStarted());
    for (int i = 0; i < 400 && !QFile::exists(marker); ++i)
        QThread::msleep(50);
    ASSERT_TRUE(QFile::exists(marker)) << "the first probe never started";
    ASSERT_EQ(::kill(-static_cast<pid_t>(process.processId()), SIGHUP), 0);
    ASSERT_TRUE(process.waitForFinished(60000));
    EXPECT_NE(process.exitCode(), 0);
    EXPECT_EQ(QDir(dir.path())
                      .entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)
                      .join(QLatin1Char(' '))
                      .toStdString(),
              "collect.sh");
    EXPECT_TRUE(QDir(tmp.path()).isEmpty()) << "the collector's temporary directory is gone";
}

// The third round's candidates from an nginx configuration, keyed as the live plan keys them.
TEST(BundleScript, TargetsAwkNamesPeersSitesAndTimeoutsAsTheLivePlan)
{
    QTemporaryDir dir;
    QFile awk(dir.filePath(QStringLiteral("targets.awk")));
    ASSERT_TRUE(awk.open(QIODevice::WriteOnly));
    awk.write(gs::remote::ScriptFile::text(u"bundle-targets.awk").toUtf8());
    awk.close();
    QFile conf(dir.filePath(QStringLiteral("nginx.conf")));
    ASSERT_TRUE(conf.open(QIODevice::WriteOnly));
    conf.write("# configuration file /etc/nginx/nginx.conf:\n"
               "user www-data;\nerror_log logs/error.log;\nhttp {\n"
               "upstream b { server unix:/run/b.sock weight=2; server [::1]:8080; server "
               "app.local; }\n"
               "server { listen 80; listen [::]:443 ssl; listen 8443 quic; server_name "
               "shop.example _;\n"
               " access_log /var/log/nginx/shop.log main;\n"
               " location / { proxy_pass http://unix:/run/app.sock:/x; }\n"
               " location /b { proxy_pass http://b; }\n"
               " location ~ \\.php$ { fastcgi_read_timeout 3s; fastcgi_pass "
               "unix:/run/php/php8.2-fpm.sock; }\n"
               " location /c { proxy_pass https://10.0.0.5; }\n"
               " location /d { fastcgi_pass 127.0.0.1:9000; }\n"
               " location /e { proxy_pass http://$backend; }\n}\n}\n");
    conf.close();
    const ProcessRun run = runProcess(QStringLiteral("awk"),
                                      {QStringLiteral("-v"),
                                       QStringLiteral("prefix=/etc/nginx"),
                                       QStringLiteral("-f"),
                                       awk.fileName(),
                                       conf.fileName()});
    ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
    EXPECT_EQ(run.out,
              "user\twww-data\n"
              "errorlog\tlogs/error.log\n"
              "errorlog\t/etc/nginx/logs/error.log\n"
              "accesslog\t/var/log/nginx/shop.log\n"
              "site\thttp://127.0.0.1:80/\tshop.example\n"
              "site\thttps://[::1]:443/\tshop.example\n"
              "peer\tproxy_pass\thttp\tunix:/run/app.sock\t10\n"
              "peer\tproxy_pass\thttp\tunix:/run/b.sock\t10\n"
              "peer\tproxy_pass\thttp\t[::1]:8080\t10\n"
              "peer\tproxy_pass\thttp\tapp.local:80\t10\n"
              "peer\tfastcgi_pass\t\tunix:/run/php/php8.2-fpm.sock\t5\n"
              "peer\tproxy_pass\thttps\t10.0.0.5:443\t10\n"
              "peer\tfastcgi_pass\t\t127.0.0.1:9000\t10\n");
}
