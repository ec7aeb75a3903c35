// gatescope-cli recipe against the lab: a resilience recipe applied through safe apply turns a
// one-dead-backend upstream group from 502s into 200s, and the audit log records the apply.

#include "clitestsupport.h"
#include "labtest.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>

using gs::test::LabTest;
using namespace gs::test;

namespace {

// A loopback port nothing listens on once this returns.
int deadPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

class RecipeTest : public LabTest
{
protected:
    void SetUp() override
    {
        LabTest::SetUp();
        ASSERT_TRUE(m_tmp.isValid());
        m_siteConf = lab().string(QStringLiteral("nginx.site_conf"));
        m_original = readBytes(m_siteConf);
        ASSERT_FALSE(m_original.isEmpty());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("GATESCOPE_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
    }

    void TearDown() override
    {
        const auto reset = gs::test::LabEnv::reset(); // rewrites the site file
        EXPECT_TRUE(reset.ok()) << reset.output.toStdString();
        LabTest::TearDown();
    }

    QString target() const
    {
        const QString role
                = lab().rootMode() ? QStringLiteral("sudo_nopasswd") : QStringLiteral("key");
        return QStringLiteral("%1@%2:%3")
                .arg(lab().user(role).name, lab().sshHost())
                .arg(lab().sshPort());
    }

    Command cli(QStringList args)
    {
        const QString role
                = lab().rootMode() ? QStringLiteral("sudo_nopasswd") : QStringLiteral("key");
        args << QStringLiteral("-i") << lab().user(role).key << QStringLiteral("--known-hosts")
             << lab().knownHostsPath();
        return run(QStringLiteral(GS_CLI_PATH), args, {}, m_env);
    }

    // The lab's group with a dead server in front of the live app, and no retries: what a
    // group with one backend down looks like without the recipe.
    QByteArray oneDeadBackend() const
    {
        QString text = QString::fromUtf8(m_original);
        const QRegularExpression live(QStringLiteral(
                R"((upstream gslab_app_backend \{\n)(\s*server 127\.0\.0\.1:\d+)[^;\n]*;)"));
        const auto match = live.match(text);
        EXPECT_TRUE(match.hasMatch()) << "no gslab_app_backend group in the lab's site file";
        // max_fails=0: nginx never marks the dead server down, so the 502s stay deterministic.
        text.replace(
                match.capturedStart(),
                match.capturedLength(),
                match.captured(1)
                        + QStringLiteral("    server 127.0.0.1:%1 max_fails=0;\n").arg(deadPort())
                        + match.captured(2) + QStringLiteral(" max_fails=0;"));
        const QString pass = QStringLiteral("proxy_pass http://gslab_app_backend;\n");
        EXPECT_TRUE(text.contains(pass));
        text.replace(pass, pass + QStringLiteral("        proxy_next_upstream off;\n"));
        return text.toUtf8();
    }

    QMap<QString, int> statuses(int requests) const
    {
        QMap<QString, int> seen;
        for (int i = 0; i < requests; ++i)
            ++seen[httpGet(lab().groupUrl()).status];
        return seen;
    }

    QTemporaryDir m_tmp;
    QString m_siteConf;
    QByteArray m_original;
    QProcessEnvironment m_env;
};

TEST_F(RecipeTest, NextUpstream_TurnsOneDeadBackendGroupFrom502sInto200s_AndIsAudited)
{
    // 1. The broken group, through safe apply like any user change.
    const QString candidate = m_tmp.filePath(QStringLiteral("dead-backend.conf"));
    {
        QFile file(candidate);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(oneDeadBackend());
    }
    const Command broken = cli({QStringLiteral("config"),
                                QStringLiteral("apply"),
                                target(),
                                m_siteConf,
                                QStringLiteral("--from"),
                                candidate});
    ASSERT_EQ(broken.exitCode, 0) << broken.out.toStdString() << broken.err.toStdString();
    const auto before = statuses(10);
    EXPECT_GT(before.value(QStringLiteral("502")), 0) << "round robin sends some to the dead port";
    EXPECT_GT(before.value(QStringLiteral("200")), 0);

    // 2. The recipe, shown first: the diff, nothing changed on the server.
    const QByteArray brokenText = readBytes(m_siteConf);
    const QStringList recipe{QStringLiteral("recipe"),
                             target(),
                             m_siteConf,
                             QStringLiteral("next_upstream"),
                             QStringLiteral("--location"),
                             QStringLiteral("/group/")};
    const Command preview = cli(recipe);
    ASSERT_EQ(preview.exitCode, 0) << preview.err.toStdString();
    EXPECT_TRUE(preview.out.contains(
            QStringLiteral("+        proxy_next_upstream error timeout http_502 http_503;")))
            << preview.out.toStdString();
    EXPECT_TRUE(preview.out.contains(QStringLiteral("-        proxy_next_upstream off;")));
    EXPECT_TRUE(preview.out.contains(QStringLiteral("+        proxy_next_upstream_tries 2;")));
    EXPECT_EQ(readBytes(m_siteConf), brokenText);

    // 3. Applied through safe apply: every request now answers 200.
    const Command applied = cli(QStringList(recipe) << QStringLiteral("--apply"));
    ASSERT_EQ(applied.exitCode, 0) << applied.out.toStdString() << applied.err.toStdString();
    EXPECT_TRUE(readBytes(m_siteConf).contains("proxy_next_upstream_tries 2;"));
    const auto after = statuses(20);
    EXPECT_EQ(after.value(QStringLiteral("200")), 20) << "statuses: " << [&] {
        QString all;
        for (auto it = after.cbegin(); it != after.cend(); ++it)
            all += QStringLiteral("%1x%2 ").arg(it.key()).arg(it.value());
        return all.toStdString();
    }();

    // 4. The audit log has the apply.
    const QList<QByteArray> lines
            = readBytes(m_tmp.filePath(QStringLiteral("data/audit.jsonl"))).split('\n');
    bool recorded = false;
    for (const QByteArray &line : lines) {
        const QJsonObject entry = QJsonDocument::fromJson(line).object();
        if (entry.value(QStringLiteral("action")).toString() == QLatin1String("config.recipe")) {
            recorded = true;
            EXPECT_EQ(entry.value(QStringLiteral("outcome")).toString(), QStringLiteral("ok"));
            EXPECT_TRUE(entry.value(QStringLiteral("command"))
                                .toString()
                                .contains(QStringLiteral("next_upstream")));
        }
    }
    EXPECT_TRUE(recorded) << "audit.jsonl:\n" << lines.join('\n').toStdString();

    // 5. The same recipe again is refused: already present, nothing changed.
    const QByteArray appliedText = readBytes(m_siteConf);
    const Command again = cli(QStringList(recipe) << QStringLiteral("--apply"));
    EXPECT_EQ(again.exitCode, 1) << again.err.toStdString();
    EXPECT_TRUE(again.err.contains(QStringLiteral("already present"))) << again.err.toStdString();
    EXPECT_EQ(readBytes(m_siteConf), appliedText);
}

TEST_F(RecipeTest, EveryRecipe_PassesNginxTestAndKeepsTheSiteServing)
{
    // One after the other on the lab's site file: each must be valid nginx (safe apply runs
    // nginx -t, reloads and probes) and the group must still answer.
    const QList<QStringList> recipes{{QStringLiteral("keepalive")},
                                     {QStringLiteral("timeouts")},
                                     {QStringLiteral("error_page")},
                                     {QStringLiteral("log_format")},
                                     {QStringLiteral("backup_server"),
                                      QStringLiteral("--server"),
                                      QStringLiteral("127.0.0.1:%1").arg(deadPort())},
                                     {QStringLiteral("next_upstream")}};
    for (const QStringList &recipe : recipes) {
        const Command applied = cli(QStringList{QStringLiteral("recipe"), target(), m_siteConf}
                                    + recipe + QStringList{QStringLiteral("--apply")});
        EXPECT_EQ(applied.exitCode, 0) << recipe.first().toStdString() << ":\n"
                                       << applied.out.toStdString() << applied.err.toStdString();
        EXPECT_EQ(httpGet(lab().groupUrl()).status, QStringLiteral("200"))
                << recipe.first().toStdString();
    }
    const QByteArray text = readBytes(m_siteConf);
    EXPECT_TRUE(text.contains("keepalive 16;"));
    EXPECT_TRUE(text.contains("error_page 502 503 504 /gatescope-50x.html;"));
    EXPECT_TRUE(text.contains("log_format gatescope_upstream"));
}

TEST_F(RecipeTest, RecipeThatDoesNotApply_Exits1_FileUnchanged)
{
    // The lab's group already has max_fails and fail_timeout on its one server.
    const Command result = cli({QStringLiteral("recipe"),
                                target(),
                                m_siteConf,
                                QStringLiteral("max_fails"),
                                QStringLiteral("--apply")});
    EXPECT_EQ(result.exitCode, 1) << result.out.toStdString() << result.err.toStdString();
    EXPECT_TRUE(result.err.contains(QStringLiteral("already present"))) << result.err.toStdString();
    EXPECT_EQ(readBytes(m_siteConf), m_original);
    const Command missing = cli({QStringLiteral("recipe"),
                                 target(),
                                 m_siteConf,
                                 QStringLiteral("keepalive"),
                                 QStringLiteral("--upstream"),
                                 QStringLiteral("nope")});
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_TRUE(missing.err.contains(QStringLiteral("has no `upstream nope` block")))
            << missing.err.toStdString();
}

TEST_F(RecipeTest, List_NamesEveryRecipe)
{
    const Command list = run(QStringLiteral(GS_CLI_PATH),
                             {QStringLiteral("recipe"), QStringLiteral("--list")});
    EXPECT_EQ(list.exitCode, 0);
    for (const char *id : {"next_upstream",
                           "max_fails",
                           "backup_server",
                           "keepalive",
                           "timeouts",
                           "error_page",
                           "log_format"})
        EXPECT_TRUE(list.out.contains(QString::fromLatin1(id))) << id;
}

} // namespace
