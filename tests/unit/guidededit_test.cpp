// Guided fixes: the change a finding proposes (findings::ConfigEdit), made into a file's new text
// by config::GuidedEdit. Hand-written files for the text rules; the lab's own captured diagnoses
// (tests/data/diagnosis-*) for "the finding proposes the edit that fixes it".

#include "golden.h"

#include "checks/diagnosisengine.h"
#include "checks/diagnosismodel.h"
#include "config/guidededit.h"
#include "findings/configedit.h"
#include "findings/finding.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using gs::checks::DiagnosisEngine;
using gs::checks::DiagnosisModel;
using gs::checks::DiagnosisReport;
using gs::checks::RawObservations;
using gs::config::GuidedEdit;
using gs::findings::ConfigEdit;
using gs::findings::Finding;

namespace {

const QByteArray kSite = "server {\n"
                         "    listen 80;\n"
                         "    # proxy_buffer_size 1k;\n"
                         "    location / {\n"
                         "        proxy_pass http://127.0.0.1:3000;\n"
                         "        proxy_buffer_size 8k;\n"
                         "    }\n"
                         "    location ~ \\.php$ {\n"
                         "        include snippets/fastcgi-php.conf;\n"
                         "        fastcgi_pass unix:/run/php/php8.1-fpm.sock;\n"
                         "    }\n"
                         "}\n";

using Pairs = std::initializer_list<std::pair<const char *, const char *>>;

QList<ConfigEdit::Setting> settingsOf(Pairs pairs)
{
    QList<ConfigEdit::Setting> settings;
    for (const auto &[name, value] : pairs)
        settings.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    return settings;
}

ConfigEdit nginxEdit(int line, Pairs settings)
{
    ConfigEdit edit;
    edit.file = QStringLiteral("/etc/nginx/sites-enabled/app");
    edit.line = line;
    edit.settings = settingsOf(settings);
    return edit;
}

ConfigEdit fpmEdit(const QString &pool, Pairs settings)
{
    ConfigEdit edit;
    edit.format = ConfigEdit::Format::FpmIni;
    edit.file = QStringLiteral("/etc/php/8.2/fpm/pool.d/www.conf");
    edit.line = 1;
    edit.pool = pool;
    edit.settings = settingsOf(settings);
    return edit;
}

// The text of one file from a captured "@@file PATH" listing (the FPM configuration read).
QByteArray fileFromListing(const QByteArray &listing, const QByteArray &path)
{
    const QByteArray marker = "@@file " + path + '\n';
    const qsizetype start = listing.indexOf(marker);
    if (start < 0)
        return {};
    const qsizetype begin = start + marker.size();
    const qsizetype end = listing.indexOf("\n@@file ", begin);
    QByteArray text = listing.mid(begin, end < 0 ? -1 : end - begin + 1);
    if (text.endsWith("\n\n"))
        text.chop(1); // the listing adds a newline after each file
    return text;
}

DiagnosisReport replay(const QString &caseName)
{
    const auto raw = RawObservations::fromJson(
            QJsonDocument::fromJson(gs::test::readData(caseName, QStringLiteral("raw.json")))
                    .object());
    DiagnosisReport report;
    DiagnosisEngine::evaluate(DiagnosisModel::build(raw), report);
    return report;
}

const Finding *findingWithId(const DiagnosisReport &report, const QString &id)
{
    for (const Finding &finding : report.findings) {
        if (finding.id == id)
            return &finding;
    }
    return nullptr;
}

} // namespace

TEST(GuidedEdit, Nginx_RewritesTheSettingInTheBlock_AndAddsTheMissingOnesAfterThePass)
{
    const auto result = GuidedEdit::apply(nginxEdit(5,
                                                    {{"proxy_buffer_size", "32k"},
                                                     {"proxy_buffers", "8 32k"},
                                                     {"proxy_busy_buffers_size", "64k"}}),
                                          kSite);
    ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
    const QByteArray expected = "server {\n"
                                "    listen 80;\n"
                                "    # proxy_buffer_size 1k;\n"
                                "    location / {\n"
                                "        proxy_pass http://127.0.0.1:3000;\n"
                                "        proxy_buffers 8 32k;\n"
                                "        proxy_busy_buffers_size 64k;\n"
                                "        proxy_buffer_size 32k;\n"
                                "    }\n"
                                "    location ~ \\.php$ {\n"
                                "        include snippets/fastcgi-php.conf;\n"
                                "        fastcgi_pass unix:/run/php/php8.1-fpm.sock;\n"
                                "    }\n"
                                "}\n";
    EXPECT_EQ(result->toStdString(), expected.toStdString());
}

TEST(GuidedEdit, Nginx_ReplacesThePassTarget_KeepingEveryOtherByte)
{
    const auto result = GuidedEdit::apply(
            nginxEdit(10, {{"fastcgi_pass", "unix:/run/php/php8.2-fpm.sock"}}), kSite);
    ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
    QByteArray expected = kSite;
    expected.replace("php8.1-fpm.sock", "php8.2-fpm.sock");
    EXPECT_EQ(result->toStdString(), expected.toStdString());
}

TEST(GuidedEdit, Nginx_TopLevelOfASnippet_IsItsOwnBlock)
{
    const QByteArray snippet = "fastcgi_pass 127.0.0.1:9000;\nfastcgi_read_timeout 30s;\n";
    const auto result = GuidedEdit::apply(
            nginxEdit(1, {{"fastcgi_read_timeout", "60s"}, {"fastcgi_buffer_size", "32k"}}),
            snippet);
    ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
    EXPECT_EQ(result->toStdString(),
              "fastcgi_pass 127.0.0.1:9000;\nfastcgi_buffer_size 32k;\nfastcgi_read_timeout "
              "60s;\n");
}

TEST(GuidedEdit, Nginx_FileChangedSinceTheDiagnosis_IsAConflictNotAGuess)
{
    // Line 2 is `listen 80;` now: not the pass the finding cited.
    const auto moved = GuidedEdit::apply(nginxEdit(2, {{"proxy_buffer_size", "32k"}}), kSite);
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, gs::ErrorCode::Conflict);
    EXPECT_TRUE(moved.error().hint.contains(QLatin1String("diagnosis again")));
    const auto gone = GuidedEdit::apply(nginxEdit(40, {{"proxy_buffer_size", "32k"}}), kSite);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().code, gs::ErrorCode::Conflict);
}

TEST(GuidedEdit, Nginx_AlreadySetOrUnparsable_IsRefused)
{
    const auto same = GuidedEdit::apply(nginxEdit(5, {{"proxy_buffer_size", "8k"}}), kSite);
    ASSERT_FALSE(same.ok());
    EXPECT_TRUE(same.error().message.contains(QLatin1String("already")));
    const auto broken = GuidedEdit::apply(nginxEdit(5, {{"proxy_buffer_size", "32k"}}),
                                          "server {\n  location / {\n    proxy_pass x\n}\n");
    EXPECT_FALSE(broken.ok());
}

TEST(GuidedEdit, Fpm_ReplacesInThePoolsSection_AndInsertsBeforeTheNextPool)
{
    const QByteArray conf = "; comment\n"
                            "[www]\n"
                            "user = www-data\n"
                            "listen = /run/php/php8.2-fpm.sock\n"
                            ";listen.owner = www-data\n"
                            "  listen.mode=0600\n"
                            "pm.max_children = 5\n"
                            "\n"
                            "[other]\n"
                            "listen.owner = nobody\n";
    const auto result = GuidedEdit::apply(fpmEdit(QStringLiteral("www"),
                                                  {{"listen.owner", "www-data"},
                                                   {"listen.group", "www-data"},
                                                   {"listen.mode", "0660"}}),
                                          conf);
    ASSERT_TRUE(result.ok()) << result.error().text().toStdString();
    EXPECT_EQ(result->toStdString(),
              "; comment\n"
              "[www]\n"
              "user = www-data\n"
              "listen = /run/php/php8.2-fpm.sock\n"
              ";listen.owner = www-data\n"
              "  listen.mode = 0660\n"
              "pm.max_children = 5\n"
              "listen.owner = www-data\n"
              "listen.group = www-data\n"
              "\n"
              "[other]\n"
              "listen.owner = nobody\n");
}

TEST(GuidedEdit, Fpm_UnknownPoolOrSameValue_IsRefused)
{
    const QByteArray conf = "[www]\npm.max_children = 5\n";
    const auto missing
            = GuidedEdit::apply(fpmEdit(QStringLiteral("shop"), {{"pm.max_children", "20"}}), conf);
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(missing.error().message.contains(QLatin1String("[shop]")));
    const auto same
            = GuidedEdit::apply(fpmEdit(QStringLiteral("www"), {{"pm.max_children", "5"}}), conf);
    EXPECT_FALSE(same.ok());
}

TEST(GuidedEdit, ConfigEdit_RoundTripsThroughTheFindingJson)
{
    Finding finding;
    finding.id = QStringLiteral("phpfpm.socket_permissions");
    finding.edit = fpmEdit(QStringLiteral("www"), {{"listen.mode", "0660"}});
    finding.edit->summary = QStringLiteral("Let nginx in.");
    finding.edit->after = QStringLiteral("Restart PHP-FPM.");
    const auto back = Finding::fromJson(finding.toJson());
    ASSERT_TRUE(back.has_value());
    ASSERT_TRUE(back->edit.has_value());
    EXPECT_EQ(*back->edit, *finding.edit);
    EXPECT_EQ(finding.toJson()[QStringLiteral("edit")][QStringLiteral("format")].toString(),
              QStringLiteral("php-fpm"));
    Finding plain;
    plain.id = QStringLiteral("upstream.connection_refused");
    EXPECT_FALSE(plain.toJson().contains(QStringLiteral("edit")));
}

TEST(GuidedEdit, LabSocketPerms_ProposesOwnerGroupModeForNginxsUser_InThePoolFile)
{
    const DiagnosisReport report = replay(QStringLiteral("diagnosis-fpm-socket-perms"));
    const Finding *finding = findingWithId(report, QStringLiteral("phpfpm.socket_permissions"));
    ASSERT_NE(finding, nullptr);
    ASSERT_TRUE(finding->edit.has_value());
    const ConfigEdit &edit = *finding->edit;
    EXPECT_EQ(edit.format, ConfigEdit::Format::FpmIni);
    EXPECT_TRUE(edit.file.endsWith(QLatin1String("/fpm/pool.d/gslab.conf")))
            << edit.file.toStdString();
    EXPECT_EQ(edit.pool, QStringLiteral("gslab"));
    EXPECT_FALSE(edit.after.isEmpty());

    const auto raw = QJsonDocument::fromJson(
                             gs::test::readData(QStringLiteral("diagnosis-fpm-socket-perms"),
                                                QStringLiteral("raw.json")))
                             .object();
    QByteArray listing;
    for (const QString &key : raw[QStringLiteral("outputs")].toObject().keys()) {
        if (key.startsWith(QLatin1String("fpmconf:")))
            listing = raw[QStringLiteral("outputs")][key][QStringLiteral("stdout")]
                              .toString()
                              .toUtf8();
    }
    const QByteArray before = fileFromListing(listing, edit.file.toUtf8());
    ASSERT_TRUE(before.contains("listen.owner = root")) << before.toStdString();
    const auto after = GuidedEdit::apply(edit, before);
    ASSERT_TRUE(after.ok()) << after.error().text().toStdString();
    EXPECT_TRUE(after->contains("listen.owner = www-data\n")) << after->toStdString();
    EXPECT_TRUE(after->contains("listen.group = www-data\n")) << after->toStdString();
    EXPECT_TRUE(after->contains("listen.mode = 0660\n"));
    EXPECT_FALSE(after->contains("root"));
    EXPECT_EQ(after->count('\n'), before.count('\n'));
}

TEST(GuidedEdit, LabCases_OnlyTheFixableFindingsProposeAnEdit)
{
    // A refused connection needs the application started, not a config change.
    const DiagnosisReport report = replay(QStringLiteral("diagnosis-fpm-socket-missing"));
    for (const Finding &finding : report.findings) {
        if (finding.id == QLatin1String("upstream.socket_missing")
            || finding.id == QLatin1String("phpfpm.not_running")) {
            EXPECT_FALSE(finding.edit.has_value()) << finding.id.toStdString();
        }
    }
}
