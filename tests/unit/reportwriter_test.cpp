#include "audit/auditfilter.h"
#include "report/reportwriter.h"

#include <QFile>
#include <QRegularExpression>

#include <gtest/gtest.h>

using gs::checks::CheckResult;
using gs::checks::CheckStatus;
using gs::checks::DiagnosisReport;
using gs::findings::Finding;
using gs::report::ReportOptions;
using gs::report::ReportTarget;
using gs::report::ReportWriter;

namespace {

// Golden reports live next to this test (tests/unit/golden/report/); GS_UPDATE_GOLDEN=1 rewrites
// them, then review the diff.
QString goldenPath(const QString &file)
{
    return QStringLiteral(GS_TEST_DATA_DIR "/../unit/golden/report/") + file;
}

void expectGolden(const QString &file, const QString &actual)
{
    if (qEnvironmentVariableIntValue("GS_UPDATE_GOLDEN") == 1) {
        QFile f(goldenPath(file));
        ASSERT_TRUE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(actual.toUtf8());
        return;
    }
    QFile f(goldenPath(file));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly)) << "missing golden file " << qPrintable(file);
    const QString expected = QString::fromUtf8(f.readAll());
    EXPECT_EQ(expected.toStdString(), actual.toStdString())
            << "golden mismatch: " << qPrintable(file);
}

QDateTime at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

// A diagnosis as the lab's app_down breakage produces it, with the names and addresses a real
// customer's server would reveal: in the target, the facts, log lines, URLs and paths.
DiagnosisReport brokenReport()
{
    DiagnosisReport report;
    report.durationMs = 1432;
    report.facts.os = QStringLiteral("Debian GNU/Linux 12 (bookworm)");
    report.facts.kernel = QStringLiteral("Linux 6.1.0-18-amd64");
    report.facts.hostname = QStringLiteral("web7.acme-corp.com");
    report.facts.init = QStringLiteral("systemd");
    report.facts.loginUser = QStringLiteral("alice");
    report.facts.nginx.installed = true;
    report.facts.nginx.running = true;
    report.facts.nginx.version = QStringLiteral("1.22.1");
    report.facts.nginx.config = QStringLiteral("/etc/nginx/nginx.conf");
    report.facts.fpm.binaries = {QStringLiteral("/usr/sbin/php-fpm8.2")};
    report.facts.fpm.version = QStringLiteral("8.2.7");
    report.facts.fpm.masters = {{812,
                                 QStringLiteral("/usr/sbin/php-fpm8.2"),
                                 QStringLiteral("/etc/php/8.2/fpm/php-fpm.conf"),
                                 QStringLiteral("root")}};

    report.checks = {
            {QStringLiteral("nginx.process"),
             QStringLiteral("nginx is running"),
             CheckStatus::Pass,
             QStringLiteral("master pid 1022, 2 workers"),
             0},
            {QStringLiteral("nginx.config_test"),
             QStringLiteral("nginx -t"),
             CheckStatus::Pass,
             QStringLiteral("syntax is ok"),
             0},
            {QStringLiteral("sites.probe"),
             QStringLiteral("sites answer"),
             CheckStatus::Fail,
             QStringLiteral("http://shop.acme-corp.com/ answered 502 (from 10.20.30.40)"),
             0},
            {QStringLiteral("upstreams.probe"),
             QStringLiteral("upstreams answer"),
             CheckStatus::Fail,
             QStringLiteral("10.20.30.41:3000 refused the connection; [2001:db8::7]:8080 answered"),
             0},
            {QStringLiteral("phpfpm.process"),
             QStringLiteral("PHP-FPM is running"),
             CheckStatus::Skip,
             QStringLiteral("needs sudo: alice may not read /proc/812/cmdline"),
             0},
    };

    Finding refused;
    refused.id = QStringLiteral("upstream.connection_refused");
    refused.severity = Finding::Severity::Critical;
    refused.title = QStringLiteral("The upstream refuses connections");
    refused.explanation = QStringLiteral(
            "nginx tries to connect to the application and nothing listens there, so every such "
            "request gets 502 Bad Gateway.");
    refused.upstream = QStringLiteral("10.20.30.41:3000");
    refused.configFile = QStringLiteral("/etc/nginx/sites-enabled/shop.acme-corp.com");
    refused.configLine = 14;
    refused.count = 3;
    refused.firstSeen = at("2024-05-02T09:14:03Z");
    refused.lastSeen = at("2024-05-02T09:16:41Z");
    refused.evidence = {
            {QStringLiteral("/var/log/nginx/error.log"),
             QStringLiteral("2024/05/02 09:14:03 [error] 1023#1023: *17 connect() failed (111: "
                            "Connection refused) while connecting to upstream, client: "
                            "203.0.113.9, server: shop.acme-corp.com, request: \"GET /cart "
                            "HTTP/1.1\", upstream: \"http://10.20.30.41:3000/cart\", host: "
                            "\"shop.acme-corp.com\", referrer: \"https://www.acme-corp.com/\"")},
            {QStringLiteral("ss -ltnp"),
             QStringLiteral("LISTEN 0 511 0.0.0.0:80 0.0.0.0:* users:((\"nginx\",pid=1022))\n"
                            "LISTEN 0 128 [::]:22 [::]:* users:((\"sshd\",pid=601))\n"
                            "LISTEN 0 128 [fe80::1%eth0]:5353 [::]:*")},
    };
    refused.remedy = {
            QStringLiteral("Start or restart the application behind 10.20.30.41:3000 and check "
                           "its logs (journalctl -u shop-app, as alice on web7)."),
            QStringLiteral("Make the `*_pass` address match what the application listens on "
                           "(`ss -ltnpx`)."),
    };

    Finding deploy;
    deploy.id = QStringLiteral("app.recent_restart");
    deploy.severity = Finding::Severity::Warning;
    deploy.title = QStringLiteral("The application restarted recently");
    deploy.explanation = QStringLiteral("alice@web7.acme-corp.com restarted it at 09:13:58; "
                                        "deploys from /home/alice/deploy <ops@acme-corp.com>.");
    deploy.count = 1;
    deploy.firstSeen = at("2024-05-02T09:13:58Z");
    deploy.lastSeen = deploy.firstSeen;
    deploy.evidence = {{QStringLiteral("journalctl -u shop-app"),
                        QStringLiteral("May 02 09:13:58 web7 systemd[1]: shop-app.service: "
                                       "Main process exited, code=killed, status=9/KILL\n"
                                       "```\nbackticks ``` inside evidence stay verbatim\n```")}};
    deploy.remedy = {QStringLiteral("Look at /home/alice/deploy/last.log on 10.20.30.40.")};

    report.findings = {refused, deploy};
    return report;
}

ReportTarget target()
{
    return ReportTarget{QStringLiteral("acme-shop"),
                        QStringLiteral("10.20.30.40"),
                        2222,
                        QStringLiteral("alice")};
}

ReportOptions options(bool redact)
{
    ReportOptions o;
    o.redact = redact;
    o.diagnosedAt = at("2024-05-02T09:17:00Z");
    o.appVersion = QStringLiteral("Gatescope 0.1.0");
    return o;
}

// Everything in brokenReport() that identifies the customer.
const QStringList kSecrets{QStringLiteral("10.20.30.40"),
                           QStringLiteral("10.20.30.41"),
                           QStringLiteral("203.0.113.9"),
                           QStringLiteral("2001:db8::7"),
                           QStringLiteral("fe80::1"),
                           QStringLiteral("acme"),
                           QStringLiteral("web7"),
                           QStringLiteral("alice"),
                           QStringLiteral("shop.acme-corp.com")};

} // namespace

TEST(ReportWriter, Markdown_MatchesGolden)
{
    expectGolden(QStringLiteral("report.md"),
                 ReportWriter(brokenReport(), target(), options(false)).markdown());
}

TEST(ReportWriter, Html_MatchesGolden)
{
    expectGolden(QStringLiteral("report.html"),
                 ReportWriter(brokenReport(), target(), options(false)).html());
}

TEST(ReportWriter, PlainText_MatchesGolden)
{
    expectGolden(QStringLiteral("report.txt"),
                 ReportWriter(brokenReport(), target(), options(false)).plainText());
}

TEST(ReportWriter, Redacted_MatchesGolden)
{
    const ReportWriter writer(brokenReport(), target(), options(true));
    expectGolden(QStringLiteral("redacted.txt"), writer.plainText());
    expectGolden(QStringLiteral("redacted.md"), writer.markdown());
}

TEST(ReportWriter, Redacted_LeavesNoAddressHostOrUserInAnyFormat)
{
    const ReportWriter writer(brokenReport(), target(), options(true));
    for (const QString &output : {writer.plainText(), writer.markdown(), writer.html()}) {
        for (const QString &secret : kSecrets)
            EXPECT_FALSE(output.contains(secret, Qt::CaseInsensitive))
                    << qPrintable(secret) << " leaked into:\n"
                    << qPrintable(output);
    }
}

TEST(ReportWriter, Unredacted_KeepsEverything)
{
    // The counterpart: without redact the same texts are there (so the test above can fail).
    const QString text = ReportWriter(brokenReport(), target(), options(false)).plainText();
    for (const QString &secret : kSecrets)
        EXPECT_TRUE(text.contains(secret, Qt::CaseInsensitive)) << qPrintable(secret);
}

TEST(ReportWriter, Redacted_SameNameSamePlaceholderEverywhere)
{
    const QString text = ReportWriter(brokenReport(), target(), options(true)).plainText();
    // The server is the first of each kind; its address appears in the header, a check and a
    // remedy, always as ip-1.
    EXPECT_TRUE(text.contains(QLatin1String("Server:    host-1 (user-1@ip-1:2222)")))
            << qPrintable(text);
    EXPECT_TRUE(text.contains(QLatin1String("(from ip-1)")));
    EXPECT_TRUE(text.contains(QLatin1String("on ip-1.")));
    // The upstream keeps one placeholder in the finding's field and in the log line.
    const QRegularExpression upstream(QStringLiteral("Upstream: (ip-\\d+):3000"));
    const QRegularExpressionMatch match = upstream.match(text);
    ASSERT_TRUE(match.hasMatch()) << qPrintable(text);
    EXPECT_TRUE(text.contains(
            QStringLiteral("upstream: \"http://%1:3000/cart\"").arg(match.captured(1))));
    // What is not identifying stays readable.
    EXPECT_TRUE(text.contains(QLatin1String("nginx 1.22.1")));
    EXPECT_TRUE(text.contains(QLatin1String("[/var/log/nginx/error.log]")));
    EXPECT_TRUE(text.contains(QLatin1String("09:13:58")));
    EXPECT_TRUE(text.contains(QLatin1String("[::]:22")));
}

TEST(ReportWriter, Markdown_EvidenceFenceLongerThanBackticksInside)
{
    const QString md = ReportWriter(brokenReport(), target(), options(false)).markdown();
    EXPECT_TRUE(md.contains(QLatin1String("````\nMay 02 09:13:58 web7")));
}

TEST(ReportWriter, Html_EscapesEvidence)
{
    DiagnosisReport report = brokenReport();
    report.findings[0].evidence[0].text = QStringLiteral("<script>alert(1)</script> & \"x\"");
    const QString html = ReportWriter(report, target(), options(false)).html();
    EXPECT_FALSE(html.contains(QLatin1String("<script>")));
    EXPECT_TRUE(html.contains(QLatin1String("&lt;script&gt;alert(1)&lt;/script&gt; &amp;")));
}

TEST(ReportWriter, Healthy_SaysNoProblemsFound)
{
    DiagnosisReport report = brokenReport();
    report.findings.clear();
    const ReportWriter writer(report, target(), options(false));
    EXPECT_TRUE(writer.plainText().contains(QLatin1String("No problems found")));
    EXPECT_TRUE(writer.html().contains(QLatin1String("<h2>No problems found</h2>")));
}

// ---------------------------------------------------------------------------------------------
// The activity section: what Gatescope itself did on the server, from the audit log.

namespace {

using gs::audit::AuditEntry;
using gs::audit::AuditFilter;
using gs::report::ReportActivity;

AuditEntry entry(const char *time,
                 const QString &action,
                 const QString &command,
                 const QString &outcome,
                 const QString &detail = {})
{
    AuditEntry e;
    e.time = at(time);
    e.server = QStringLiteral("acme-shop");
    e.host = QStringLiteral("alice@10.20.30.40:2222");
    e.localUser = QStringLiteral("bob");
    e.action = action;
    e.command = command;
    e.outcome = outcome;
    e.detail = detail;
    return e;
}

ReportActivity activity()
{
    ReportActivity a;
    a.since = at("2024-04-25T09:17:00Z");
    a.entries = {
            entry("2024-05-02T09:20:11Z",
                  QStringLiteral("service.restart"),
                  QStringLiteral("systemctl restart shop-app.service"),
                  QStringLiteral("ok"),
                  QStringLiteral("restarted in 0.4 s")),
            entry("2024-05-02T09:31:40Z",
                  QStringLiteral("config.apply"),
                  QStringLiteral("apply /etc/nginx/sites-enabled/shop.acme-corp.com "
                                 "(sha256 3f1c | backup `b-7`)"),
                  QStringLiteral("rolled_back"),
                  QStringLiteral("validate: ok\nreload: ok\nhealth: http://shop.acme-corp.com/ "
                                 "answered 502 from 10.20.30.40\nrolled back to b-7")),
            entry("2024-05-02T09:40:02Z",
                  QStringLiteral("probe"),
                  QStringLiteral("curl -s -o /dev/null http://10.20.30.41:3000/ (40 requests)"),
                  QStringLiteral("ok")),
    };
    return a;
}

ReportOptions withActivity(bool redact, const ReportActivity &a = activity())
{
    ReportOptions o = options(redact);
    o.activity = a;
    return o;
}

const QString kActivityHeading = QStringLiteral("Actions and changes made by Gatescope");

} // namespace

TEST(ReportWriter, Activity_AbsentUnlessAsked_InEveryFormat)
{
    const ReportWriter writer(brokenReport(), target(), options(false));
    for (const QString &output : {writer.plainText(), writer.markdown(), writer.html()}) {
        EXPECT_FALSE(output.contains(kActivityHeading, Qt::CaseInsensitive));
        EXPECT_FALSE(output.contains(QLatin1String("systemctl restart shop-app.service")));
    }
}

TEST(ReportWriter, Activity_PlainTextAndMarkdown_MatchGolden)
{
    const ReportWriter writer(brokenReport(), target(), withActivity(false));
    expectGolden(QStringLiteral("activity.txt"), writer.plainText());
    expectGolden(QStringLiteral("activity.md"), writer.markdown());
}

TEST(ReportWriter, Activity_EveryFormatHasTimeUserCommandAndOutcomeOfEachEntry)
{
    const ReportWriter writer(brokenReport(), target(), withActivity(false));
    const QString html = writer.html();
    const QString md = writer.markdown();
    const QString text = writer.plainText();
    EXPECT_TRUE(html.contains(QStringLiteral("<h2>%1</h2>").arg(kActivityHeading)));
    EXPECT_TRUE(md.contains(QStringLiteral("## ") + kActivityHeading));
    EXPECT_TRUE(text.contains(kActivityHeading.toUpper()));
    for (const QString &output : {text, md, html}) {
        EXPECT_TRUE(output.contains(QLatin1String("2024-05-02 09:20:11 UTC")));
        EXPECT_TRUE(output.contains(QLatin1String("bob")));
        EXPECT_TRUE(output.contains(QLatin1String("systemctl restart shop-app.service")));
        EXPECT_TRUE(output.contains(QLatin1String("rolled_back"))
                    || output.contains(QLatin1String("rolled\\_back")));
        EXPECT_TRUE(output.contains(QLatin1String("since 2024-04-25 09:17:00 UTC")));
        // A failed action says why (the end of its detail); a successful one does not repeat it.
        EXPECT_TRUE(output.contains(QLatin1String("rolled back to b-7")));
        EXPECT_FALSE(output.contains(QLatin1String("restarted in 0.4 s")));
        // After the checklist, before the footer.
        EXPECT_LT(output.indexOf(QLatin1String("nginx -t")),
                  output.indexOf(QLatin1String("systemctl restart shop-app.service")));
        EXPECT_LT(output.indexOf(QLatin1String("shop-app.service")),
                  output.lastIndexOf(QLatin1String("Gatescope 0.1.0")));
    }
    // HTML escapes what the commands hold; Markdown keeps the table intact around a pipe.
    EXPECT_TRUE(html.contains(QLatin1String("(sha256 3f1c | backup `b-7`)")));
    EXPECT_TRUE(md.contains(QLatin1String("``apply /etc/nginx/sites-enabled/shop.acme-corp.com "
                                          "(sha256 3f1c \\| backup `b-7`)``")));
}

TEST(ReportWriter, Activity_Empty_SaysGatescopeDidNothing)
{
    ReportActivity none;
    none.since = at("2024-04-25T09:17:00Z");
    const ReportWriter writer(brokenReport(), target(), withActivity(false, none));
    for (const QString &output : {writer.plainText(), writer.markdown(), writer.html()}) {
        EXPECT_TRUE(output.contains(kActivityHeading, Qt::CaseInsensitive));
        EXPECT_TRUE(output.contains(QLatin1String(
                "None: the local audit log has nothing for this server since 2024-04-25")));
    }
}

TEST(ReportWriter, Activity_Redacted_LeavesNoAddressHostOrUserInAnyFormat)
{
    const ReportWriter writer(brokenReport(), target(), withActivity(true));
    QStringList secrets = kSecrets;
    secrets << QStringLiteral("bob");
    for (const QString &output : {writer.plainText(), writer.markdown(), writer.html()}) {
        for (const QString &secret : std::as_const(secrets))
            EXPECT_FALSE(output.contains(secret, Qt::CaseInsensitive))
                    << qPrintable(secret) << " leaked into:\n"
                    << qPrintable(output);
        EXPECT_TRUE(output.contains(kActivityHeading, Qt::CaseInsensitive));
    }
    // The same placeholders as in the rest of the report: the server is ip-1, the upstream
    // keeps its own.
    const QString text = writer.plainText();
    EXPECT_TRUE(text.contains(QLatin1String("answered 502 from ip-1"))) << qPrintable(text);
    // The unit is a value too (it names the customer's application); the command stays.
    EXPECT_TRUE(text.contains(
            QRegularExpression(QStringLiteral("systemctl restart service-\\d+\\.service"))))
            << qPrintable(text);
    EXPECT_FALSE(text.contains(QLatin1String("shop-app")));
    const QRegularExpression upstream(QStringLiteral("Upstream: (ip-\\d+):3000"));
    const QRegularExpressionMatch match = upstream.match(text);
    ASSERT_TRUE(match.hasMatch());
    EXPECT_TRUE(
            text.contains(QStringLiteral("http://%1:3000/ (40 requests)").arg(match.captured(1))));
}

TEST(ReportWriter, Activity_Unredacted_KeepsTheNames)
{
    const QString text = ReportWriter(brokenReport(), target(), withActivity(false)).plainText();
    EXPECT_TRUE(text.contains(QLatin1String("answered 502 from 10.20.30.40")));
    EXPECT_TRUE(text.contains(QLatin1String("bob")));
}

TEST(ReportWriter, Document_PicksTheFormatBySuffix)
{
    const ReportWriter writer(brokenReport(), target(), options(false));
    EXPECT_EQ(writer.document(QStringLiteral("/tmp/a.b/report.HTML")), writer.html());
    EXPECT_EQ(writer.document(QStringLiteral("report.md")), writer.markdown());
    EXPECT_EQ(writer.document(QStringLiteral("/tmp/a.md/report")), writer.plainText());
    EXPECT_EQ(writer.document(QStringLiteral("report.txt")), writer.plainText());
}

TEST(AuditFilter, ForServer_ByNameOrHost_InsideTheLastDays_OldestFirst)
{
    QList<AuditEntry> log;
    log << entry("2024-05-02T09:31:40Z", QStringLiteral("b"), {}, QStringLiteral("ok"));
    log << entry("2024-05-02T09:20:11Z", QStringLiteral("a"), {}, QStringLiteral("ok"));
    log << entry("2024-04-20T09:00:00Z", QStringLiteral("too-old"), {}, QStringLiteral("ok"));
    AuditEntry other = entry("2024-05-02T09:00:00Z", QStringLiteral("other"), {}, {});
    other.server = QStringLiteral("other-server");
    other.host = QStringLiteral("admin@10.0.0.9");
    log << other;
    AuditEntry byHost = entry("2024-05-01T09:00:00Z", QStringLiteral("by-host"), {}, {});
    byHost.server = QStringLiteral("alice@10.20.30.40:2222"); // the CLI, target as typed
    log << byHost;
    AuditEntry undated = entry("2024-05-01T09:00:00Z", QStringLiteral("undated"), {}, {});
    undated.time = {};
    log << undated;

    const AuditFilter filter = AuditFilter::forServer(QStringLiteral("acme-shop"),
                                                      QStringLiteral("alice@10.20.30.40:2222"),
                                                      at("2024-05-02T10:00:00Z"));
    EXPECT_EQ(filter.since, at("2024-04-25T10:00:00Z"));
    QStringList actions;
    for (const AuditEntry &e : filter.select(log))
        actions << e.action;
    EXPECT_EQ(actions,
              (QStringList{QStringLiteral("by-host"), QStringLiteral("a"), QStringLiteral("b")}));

    AuditFilter bounded = filter;
    bounded.until = at("2024-05-02T09:25:00Z");
    EXPECT_EQ(bounded.select(log).size(), 2);
}
