// `bundle script --redact` (issue 13): the redaction runs on the customer's server, in awk, before
// anything is archived. On a customer-like bundle (tests/data/bundle-redact: Acme's sites, pool,
// upstream, addresses, log lines with requests and referrers, secrets in the configuration) no
// customer value survives, the same value gets the same token in every file (so the diagnosis
// still joins nginx's fastcgi_pass to the pool's listen), line counts hold, and the map stays out
// of the bundle. Run locally, a redacted bundle is named by its token, not by the host.

#include "bundle/bundlediagnosis.h"
#include "bundle/bundlescript.h"
#include "bundle/supportbundle.h"
#include "remote/scriptfile.h"
#include "report/redactor.h"

#include "runprocess.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using gs::bundle::BundleScript;
using gs::bundle::SupportBundle;
using gs::report::Redactor;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

class BundleRedact : public ::testing::Test
{
protected:
    void SetUp() override
    {
        const QString source = QStringLiteral(GS_TEST_DATA_DIR "/bundle-redact");
        ASSERT_TRUE(QDir().mkpath(m_dir.filePath(QStringLiteral("b/obs"))));
        for (QDirIterator it(source, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            const QString file = it.next();
            const QString target
                    = m_dir.filePath(QStringLiteral("b/") + file.mid(source.size() + 1));
            ASSERT_TRUE(QFile::copy(file, target)) << target.toStdString();
            m_files << file.mid(source.size() + 1);
        }
        ASSERT_GE(m_files.size(), 10);
        // In the collector's order: manifest.txt, observations.tsv, then obs/* as sh globs it.
        std::sort(m_files.begin(), m_files.end(), [](const QString &a, const QString &b) {
            const auto rank = [](const QString &name) {
                return name == QLatin1String("manifest.txt")       ? 0
                       : name == QLatin1String("observations.tsv") ? 1
                                                                   : 2;
            };
            return rank(a) != rank(b) ? rank(a) < rank(b) : a < b;
        });
        const auto words = [](Redactor::Vocabulary which) {
            return Redactor::vocabulary(which).join(QLatin1Char(' '));
        };
        QFile awk(m_dir.filePath(QStringLiteral("redact.awk")));
        ASSERT_TRUE(awk.open(QIODevice::WriteOnly));
        awk.write(gs::remote::ScriptFile::text(u"bundle-redact.awk").toUtf8());
        awk.close();
        QStringList args{QStringLiteral("-v"),
                         QStringLiteral("dir="),
                         QStringLiteral("-v"),
                         QStringLiteral("mapfile=") + m_dir.filePath(QStringLiteral("map.txt")),
                         QStringLiteral("-v"),
                         QStringLiteral("host=web7.acme-corp.com"),
                         QStringLiteral("-v"),
                         QStringLiteral("words=") + words(Redactor::Vocabulary::OrdinaryWords),
                         QStringLiteral("-v"),
                         QStringLiteral("tlds=") + words(Redactor::Vocabulary::TopLevelDomains),
                         QStringLiteral("-v"),
                         QStringLiteral("publics=") + words(Redactor::Vocabulary::PublicDomains),
                         QStringLiteral("-v"),
                         QStringLiteral("sysusers=") + words(Redactor::Vocabulary::SystemUsers),
                         QStringLiteral("-f"),
                         awk.fileName(),
                         QStringLiteral("phase=learn"),
                         QStringLiteral("manifest.txt"),
                         QStringLiteral("obs/1.out"),
                         QStringLiteral("obs/2.out"),
                         QStringLiteral("obs/3.out"),
                         QStringLiteral("phase=apply")};
        args << m_files;
        const ProcessRun run
                = runProcess(QStringLiteral("awk"), args, m_dir.filePath(QStringLiteral("b")));
        ASSERT_EQ(run.exitCode, 0) << run.err.toStdString();
        for (const QString &file : std::as_const(m_files)) {
            m_before.insert(file, readAll(m_dir.filePath(QStringLiteral("b/") + file)));
            m_after.insert(
                    file,
                    readAll(m_dir.filePath(QStringLiteral("b/") + file + QStringLiteral(".r"))));
            ASSERT_FALSE(m_after.value(file).isEmpty()) << file.toStdString();
        }
        m_map = readAll(m_dir.filePath(QStringLiteral("map.txt")));
    }

    QByteArray after(const char *file) const { return m_after.value(QString::fromLatin1(file)); }

    QTemporaryDir m_dir;
    QStringList m_files;
    QMap<QString, QByteArray> m_before;
    QMap<QString, QByteArray> m_after;
    QByteArray m_map;
};

TEST_F(BundleRedact, NoCustomerValueSurvivesAnywhere)
{
    // Every value here identifies Acme: names, addresses, logins, paths, secrets, comments.
    const char *customer[] = {"acme",
                              "web7",
                              "10.20.30.40",
                              "203.0.113.77",
                              "2a02:1810",
                              "hunter2",
                              "dXNlcjpwYXNz",
                              "jsmith",
                              "deploy",
                              "john",
                              "checkout",
                              "jane",
                              "/cart",
                              "555-1234",
                              "rails box",
                              "trailing note",
                              "acmeapp"};
    for (auto it = m_after.cbegin(); it != m_after.cend(); ++it) {
        const QByteArray lower = it->toLower();
        for (const char *value : customer)
            EXPECT_FALSE(lower.contains(QByteArray(value).toLower()))
                    << value << " in " << it.key().toStdString() << ":\n"
                    << it->toStdString();
    }
    // Each was in the input: the test would see it survive.
    const QByteArray input = m_before.values().join('\n').toLower();
    for (const char *value : customer)
        EXPECT_TRUE(input.contains(QByteArray(value).toLower())) << value;
}

TEST_F(BundleRedact, OneValueOneTokenInEveryFile)
{
    // nginx's fastcgi_pass and the pool's listen still name one socket; the pool's status key
    // and its section one pool: the diagnosis joins them as before.
    EXPECT_TRUE(after("obs/2.out").contains("fastcgi_pass unix:/run/php/site-1.sock;"));
    EXPECT_TRUE(after("obs/3.out").contains("listen = /run/php/site-1.sock"));
    EXPECT_TRUE(after("obs/3.out").contains("[site-1]"));
    EXPECT_TRUE(after("observations.tsv").contains("\tfpmstatus:site-1\n"));
    EXPECT_TRUE(after("observations.tsv").contains("\ttcp:192.0.2.1:3000\n"));
    EXPECT_TRUE(after("obs/2.out").contains("server 192.0.2.1:3000;"));
    EXPECT_TRUE(after("obs/2.out").contains("upstream upstream-1 {"));
    EXPECT_TRUE(after("obs/2.out").contains("proxy_pass http://upstream-1;"));
    EXPECT_TRUE(after("manifest.txt").contains("host=host-1\n"));
    // The same request path in the access log and the error log.
    EXPECT_TRUE(after("obs/4.out").contains("request: \"GET /path-1 HTTP/1.1\""));
    EXPECT_TRUE(after("obs/5.out").contains("\"GET /path-1 HTTP/1.1\" 502"));
    EXPECT_TRUE(after("obs/4.out").contains("upstream: \"http://192.0.2.1:3000/path-1\""));
    EXPECT_TRUE(after("obs/4.out").contains("request: \"POST /path-3.php HTTP/1.1\""));
}

TEST_F(BundleRedact, KeepsWhatTheDiagnosisReadsAndTheLinesWhereTheyWere)
{
    for (const QString &file : std::as_const(m_files))
        EXPECT_EQ(m_after.value(file).count('\n'), m_before.value(file).count('\n'))
                << file.toStdString();
    // Loopback, "any", system accounts, the catalog's words and nginx -T's file markers stay.
    EXPECT_TRUE(after("obs/5.out").startsWith("192.0.2.2 - user-"));
    EXPECT_TRUE(after("obs/5.out").contains("\n127.0.0.1 - - ["));
    EXPECT_TRUE(after("obs/5.out").contains("ua=\"[::1]:3000\""));
    // User agents become tokens: the same client stays one client.
    EXPECT_TRUE(after("obs/5.out").contains("\"agent-1\" rt="));
    EXPECT_TRUE(after("obs/5.out").contains("\"agent-2\" ua="));
    EXPECT_TRUE(after("obs/5.out").contains("at 12:03:10 mac aa:bb:cc:dd:ee:ff"))
            << "times and MAC addresses are not IPv6 addresses";
    EXPECT_TRUE(after("obs/2.out")
                        .startsWith("# configuration file /etc/nginx/nginx.conf:\n"
                                    "user www-data;\n#\n"));
    EXPECT_TRUE(after("obs/2.out")
                        .contains("fastcgi_param SCRIPT_FILENAME "
                                  "$document_root$fastcgi_script_name;"));
    EXPECT_TRUE(after("obs/2.out").contains("fastcgi_param DB_PASSWORD (redacted);"));
    EXPECT_TRUE(after("obs/2.out").contains("set $x \"a#b\"; #\n"))
            << "a '#' inside quotes is not a comment";
    EXPECT_TRUE(after("obs/3.out").contains("env[DB_PASSWORD] = (redacted)\n"));
    EXPECT_TRUE(after("obs/3.out").contains("php_admin_value[memory_limit] = 256M\n"));
    EXPECT_TRUE(after("obs/3.out").contains("group = www-data\n"));
    EXPECT_TRUE(after("obs/4.out").contains("client: 2001:db8::1,"));
    EXPECT_TRUE(after("obs/4.out").contains("upstream: \"fastcgi://unix:/run/php/site-1.sock:\""));
    EXPECT_TRUE(after("obs/8.out").startsWith("Dec 02 service-1.service: Failed"));
}

TEST_F(BundleRedact, TheMapNamesEveryTokenAndStaysOutside)
{
    EXPECT_FALSE(QFile::exists(m_dir.filePath(QStringLiteral("b/map.txt"))));
    for (const char *line : {"\nhost-1\tweb7.acme-corp.com\n",
                             "\nsite-1\tacmeshop\n",
                             "\nupstream-1\tacme_backend\n",
                             "\n192.0.2.1\t10.20.30.40\n",
                             "\n2001:db8::1\t2a02:1810:aa:bb::5\n",
                             "\n/path-1\t/checkout/order\n"}) {
        EXPECT_TRUE(m_map.contains(line)) << line << m_map.toStdString();
    }
}

// The whole collector, redacting, run here: the archive carries the token, the map lies beside
// it, and the bundle is read and diagnosed like any other.
TEST(BundleScript, RedactedRunNamesNoHostAndKeepsTheMapBeside)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("collect.sh")));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(BundleScript::text({.redact = true}).toUtf8());
    file.close();
    // The machine is called web7.acme-corp.com here, whatever this one is called.
    QTemporaryDir bin;
    QFile hostname(bin.filePath(QStringLiteral("hostname")));
    ASSERT_TRUE(hostname.open(QIODevice::WriteOnly));
    hostname.write("#!/bin/sh\necho web7.acme-corp.com\n");
    hostname.close();
    hostname.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    QProcess process;
    process.setWorkingDirectory(dir.path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"),
               bin.path() + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral("sh"), {file.fileName()});
    ASSERT_TRUE(process.waitForFinished(120000));
    const QByteArray err = process.readAllStandardError();
    ASSERT_EQ(process.exitCode(), 0) << err.toStdString();
    EXPECT_TRUE(err.contains("do not send it")) << err.toStdString();
    const QString archive = QString::fromUtf8(process.readAllStandardOutput().trimmed());
    const QString host = QStringLiteral("web7");
    const QStringList files
            = QDir(dir.path()).entryList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot);
    ASSERT_EQ(files.size(), 3) << files.join(QLatin1Char(' ')).toStdString();
    const QString map = archive.chopped(int(qstrlen(".tar.gz"))) + QStringLiteral(".map.txt");
    EXPECT_TRUE(files.contains(QFileInfo(map).fileName()));

    const auto bundle = SupportBundle::open(archive);
    ASSERT_TRUE(bundle) << bundle.error().text().toStdString();
    EXPECT_TRUE(bundle->redacted());
    EXPECT_FALSE(QFileInfo(archive).fileName().contains(host));
    EXPECT_TRUE(
            QFileInfo(archive).fileName().startsWith(QLatin1String("gatescope-bundle-host-1-")));
    EXPECT_EQ(bundle->host(), QStringLiteral("host-1"));
    for (const QString &key : bundle->keys()) {
        const auto *output = bundle->output(key);
        EXPECT_FALSE(output->out.contains("web7")) << key.toStdString();
    }
    EXPECT_TRUE(readAll(map).contains("host-1\tweb7.acme-corp.com\n"));
    const auto report = gs::bundle::BundleDiagnosis::run(*bundle, {});
    EXPECT_FALSE(report.checks.isEmpty());
}

} // namespace
