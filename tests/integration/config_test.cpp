// gatescope-cli config against the lab: list, get, diff, and the safe-apply protocol end to end
// (valid change applied and served, invalid one refused with nginx's message and the file
// byte-identical, a change that breaks the site rolled back, conflicts, symlinks, owner and mode,
// a bad FPM pool, backups and restore).

#include "clitestsupport.h"
#include "labtest.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTemporaryDir>

#include <QThread>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using gs::test::LabTest;
using namespace gs::test;

namespace {

QStringList stepNames(const QJsonObject &json, const QString &status)
{
    QStringList names;
    for (const auto &step : json.value(QStringLiteral("steps")).toArray()) {
        if (step.toObject().value(QStringLiteral("status")).toString() == status)
            names << step.toObject().value(QStringLiteral("name")).toString();
    }
    return names;
}

class ConfigTest : public LabTest
{
protected:
    void SetUp() override
    {
        LabTest::SetUp();
        ASSERT_TRUE(m_tmp.isValid());
        m_siteConf = lab().string(QStringLiteral("nginx.site_conf"));
        m_original = readBytes(m_siteConf);
        ASSERT_FALSE(m_original.isEmpty());
    }

    void TearDown() override
    {
        // Every test changes lab files: put the lab back as it was.
        const auto reset = gs::test::LabEnv::reset();
        EXPECT_TRUE(reset.ok()) << reset.output.toStdString();
        LabTest::TearDown();
    }

    QString role() const
    {
        return lab().rootMode() ? QStringLiteral("sudo_nopasswd") : QStringLiteral("key");
    }

    QString target() const
    {
        return QStringLiteral("%1@%2:%3")
                .arg(lab().user(role()).name, lab().sshHost())
                .arg(lab().sshPort());
    }

    CliRun cli(QStringList args,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        args << QStringLiteral("-i") << lab().user(role()).key << QStringLiteral("--known-hosts")
             << lab().knownHostsPath();
        const Command command = run(QStringLiteral(GS_CLI_PATH), args, {}, env);
        CliRun result;
        result.exitCode = command.exitCode;
        result.out = command.out;
        result.err = command.err;
        result.json = QJsonDocument::fromJson(command.out.toUtf8()).object();
        return result;
    }

    QString candidateFile(const QByteArray &content)
    {
        const QString path = m_tmp.filePath(QStringLiteral("candidate-%1").arg(m_candidates++));
        EXPECT_TRUE(writeBytes(path, content));
        return path;
    }

    CliRun apply(const QString &path, const QByteArray &content, const QStringList &extra = {})
    {
        QStringList args{QStringLiteral("config"),
                         QStringLiteral("apply"),
                         target(),
                         path,
                         QStringLiteral("--from"),
                         candidateFile(content),
                         QStringLiteral("--json")};
        return cli(args + extra);
    }

    QByteArray withAppLocation(const QByteArray &extra) const
    {
        QByteArray text = m_original;
        const qsizetype at = text.indexOf("    location / {");
        EXPECT_GE(at, 0);
        return text.insert(at, extra);
    }

    QTemporaryDir m_tmp;
    QString m_siteConf;
    QByteArray m_original;
    int m_candidates = 0;
};

TEST_F(ConfigTest, List_ShowsNginxAndFpmFilesWithRealPathModeOwnerAndSha)
{
    const CliRun list = cli(
            {QStringLiteral("config"), QStringLiteral("list"), target(), QStringLiteral("--json")});
    ASSERT_EQ(list.exitCode, 0) << list.err.toStdString();
    QJsonObject site;
    QJsonObject pool;
    const QString poolConf = lab().string(QStringLiteral("phpfpm.pool_conf"));
    for (const auto &value : list.json.value(QStringLiteral("files")).toArray()) {
        const QJsonObject file = value.toObject();
        if (file.value(QStringLiteral("path")).toString() == m_siteConf)
            site = file;
        if (file.value(QStringLiteral("path")).toString() == poolConf)
            pool = file;
    }
    ASSERT_FALSE(site.isEmpty()) << list.out.toStdString();
    EXPECT_EQ(site.value(QStringLiteral("kind")).toString(), QStringLiteral("nginx"));
    EXPECT_EQ(site.value(QStringLiteral("sha256")).toString(), sha256(m_original));
    EXPECT_EQ(site.value(QStringLiteral("real_path")).toString(),
              QFileInfo(m_siteConf).canonicalFilePath());
    EXPECT_EQ(site.value(QStringLiteral("size")).toInteger(), m_original.size());
    EXPECT_EQ(site.value(QStringLiteral("mode")).toString(), QStringLiteral("644"));
    EXPECT_EQ(site.value(QStringLiteral("owner")).toString(), QFileInfo(m_siteConf).owner());
    ASSERT_FALSE(pool.isEmpty()) << list.out.toStdString();
    EXPECT_EQ(pool.value(QStringLiteral("kind")).toString(), QStringLiteral("php-fpm"));
    EXPECT_EQ(pool.value(QStringLiteral("sha256")).toString(), sha256(readBytes(poolConf)));
}

TEST_F(ConfigTest, GetAndDiff_ShowTheRemoteContentAndTheChange)
{
    const CliRun get = cli({QStringLiteral("config"), QStringLiteral("get"), target(), m_siteConf});
    ASSERT_EQ(get.exitCode, 0) << get.err.toStdString();
    EXPECT_EQ(get.out.toUtf8(), m_original);

    const QByteArray changed = withAppLocation("    location = /gs-diff { return 204; }\n");
    const CliRun diff = cli({QStringLiteral("config"),
                             QStringLiteral("diff"),
                             target(),
                             m_siteConf,
                             QStringLiteral("--from"),
                             candidateFile(changed)});
    ASSERT_EQ(diff.exitCode, 0) << diff.err.toStdString();
    EXPECT_TRUE(diff.out.startsWith(QStringLiteral("--- a") + m_siteConf))
            << diff.out.toStdString();
    EXPECT_TRUE(diff.out.contains(QStringLiteral("\n+    location = /gs-diff { return 204; }\n")))
            << diff.out.toStdString();
    EXPECT_EQ(readBytes(m_siteConf), m_original); // diff changes nothing
}

TEST_F(ConfigTest, ValidChange_IsAppliedAndServed)
{
    ASSERT_NE(httpGet(lab().appUrl() + QStringLiteral("gs-applied")).status, QStringLiteral("418"));
    const QByteArray changed = withAppLocation("    location = /gs-applied { return 418; }\n");
    const CliRun result = apply(m_siteConf, changed);
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString() << result.out.toStdString();
    EXPECT_TRUE(result.json.value(QStringLiteral("applied")).toBool());
    EXPECT_FALSE(result.json.value(QStringLiteral("rolled_back")).toBool());
    EXPECT_EQ(result.json.value(QStringLiteral("path")).toString(), m_siteConf);
    const QStringList ok = stepNames(result.json, QStringLiteral("ok"));
    for (const char *step :
         {"lock", "preflight", "backup", "candidate", "validate", "reload", "health"})
        EXPECT_TRUE(ok.contains(QLatin1String(step)))
                << step << " in " << ok.join(QLatin1Char(',')).toStdString();
    EXPECT_TRUE(result.json.value(QStringLiteral("validation"))
                        .toObject()
                        .value(QStringLiteral("output"))
                        .toString()
                        .contains(QStringLiteral("test is successful")));
    const QJsonObject backup = result.json.value(QStringLiteral("backup")).toObject();
    EXPECT_FALSE(backup.value(QStringLiteral("id")).toString().isEmpty());
    EXPECT_EQ(readBytes(backup.value(QStringLiteral("path")).toString()), m_original);
    EXPECT_EQ(readBytes(backup.value(QStringLiteral("local_path")).toString()), m_original);

    EXPECT_EQ(readBytes(m_siteConf), changed);
    EXPECT_EQ(httpGet(lab().appUrl() + QStringLiteral("gs-applied")).status, QStringLiteral("418"));
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
    // No candidate or kept-aside original is left next to the file.
    const QStringList leftovers
            = QDir(QFileInfo(m_siteConf).absolutePath())
                      .entryList({QStringLiteral(".gatescope*")}, QDir::Files | QDir::Hidden);
    EXPECT_TRUE(leftovers.isEmpty()) << leftovers.join(QLatin1Char(' ')).toStdString();
}

TEST_F(ConfigTest, InvalidChange_Exits4WithNginxMessage_FileByteIdentical_NginxServing)
{
    QByteArray broken = m_original;
    broken.replace("proxy_buffer_size 4k;", "proxy_buffer_szie 16k;");
    ASSERT_NE(broken, m_original);
    const CliRun result = apply(m_siteConf, broken);
    EXPECT_EQ(result.exitCode, 4) << result.err.toStdString();
    EXPECT_FALSE(result.json.value(QStringLiteral("applied")).toBool());
    const QString output = result.json.value(QStringLiteral("validation"))
                                   .toObject()
                                   .value(QStringLiteral("output"))
                                   .toString();
    EXPECT_TRUE(output.contains(QStringLiteral("unknown directive \"proxy_buffer_szie\"")))
            << output.toStdString();
    EXPECT_TRUE(output.contains(m_siteConf)) << output.toStdString();
    EXPECT_TRUE(
            stepNames(result.json, QStringLiteral("failed")).contains(QStringLiteral("validate")));
    EXPECT_TRUE(stepNames(result.json, QStringLiteral("ok")).contains(QStringLiteral("restore")));
    EXPECT_FALSE(stepNames(result.json, QStringLiteral("ok")).contains(QStringLiteral("reload")));
    EXPECT_EQ(readBytes(m_siteConf), m_original);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
    EXPECT_EQ(nginxTest().exitCode, 0);
}

TEST_F(ConfigTest, ChangeThatBreaksTheSite_IsRolledBack_Exit5)
{
    // Passes nginx -t, but the app's location now proxies to a port nothing listens on.
    QByteArray deadPort = m_original;
    const QByteArray from = QByteArray("proxy_pass http://") + lab().appUpstream().toUtf8() + ';';
    const QByteArray to
            = QByteArray("proxy_pass http://127.0.0.1:") + QByteArray::number(freePort()) + ';';
    deadPort.replace(from, to);
    ASSERT_NE(deadPort, m_original);
    const CliRun result = apply(m_siteConf, deadPort);
    EXPECT_EQ(result.exitCode, 5) << result.err.toStdString() << result.out.toStdString();
    EXPECT_FALSE(result.json.value(QStringLiteral("applied")).toBool());
    EXPECT_TRUE(result.json.value(QStringLiteral("rolled_back")).toBool());
    EXPECT_TRUE(
            stepNames(result.json, QStringLiteral("failed")).contains(QStringLiteral("health")));
    const QStringList ok = stepNames(result.json, QStringLiteral("ok"));
    EXPECT_TRUE(ok.contains(QStringLiteral("rollback.restore")));
    EXPECT_TRUE(ok.contains(QStringLiteral("rollback.health")));
    EXPECT_EQ(readBytes(m_siteConf), m_original);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
}

TEST_F(ConfigTest, ReturnsServerError_IsRolledBack_Exit5)
{
    const QByteArray changed = withAppLocation("    location = / { return 500; }\n");
    const CliRun result = apply(m_siteConf, changed);
    EXPECT_EQ(result.exitCode, 5) << result.err.toStdString() << result.out.toStdString();
    EXPECT_EQ(readBytes(m_siteConf), m_original);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
}

TEST_F(ConfigTest, RemoteChangeSinceRead_Exits6_NothingChanged)
{
    const QString readSha = sha256(m_original);
    // Someone else edits the file after our read.
    const QByteArray theirs = m_original + "# edited by someone else\n";
    ASSERT_TRUE(writeBytes(m_siteConf, theirs));
    const CliRun result = apply(m_siteConf,
                                withAppLocation("    location = /gs-x { return 204; }\n"),
                                {QStringLiteral("--expect-sha256"), readSha});
    EXPECT_EQ(result.exitCode, 6) << result.err.toStdString();
    EXPECT_FALSE(result.json.value(QStringLiteral("applied")).toBool());
    EXPECT_TRUE(
            stepNames(result.json, QStringLiteral("failed")).contains(QStringLiteral("preflight")));
    EXPECT_EQ(readBytes(m_siteConf), theirs);

    // With the right base the same edit goes through.
    const CliRun retry = apply(
            m_siteConf, theirs + "# ours\n", {QStringLiteral("--expect-sha256"), sha256(theirs)});
    EXPECT_EQ(retry.exitCode, 0) << retry.err.toStdString();
}

TEST_F(ConfigTest, SymlinkedFile_StaysASymlink_TargetUpdated)
{
    // Debian's sites-enabled/NAME -> ../sites-available/NAME, built inside the prefix lab.
    const QString nginxDir = QFileInfo(m_siteConf).absolutePath() + QStringLiteral("/..");
    const QString available = QDir::cleanPath(nginxDir + QStringLiteral("/sites-available"));
    ASSERT_TRUE(QDir().mkpath(available));
    const QString real = available + QStringLiteral("/gs-extra");
    const QString link = QFileInfo(m_siteConf).absolutePath() + QStringLiteral("/zz-gs-extra.conf");
    const int port = freePort();
    const auto site = [port](const char *body) {
        return QStringLiteral(
                       "server {\n    listen 127.0.0.1:%1;\n    server_name extra.gslab.test;\n"
                       "    location / { return 200 \"%2\\n\"; }\n}\n")
                .arg(port)
                .arg(QLatin1String(body))
                .toUtf8();
    };
    ASSERT_TRUE(writeBytes(real, site("one")));
    ASSERT_TRUE(QFile::link(real, link));
    const auto cleanup = qScopeGuard([&] {
        QFile::remove(link);
        QFile::remove(real);
        QDir().rmdir(available);
        // nginx still serves the extra server until the next reload.
        QStringList args = lab().nginxArgs();
        args << QStringLiteral("-s") << QStringLiteral("reload");
        run(lab().nginxBinary(), args);
    });

    const CliRun result = apply(link, site("two"));
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString() << result.out.toStdString();
    const QFileInfo info(link);
    EXPECT_TRUE(info.isSymLink());
    EXPECT_EQ(info.symLinkTarget(), real);
    EXPECT_EQ(readBytes(real), site("two"));
    const Command body = run(QStringLiteral("curl"),
                             {QStringLiteral("-s"),
                              QStringLiteral("--noproxy"),
                              QStringLiteral("*"),
                              QStringLiteral("http://127.0.0.1:%1/").arg(port)});
    EXPECT_EQ(body.out, QStringLiteral("two\n"));
    // The backup is of the real file.
    const QString backupPath = result.json.value(QStringLiteral("backup"))
                                       .toObject()
                                       .value(QStringLiteral("path"))
                                       .toString();
    EXPECT_TRUE(backupPath.contains(real)) << backupPath.toStdString();
}

TEST_F(ConfigTest, OwnerAndMode_AreKept)
{
    if (!lab().rootMode())
        GTEST_SKIP() << "needs root to change the owner";
    struct stat before = {};
    ASSERT_EQ(::stat(m_siteConf.toLocal8Bit().constData(), &before), 0);
    const QString worker = lab().workerUser();
    const Command chown
            = run(QStringLiteral("chown"), {worker + QLatin1Char(':') + worker, m_siteConf});
    ASSERT_EQ(chown.exitCode, 0) << chown.err.toStdString();
    ASSERT_EQ(::chmod(m_siteConf.toLocal8Bit().constData(), 0640), 0);
    const auto cleanup = qScopeGuard([&] {
        (void)::chown(m_siteConf.toLocal8Bit().constData(), before.st_uid, before.st_gid);
        ::chmod(m_siteConf.toLocal8Bit().constData(), before.st_mode & 07777);
    });
    struct stat changedOwner = {};
    ASSERT_EQ(::stat(m_siteConf.toLocal8Bit().constData(), &changedOwner), 0);

    const CliRun result
            = apply(m_siteConf, withAppLocation("    location = /gs-own { return 204; }\n"));
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    struct stat after = {};
    ASSERT_EQ(::stat(m_siteConf.toLocal8Bit().constData(), &after), 0);
    EXPECT_NE(after.st_ino, changedOwner.st_ino); // replaced by rename, not rewritten
    EXPECT_EQ(after.st_uid, changedOwner.st_uid);
    EXPECT_EQ(after.st_gid, changedOwner.st_gid);
    EXPECT_EQ(after.st_mode & 07777, 0640u);
}

TEST_F(ConfigTest, BadFpmPool_Exits4_FpmKeepsRunning)
{
    const QString pool = lab().string(QStringLiteral("phpfpm.pool_conf"));
    const QByteArray original = readBytes(pool);
    const QString pidFile = lab().string(QStringLiteral("phpfpm.pid_file"));
    const QByteArray pidBefore = readBytes(pidFile).trimmed();
    QByteArray broken = original;
    broken.replace("pm.max_children = 5", "pm.max_children = 0");
    ASSERT_NE(broken, original);
    const CliRun result = apply(pool, broken);
    EXPECT_EQ(result.exitCode, 4) << result.err.toStdString();
    EXPECT_TRUE(result.json.value(QStringLiteral("validation"))
                        .toObject()
                        .value(QStringLiteral("output"))
                        .toString()
                        .contains(QStringLiteral("pm.max_children")));
    EXPECT_EQ(readBytes(pool), original);
    EXPECT_EQ(readBytes(pidFile).trimmed(), pidBefore);
    EXPECT_TRUE(QFileInfo::exists(QStringLiteral("/proc/") + QString::fromLatin1(pidBefore)));
    EXPECT_EQ(httpGet(lab().phpUrl()).status, QStringLiteral("200"));

    // A valid pool change is applied with FPM's own reload and the pool answers its ping.
    QByteArray raised = original;
    raised.replace("pm.max_children = 5", "pm.max_children = 6");
    const CliRun good = apply(pool, raised);
    EXPECT_EQ(good.exitCode, 0) << good.err.toStdString() << good.out.toStdString();
    EXPECT_EQ(httpGet(lab().phpUrl()).status, QStringLiteral("200"));
}

TEST_F(ConfigTest, FpmPoolThatPassesTestButCannotStart_IsRolledBack_FpmServesAgain)
{
    // php-fpm -t accepts a pool on a port that is taken; the reload then kills the master.
    const QString pool = lab().string(QStringLiteral("phpfpm.pool_conf"));
    const QByteArray original = readBytes(pool);
    const QString socket = lab().fpmSocket();
    QByteArray taken = original;
    const QByteArray from = QByteArray("listen = ") + socket.toUtf8();
    const QByteArray to = QByteArray("listen = ") + lab().appUpstream().toUtf8();
    taken.replace(from, to);
    ASSERT_NE(taken, original);
    const CliRun result = apply(pool, taken);
    EXPECT_EQ(result.exitCode, 5) << result.err.toStdString() << result.out.toStdString();
    EXPECT_TRUE(result.json.value(QStringLiteral("rolled_back")).toBool());
    EXPECT_TRUE(
            stepNames(result.json, QStringLiteral("failed")).contains(QStringLiteral("health")));
    EXPECT_TRUE(stepNames(result.json, QStringLiteral("ok"))
                        .contains(QStringLiteral("rollback.health")))
            << result.out.toStdString();
    EXPECT_EQ(readBytes(pool), original);
    EXPECT_EQ(httpGet(lab().phpUrl()).status, QStringLiteral("200"));
    // The restarted master does not keep the host lock: the next apply goes through.
    QByteArray raised = original;
    raised.replace("pm.max_children = 5", "pm.max_children = 6");
    const CliRun next = apply(pool, raised);
    EXPECT_EQ(next.exitCode, 0) << next.err.toStdString();
    // The master the rollback started is not the lab's own: stop it (by its pid) so that the
    // lab's reset starts its FPM again.
    const pid_t restarted
            = readBytes(lab().string(QStringLiteral("phpfpm.pid_file"))).trimmed().toInt();
    if (restarted > 0 && ::kill(restarted, SIGTERM) == 0) {
        for (int i = 0; i < 100 && ::kill(restarted, 0) == 0; ++i)
            QThread::msleep(100);
    }
}

TEST_F(ConfigTest, Backups_AreListed_AndRestoreWorks)
{
    const QByteArray first = withAppLocation("    location = /gs-b1 { return 204; }\n");
    const CliRun applied = apply(m_siteConf, first);
    ASSERT_EQ(applied.exitCode, 0) << applied.err.toStdString();
    const QString id = applied.json.value(QStringLiteral("backup"))
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
    ASSERT_FALSE(id.isEmpty());

    const CliRun list = cli({QStringLiteral("config"),
                             QStringLiteral("backups"),
                             target(),
                             m_siteConf,
                             QStringLiteral("--json")});
    ASSERT_EQ(list.exitCode, 0) << list.err.toStdString();
    EXPECT_EQ(list.json.value(QStringLiteral("path")).toString(), m_siteConf);
    const QJsonArray backups = list.json.value(QStringLiteral("backups")).toArray();
    ASSERT_FALSE(backups.isEmpty());
    const QJsonObject newest = backups.first().toObject();
    EXPECT_EQ(newest.value(QStringLiteral("id")).toString(), id);
    EXPECT_EQ(newest.value(QStringLiteral("sha256")).toString(), sha256(m_original));
    EXPECT_EQ(newest.value(QStringLiteral("size")).toInteger(), m_original.size());
    EXPECT_FALSE(newest.value(QStringLiteral("created")).toString().isEmpty());
    EXPECT_EQ(readBytes(newest.value(QStringLiteral("remote_path")).toString()), m_original);
    EXPECT_EQ(readBytes(newest.value(QStringLiteral("local_path")).toString()), m_original);
    // The server keeps its 20 newest; copies on this machine are pruned apart and may add older
    // ones to the list (their server copy gone), so only the server's side is bounded.
    qsizetype onServer = 0;
    for (const auto &backup : backups)
        onServer += backup.toObject().value(QStringLiteral("remote_path")).isString() ? 1 : 0;
    EXPECT_LE(onServer, 20);

    // What a restore of it would change: the added location goes away.
    const CliRun diff = cli({QStringLiteral("config"),
                             QStringLiteral("diff"),
                             target(),
                             m_siteConf,
                             QStringLiteral("--backup"),
                             id});
    ASSERT_EQ(diff.exitCode, 0) << diff.err.toStdString();
    EXPECT_TRUE(diff.out.contains(QStringLiteral("\n-    location = /gs-b1 { return 204; }\n")))
            << diff.out.toStdString();

    const CliRun restored = cli({QStringLiteral("config"),
                                 QStringLiteral("restore"),
                                 target(),
                                 m_siteConf,
                                 QStringLiteral("--backup"),
                                 id,
                                 QStringLiteral("--json")});
    ASSERT_EQ(restored.exitCode, 0) << restored.err.toStdString() << restored.out.toStdString();
    EXPECT_TRUE(restored.json.value(QStringLiteral("applied")).toBool());
    EXPECT_EQ(readBytes(m_siteConf), m_original);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));

    const CliRun unknown = cli({QStringLiteral("config"),
                                QStringLiteral("restore"),
                                target(),
                                m_siteConf,
                                QStringLiteral("--backup"),
                                QStringLiteral("20000101T000000Z-000000000000")});
    EXPECT_EQ(unknown.exitCode, 3);
}

TEST_F(ConfigTest, ReadOnlyInventoryServer_IsNeverChanged)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GATESCOPE_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
    const Command add = run(QStringLiteral(GS_CLI_PATH),
                            {QStringLiteral("hosts"),
                             QStringLiteral("add"),
                             QStringLiteral("support"),
                             QStringLiteral("--host"),
                             lab().sshHost(),
                             QStringLiteral("--port"),
                             QString::number(lab().sshPort()),
                             QStringLiteral("--user"),
                             lab().user(role()).name,
                             QStringLiteral("--read-only")},
                            {},
                            env);
    ASSERT_EQ(add.exitCode, 0) << add.err.toStdString();
    const CliRun result = cli({QStringLiteral("config"),
                               QStringLiteral("apply"),
                               QStringLiteral("support"),
                               m_siteConf,
                               QStringLiteral("--from"),
                               candidateFile(m_original + "# no\n")},
                              env);
    EXPECT_EQ(result.exitCode, 3);
    EXPECT_TRUE(result.err.contains(QStringLiteral("read-only"))) << result.err.toStdString();
    EXPECT_EQ(readBytes(m_siteConf), m_original);
}

TEST_F(ConfigTest, UsageErrors_Exit64)
{
    EXPECT_EQ(
            cli({QStringLiteral("config"), QStringLiteral("apply"), target(), m_siteConf}).exitCode,
            64);
    EXPECT_EQ(cli({QStringLiteral("config"), QStringLiteral("bogus")}).exitCode, 64);
    EXPECT_EQ(cli({QStringLiteral("config"),
                   QStringLiteral("get"),
                   target(),
                   QStringLiteral("relative/path")})
                      .exitCode,
              64);
}

} // namespace
