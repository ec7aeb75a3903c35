// Redaction like `sos clean`: one mapping per report, applied to values (hosts, sites, addresses,
// pools, units, users, also inside paths), never to the words of the prose. The Redactor's
// rules one by one, then whole reports of real lab captures with a customer's values planted
// (plantedreport.h): no planted value survives in the HTML, Markdown or text, the prose stays
// readable, and a value keeps its token throughout. The PDF leg is tests/gui/tst_reportexport.

#include "plantedreport.h"

#include "report/redactor.h"
#include "report/reportwriter.h"

#include <QRegularExpression>
#include <QSet>

#include <gtest/gtest.h>

using gs::report::Redactor;
using gs::report::ReportWriter;
using Kind = gs::report::Redactor::Kind;

namespace {

QString redactOnce(Redactor &redactor, const QString &text)
{
    redactor.learn(text);
    return redactor.redact(text);
}

// Every distinct match of a capture group in `text`.
QSet<QString> captures(const QString &text, const QString &pattern)
{
    QSet<QString> found;
    const QRegularExpression re(pattern);
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(1));
    return found;
}

} // namespace

TEST(Redactor, Addresses_V4AndV6IncludingLoopbackAndBrackets_OneTokenEach)
{
    Redactor redactor;
    EXPECT_EQ(redactor.redact(QStringLiteral("10.0.0.5 and 10.0.0.5:80, fe80::1 and ::1")),
              QStringLiteral("ip-1 and ip-1:80, ip-2 and ip-3"));
    EXPECT_EQ(redactor.redact(QStringLiteral("LISTEN [::1]:3000 and 0:0:0:0:0:0:0:1 and "
                                             "http://[::1]:3000/")),
              QStringLiteral("LISTEN [ip-3]:3000 and ip-3 and http://[ip-3]:3000/"));
    // Times, versions, files and the "any" addresses are not addresses of a machine.
    const QString plain = QStringLiteral("at 12:03:10 nginx 1.22.1 php8.2-fpm.sock index.php, "
                                         "listen [::]:80 and 0.0.0.0:80; version 1.2.3.4.5");
    EXPECT_EQ(redactor.redact(plain), plain);
}

TEST(Redactor, UnixSocketPrefix_StaysAWord)
{
    Redactor redactor;
    redactor.add(Kind::Pool, QStringLiteral("acmeshop"));
    const QString line = QStringLiteral(
            "connect() to unix:/run/php/acmeshop-fpm.sock failed (2: No such file or directory) "
            "while connecting to upstream, upstream: "
            "\"fastcgi://unix:/run/php/acmeshop-fpm.sock:\"");
    const QString redacted = redactOnce(redactor, line);
    EXPECT_EQ(redacted,
              QStringLiteral("connect() to unix:/run/php/pool-1-fpm.sock failed (2: No such file "
                             "or directory) while connecting to upstream, upstream: "
                             "\"fastcgi://unix:/run/php/pool-1-fpm.sock:\""));
    EXPECT_EQ(redactOnce(redactor, QStringLiteral("The upstream's unix socket does not exist")),
              QStringLiteral("The upstream's unix socket does not exist"));
}

TEST(Redactor, NamesInsidePaths_MaskedStandardPathsStay)
{
    Redactor redactor;
    const QString text = QStringLiteral(
            "/etc/nginx/sites-enabled/shop.example.com.conf:14 root /var/www/acme/public; "
            "include /etc/nginx/nginx.conf; /etc/php/8.2/fpm/pool.d/acmeshop.conf; "
            "/var/log/nginx/acme-blog.access.log /home/acmeadmin/deploy /run/php/ "
            "/etc/nginx/sites-enabled/default");
    EXPECT_EQ(redactOnce(redactor, text),
              QStringLiteral("/etc/nginx/sites-enabled/site-2.conf:14 root /var/www/site-1/public; "
                             "include /etc/nginx/nginx.conf; /etc/php/8.2/fpm/pool.d/pool-1.conf; "
                             "/var/log/nginx/site-3.access.log /home/user-1/deploy /run/php/ "
                             "/etc/nginx/sites-enabled/default"));
}

TEST(Redactor, UnitsAndTheirProcesses_OneToken)
{
    Redactor redactor;
    const QString text = QStringLiteral(
            "acme-api.service: Main process exited; `journalctl -u acme-api -n 200`, "
            "users:((\"acme-api\",pid=812)); systemctl restart nginx php8.2-fpm.service "
            "systemd-journald.service getty@tty1.service");
    EXPECT_EQ(redactOnce(redactor, text),
              QStringLiteral("service-1.service: Main process exited; `journalctl -u service-1 "
                             "-n 200`, users:((\"service-1\",pid=812)); systemctl restart nginx "
                             "php8.2-fpm.service systemd-journald.service getty@tty1.service"));
}

TEST(Redactor, LogFieldsUrlsAndMail_HostsSitesAndUsers)
{
    Redactor redactor;
    redactor.add(Kind::Host, QStringLiteral("web7.acme-corp.com"));
    redactor.add(Kind::Host, QStringLiteral("web7"));
    const QString line = QStringLiteral(
            "client: 203.0.113.9, server: shop.example.org, host: \"api.internal:8080\", "
            "referrer: \"https://bob@git.corp/x\" on web7 <ops@web7.acme-corp.com>");
    EXPECT_EQ(redactOnce(redactor, line),
              QStringLiteral("client: ip-1, server: site-1, host: \"site-2:8080\", "
                             "referrer: \"https://user-1@site-3/x\" on host-2 <user-2@host-1>"));
}

TEST(Redactor, OrdinaryWordsAndSystemAccounts_NeverValues)
{
    Redactor redactor;
    for (const char *word : {"unix",
                             "host",
                             "socket",
                             "server",
                             "upstream",
                             "nginx",
                             "www",
                             "default",
                             "localhost",
                             "php8.2-fpm",
                             "http"}) {
        redactor.add(Kind::Host, QString::fromLatin1(word));
        redactor.add(Kind::Pool, QString::fromLatin1(word));
    }
    for (const char *user : {"root", "www-data", "nobody"})
        redactor.add(Kind::User, QString::fromLatin1(user));
    const QString prose = QStringLiteral(
            "nginx connects to the upstream's unix socket on localhost as www-data; the default "
            "server of the host runs php8.2-fpm as root, HTTP and http:// answer");
    EXPECT_EQ(redactOnce(redactor, prose), prose);
    EXPECT_TRUE(redactor.tokenFor(QStringLiteral("unix")).isEmpty());
}

TEST(Redactor, KeptProse_StaysVerbatim_ValuesAroundItDoNot)
{
    Redactor redactor;
    const QString example = QStringLiteral(
            "The application listens on another address (for example ::1 instead of 127.0.0.1).");
    redactor.keepProse(example);
    const QString text = example + QStringLiteral(" It listens on [::1]:27649.");
    EXPECT_EQ(redactor.redact(text), example + QStringLiteral(" It listens on [ip-1]:27649."));
}

TEST(Redactor, SameValue_SameToken_AnyCaseOrForm)
{
    Redactor redactor;
    redactor.add(Kind::Site, QStringLiteral("Shop.Example.com"));
    redactor.add(Kind::Address, QStringLiteral("[2001:DB8::7]:8080"));
    EXPECT_EQ(redactor.redact(QStringLiteral("shop.example.com SHOP.EXAMPLE.COM 2001:db8:0::7")),
              QStringLiteral("site-1 site-1 ip-1"));
    EXPECT_EQ(redactor.tokenFor(QStringLiteral("2001:db8::7")), QStringLiteral("ip-1"));
    EXPECT_EQ(redactor.tokenFor(QStringLiteral("shop.example.com")), QStringLiteral("site-1"));
}

// ---------------------------------------------------------------------------------------------
// Whole reports from lab captures with a customer's values planted.

namespace {

class PlantedRedactionTest : public ::testing::TestWithParam<std::string>
{
protected:
    void SetUp() override
    {
        m_planted = gs::test::plantedReport(QStringLiteral(GS_TEST_DATA_DIR),
                                            QString::fromStdString(GetParam()));
        ASSERT_TRUE(m_planted.error.isEmpty()) << qPrintable(m_planted.error);
    }

    ReportWriter writer(bool redact) const
    {
        gs::report::ReportOptions options = m_planted.options;
        options.redact = redact;
        return ReportWriter(m_planted.report, m_planted.target, options);
    }

    gs::test::PlantedReport m_planted;
};

} // namespace

TEST_P(PlantedRedactionTest, Redacted_NoPlantedValueInHtmlMarkdownOrText)
{
    const ReportWriter redacted = writer(true);
    for (const QString &output : {redacted.html(), redacted.markdown(), redacted.plainText()}) {
        const QStringList leaked = gs::test::leakedOriginals(m_planted, output);
        EXPECT_TRUE(leaked.isEmpty())
                << qPrintable(leaked.join(QLatin1String(", "))) << " leaked into:\n"
                << qPrintable(output);
    }
}

TEST_P(PlantedRedactionTest, Unredacted_ShowsThePlantedValues)
{
    // The counterpart, so that the test above can fail: the planted values are in the report.
    const QString text = writer(false).plainText();
    for (const char *value : {"acme-shop-prod",
                              "198.51.100.23",
                              "acmeadmin",
                              "jdoe",
                              "web7",
                              "acme-api",
                              "acme-shop.example.com"}) {
        EXPECT_TRUE(text.contains(QLatin1String(value))) << value << " not in:\n"
                                                         << qPrintable(text);
    }
    // The lab's prefix layout puts everything under the web root; the Debian one does not.
    if (GetParam() != "diagnosis-debian") {
        EXPECT_TRUE(text.contains(QLatin1String("/var/www/acme/stack"))) << qPrintable(text);
    }
    // The upstream's address shows where the configuration was read (not without sudo).
    if (GetParam() != "diagnosis-nosudo") {
        EXPECT_TRUE(text.contains(QLatin1String("10.20.30.41"))) << qPrintable(text);
    }
}

TEST_P(PlantedRedactionTest, Redacted_ProseAndStandardNamesStayReadable)
{
    const QString text = writer(true).plainText();
    for (const char *word : {"nginx", "upstream", "Redacted:", "CHECKS", "php-fpm", "systemctl"})
        EXPECT_TRUE(text.contains(QLatin1String(word), Qt::CaseInsensitive)) << word;
    // No word of the prose was taken for a value ("the upstream's host-5 socket").
    const QRegularExpression tokenBeforeWord(
            QStringLiteral("(host|site|ip|user|pool|service|upstream)-\\d+ "
                           "(socket|host|server|file|directory)\\b"));
    EXPECT_FALSE(tokenBeforeWord.match(text).hasMatch())
            << qPrintable(tokenBeforeWord.match(text).captured()) << "\n"
            << qPrintable(text);
    EXPECT_FALSE(text.contains(QLatin1String("host-unix")));
}

TEST_P(PlantedRedactionTest, Redacted_SameValueSameTokenThroughout)
{
    const ReportWriter redacted = writer(true);
    const QString text = redacted.plainText();
    // The server is the first of each kind, in the header and in the activity alike.
    EXPECT_TRUE(text.contains(QLatin1String("Server:    host-1 (user-1@ip-1:2222)")))
            << qPrintable(text);
    EXPECT_TRUE(text.contains(QLatin1String("answered 502 from ip-1")));
    // The unit: one token in the evidence, its source and the activity.
    const QSet<QString> units = captures(text, QStringLiteral("(service-\\d+)\\.service"));
    EXPECT_EQ(units.size(), 1) << qPrintable(text);
    EXPECT_TRUE(text.contains(QStringLiteral("systemctl restart %1.service")
                                      .arg(units.isEmpty() ? QString() : *units.begin())));
    // The main site: one token in the site file of the activity and wherever else it shows.
    const QSet<QString> siteFiles
            = captures(text, QStringLiteral("sites-enabled/(site-\\d+)\\.conf"));
    EXPECT_EQ(siteFiles.size(), 1) << qPrintable(text);
    // Each web root and each address in front of the app's port has one token.
    for (const QString &html : {redacted.html(), redacted.markdown(), text}) {
        EXPECT_LE(captures(html, QStringLiteral("/var/www/([^/\\s]+)/")).size(), 1);
        EXPECT_LE(captures(html, QStringLiteral("(?<!\\[)(ip-\\d+):27649")).size(), 1);
        EXPECT_LE(captures(html, QStringLiteral("\\[(ip-\\d+)\\]:27649")).size(), 1);
    }
}

INSTANTIATE_TEST_SUITE_P(Lab,
                         PlantedRedactionTest,
                         ::testing::Values("diagnosis-debian",
                                           "diagnosis-fpm-socket-missing",
                                           "diagnosis-fpm-socket-perms",
                                           "diagnosis-app-on-ipv6",
                                           "diagnosis-app-slow",
                                           "diagnosis-nosudo"),
                         [](const ::testing::TestParamInfo<std::string> &param) {
                             std::string name = param.param.substr(10); // after "diagnosis-"
                             for (char &c : name) {
                                 if (c == '-')
                                     c = '_';
                             }
                             return name;
                         });

TEST(PlantedRedaction, UnixSocketFinding_KeepsItsWordsAndMasksThePath)
{
    const gs::test::PlantedReport planted = gs::test::plantedReport(
            QStringLiteral(GS_TEST_DATA_DIR), QStringLiteral("diagnosis-fpm-socket-missing"));
    const QString text = ReportWriter(planted.report, planted.target, planted.options).plainText();
    EXPECT_TRUE(text.contains(QLatin1String("The upstream's unix socket does not exist")))
            << qPrintable(text);
    EXPECT_TRUE(text.contains(QLatin1String("Upstream: unix:/var/www/site-")));
    EXPECT_TRUE(text.contains(QLatin1String("fastcgi_pass unix:PATH;")));
}

TEST(PlantedRedaction, AddressMismatch_CatalogExampleStays_ListenersMasked)
{
    const gs::test::PlantedReport planted = gs::test::plantedReport(
            QStringLiteral(GS_TEST_DATA_DIR), QStringLiteral("diagnosis-app-on-ipv6"));
    const QString text = ReportWriter(planted.report, planted.target, planted.options).plainText();
    EXPECT_TRUE(text.contains(QLatin1String("::1 instead of 127.0.0.1"))) << qPrintable(text);
    EXPECT_FALSE(text.contains(QLatin1String("2001:db8")));
    EXPECT_TRUE(text.contains(QRegularExpression(QStringLiteral("\\[ip-\\d+\\]:27649"))));
}
