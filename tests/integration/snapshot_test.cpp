// gatescope-cli config snapshot / snapshots / restore-snapshot against the lab: the whole nginx
// and PHP-FPM trees put back byte for byte (a changed file, a stray file, a symlink turned into a
// file), a snapshot that does not validate refused with nothing changed, one that breaks the site
// rolled back, a snapshot the server lost restored from the local copy, the connection cut in the
// middle of a restore, the "marked risky" --snapshot of config apply and service, and the audit.

#include "clitestsupport.h"
#include "labtest.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

using gs::test::LabTest;
using namespace gs::test;

namespace {

// Every entry under `root` as "type mode content" by relative path (symlinks not followed), the
// lab's state directories (logs, temp) left out as a snapshot leaves them out.
QMap<QString, QString> treeOf(const QString &root)
{
    QMap<QString, QString> tree;
    QDirIterator it(root,
                    QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(root).relativeFilePath(path);
        const QString top = relative.section(QLatin1Char('/'), 0, 0);
        if (top == QLatin1String("logs") || top == QLatin1String("log")
            || top == QLatin1String("tmp"))
            continue;
        struct stat info;
        if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
            continue;
        const QString mode = QString::number(info.st_mode & 07777, 8);
        if (S_ISLNK(info.st_mode)) {
            char target[4096];
            const ssize_t n
                    = ::readlink(QFile::encodeName(path).constData(), target, sizeof target);
            tree.insert(relative,
                        QStringLiteral("l ") + QString::fromUtf8(target, n > 0 ? int(n) : 0));
        } else if (S_ISDIR(info.st_mode))
            tree.insert(relative, QStringLiteral("d ") + mode);
        else if (S_ISREG(info.st_mode))
            tree.insert(
                    relative,
                    QStringLiteral("f %1 %2").arg(
                            mode,
                            QString::fromLatin1(QCryptographicHash::hash(readBytes(path),
                                                                         QCryptographicHash::Sha256)
                                                        .toHex())));
    }
    return tree;
}

class SnapshotTest : public LabTest
{
protected:
    void SetUp() override
    {
        LabTest::SetUp();
        ASSERT_TRUE(m_tmp.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("GATESCOPE_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        m_nginxDir = QFileInfo(lab().nginxConf()).absolutePath();
        m_fpmDir = QFileInfo(lab().fpmConf()).absolutePath();
        m_siteConf = lab().string(QStringLiteral("nginx.site_conf"));
        ASSERT_TRUE(QFileInfo(m_siteConf).absoluteFilePath().startsWith(m_nginxDir));
        // A symlink in an include directory, as sites-enabled has them.
        ASSERT_TRUE(QDir(m_nginxDir).mkpath(QStringLiteral("gs-test-snippets")));
        ASSERT_TRUE(writeBytes(snippet(), "# gatescope snapshot test\n"));
        QFile::remove(link());
        ASSERT_TRUE(QFile::link(QStringLiteral("../gs-test-snippets/empty.conf"), link()));
        ASSERT_EQ(nginxTest().exitCode, 0) << nginxTest().out.toStdString();
    }

    void TearDown() override
    {
        QFile::remove(link());
        QFile::remove(stray());
        QDir(m_nginxDir + QStringLiteral("/gs-test-snippets")).removeRecursively();
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

    QStringList connection() const
    {
        return {QStringLiteral("-i"),
                lab().user(role()).key,
                QStringLiteral("--known-hosts"),
                lab().knownHostsPath()};
    }

    // `config SUB TARGET ARGS... --nginx-conf LAB --json`: the lab's nginx, as other labs may run
    // on this machine.
    QStringList configArgs(const QString &sub, const QStringList &args = {}) const
    {
        QStringList all{QStringLiteral("config"), sub, target()};
        all << args << connection() << QStringLiteral("--json");
        if (sub != QLatin1String("snapshots"))
            all << QStringLiteral("--nginx-conf") << lab().nginxConf();
        return all;
    }

    CliRun cli(const QStringList &args)
    {
        const Command command = run(QStringLiteral(GS_CLI_PATH), args, {}, m_env);
        CliRun result;
        result.exitCode = command.exitCode;
        result.out = command.out;
        result.err = command.err;
        result.json = QJsonDocument::fromJson(command.out.toUtf8()).object();
        return result;
    }

    // Takes a snapshot; its JSON (SnapshotEntry) or an empty object.
    QJsonObject snapshot(const QString &note)
    {
        const CliRun taken
                = cli(configArgs(QStringLiteral("snapshot"), {QStringLiteral("--note"), note}));
        EXPECT_EQ(taken.exitCode, 0) << taken.err.toStdString() << taken.out.toStdString();
        EXPECT_TRUE(taken.json.value(QStringLiteral("created")).toBool());
        return taken.json.value(QStringLiteral("snapshot")).toObject();
    }

    CliRun restore(const QString &id)
    {
        return cli(
                configArgs(QStringLiteral("restore-snapshot"), {QStringLiteral("--snapshot"), id}));
    }

    QJsonArray snapshots()
    {
        const CliRun listed = cli(configArgs(QStringLiteral("snapshots")));
        EXPECT_EQ(listed.exitCode, 0) << listed.err.toStdString();
        return listed.json.value(QStringLiteral("snapshots")).toArray();
    }

    QJsonArray auditEntries()
    {
        const Command audit = run(QStringLiteral(GS_CLI_PATH),
                                  {QStringLiteral("audit"), QStringLiteral("--json")},
                                  {},
                                  m_env);
        return QJsonDocument::fromJson(audit.out.toUtf8())
                .object()
                .value(QStringLiteral("entries"))
                .toArray();
    }

    QMap<QString, QString> trees() const
    {
        QMap<QString, QString> all;
        const auto nginx = treeOf(m_nginxDir);
        for (auto it = nginx.begin(); it != nginx.end(); ++it)
            all.insert(QStringLiteral("nginx/") + it.key(), it.value());
        const auto fpm = treeOf(m_fpmDir);
        for (auto it = fpm.begin(); it != fpm.end(); ++it)
            all.insert(QStringLiteral("fpm/") + it.key(), it.value());
        return all;
    }

    QString snippet() const { return m_nginxDir + QStringLiteral("/gs-test-snippets/empty.conf"); }
    QString link() const { return m_nginxDir + QStringLiteral("/conf.d/zz-gs-test-link.conf"); }
    QString stray() const { return m_nginxDir + QStringLiteral("/conf.d/zz-gs-test-stray.conf"); }

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;
    QString m_nginxDir;
    QString m_fpmDir;
    QString m_siteConf;
};

TEST_F(SnapshotTest, Restore_MakesTheTreesIdenticalToTheSnapshot_StrayGone_SymlinkKept)
{
    const QMap<QString, QString> before = trees();
    const QJsonObject taken = snapshot(QStringLiteral("before the test"));
    const QString id = taken.value(QStringLiteral("id")).toString();
    ASSERT_FALSE(id.isEmpty());
    const QStringList dirs = taken.value(QStringLiteral("directories")).toVariant().toStringList();
    EXPECT_TRUE(dirs.contains(m_nginxDir)) << dirs.join(QLatin1Char(' ')).toStdString();
    EXPECT_TRUE(dirs.contains(m_fpmDir)) << dirs.join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(taken.value(QStringLiteral("note")).toString(), QStringLiteral("before the test"));
    EXPECT_EQ(taken.value(QStringLiteral("validation")).toString(), QStringLiteral("ok"));
    EXPECT_GT(taken.value(QStringLiteral("file_count")).toInt(), 3);
    EXPECT_EQ(taken.value(QStringLiteral("sha256")).toString().size(), 64);
    // Kept here too, readable by this user only (trees may hold TLS keys).
    const QString local = taken.value(QStringLiteral("local_path")).toString();
    ASSERT_TRUE(QFileInfo::exists(local)) << local.toStdString();
    EXPECT_EQ(QFileInfo(local).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
              QFileDevice::Permissions());

    // Change a file, add a stray one, turn the symlink into a plain file, add a directory.
    ASSERT_TRUE(writeBytes(m_siteConf, readBytes(m_siteConf) + "# changed after the snapshot\n"));
    ASSERT_TRUE(writeBytes(stray(), "# not in the snapshot\n"));
    ASSERT_TRUE(QFile::remove(link()));
    ASSERT_TRUE(writeBytes(link(), "# was a symlink\n"));
    ASSERT_TRUE(QDir(m_fpmDir).mkpath(QStringLiteral("gs-test-extra/deeper")));
    ASSERT_TRUE(writeBytes(m_fpmDir + QStringLiteral("/gs-test-extra/deeper/x"), "x"));
    const qint64 logSize = fileSize(lab().nginxErrorLog());
    ASSERT_NE(trees(), before);

    const CliRun restored = restore(id);
    ASSERT_EQ(restored.exitCode, 0) << restored.err.toStdString() << restored.out.toStdString();
    EXPECT_EQ(restored.json.value(QStringLiteral("outcome")).toString(), QStringLiteral("applied"));
    const QString pre = restored.json.value(QStringLiteral("pre_restore_snapshot")).toString();
    EXPECT_FALSE(pre.isEmpty());

    EXPECT_EQ(trees(), before);
    EXPECT_FALSE(QFileInfo::exists(stray()));
    EXPECT_TRUE(QFileInfo(link()).isSymLink());
    EXPECT_EQ(QFileInfo(link()).symLinkTarget(), QFileInfo(snippet()).absoluteFilePath());
    EXPECT_FALSE(QFileInfo::exists(m_fpmDir + QStringLiteral("/gs-test-extra")));
    // State is neither archived nor touched: the error log is still there and growing.
    EXPECT_GE(fileSize(lab().nginxErrorLog()), logSize);
    // No staging directory left next to the trees.
    EXPECT_TRUE(QDir(QFileInfo(m_nginxDir).absolutePath())
                        .entryList({QStringLiteral(".gatescope-restore-*")},
                                   QDir::AllEntries | QDir::Hidden)
                        .isEmpty());
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
    EXPECT_EQ(httpGet(lab().phpUrl()).status, QStringLiteral("200"));

    // Newest first: the pre-restore snapshot, then ours.
    const QJsonArray list = snapshots();
    QStringList ids;
    for (const auto &entry : list)
        ids << entry.toObject().value(QStringLiteral("id")).toString();
    ASSERT_TRUE(ids.contains(id) && ids.contains(pre)) << ids.join(QLatin1Char(' ')).toStdString();
    EXPECT_LT(ids.indexOf(pre), ids.indexOf(id));
    // By second; within one second the ids' digest suffixes say nothing of the order.
    QStringList seconds;
    for (const QString &listed : ids)
        seconds << listed.left(16);
    QStringList sorted = seconds;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    EXPECT_EQ(seconds, sorted);

    // The audit log has both, with their outcomes.
    QStringList actions;
    for (const auto &value : auditEntries()) {
        const QJsonObject entry = value.toObject();
        actions << entry.value(QStringLiteral("action")).toString() + QLatin1Char(' ')
                           + entry.value(QStringLiteral("outcome")).toString();
        if (entry.value(QStringLiteral("action")).toString()
            == QLatin1String("config.restore-snapshot")) {
            EXPECT_TRUE(entry.value(QStringLiteral("command")).toString().contains(id));
        }
    }
    EXPECT_TRUE(actions.contains(QStringLiteral("config.snapshot ok")))
            << actions.join(QLatin1String(", ")).toStdString();
    EXPECT_TRUE(actions.contains(QStringLiteral("config.restore-snapshot applied")))
            << actions.join(QLatin1String(", ")).toStdString();
}

TEST_F(SnapshotTest, SnapshotThatDoesNotValidate_Exits4_AndLeavesTheTreesUntouched)
{
    // Taken while a file with a typo sits in the include directory (not loaded: nginx runs on).
    ASSERT_TRUE(breakLab(QStringLiteral("nginx_config_invalid")));
    const QJsonObject taken = snapshot(QStringLiteral("with the typo"));
    const QString id = taken.value(QStringLiteral("id")).toString();
    ASSERT_FALSE(id.isEmpty());
    EXPECT_EQ(taken.value(QStringLiteral("validation")).toString(), QStringLiteral("failed"));
    ASSERT_TRUE(gs::test::LabEnv::fix(QStringLiteral("nginx_config_invalid")).ok());
    ASSERT_EQ(nginxTest().exitCode, 0);

    const QMap<QString, QString> before = trees();
    const CliRun restored = restore(id);
    EXPECT_EQ(restored.exitCode, 4) << restored.err.toStdString() << restored.out.toStdString();
    EXPECT_EQ(restored.json.value(QStringLiteral("outcome")).toString(),
              QStringLiteral("validation_failed"));
    EXPECT_TRUE(restored.json.value(QStringLiteral("validation"))
                        .toObject()
                        .value(QStringLiteral("output"))
                        .toString()
                        .contains(QStringLiteral("proxy_buffer_szie")))
            << restored.out.toStdString();
    EXPECT_EQ(trees(), before);
    EXPECT_EQ(nginxTest().exitCode, 0);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
}

TEST_F(SnapshotTest, SnapshotThatBreaksTheSite_IsRolledBack_Exits5)
{
    // Valid, but the PHP site passes to a socket that does not exist (502 once loaded).
    ASSERT_TRUE(breakLab(QStringLiteral("fpm_socket_missing")));
    const QString id
            = snapshot(QStringLiteral("socket missing")).value(QStringLiteral("id")).toString();
    ASSERT_FALSE(id.isEmpty());
    ASSERT_TRUE(gs::test::LabEnv::fix(QStringLiteral("fpm_socket_missing")).ok());
    ASSERT_EQ(httpGet(lab().phpUrl()).status, QStringLiteral("200"));

    const QMap<QString, QString> before = trees();
    const CliRun restored = restore(id);
    EXPECT_EQ(restored.exitCode, 5) << restored.err.toStdString() << restored.out.toStdString();
    EXPECT_TRUE(restored.json.value(QStringLiteral("rolled_back")).toBool());
    EXPECT_EQ(trees(), before);
    EXPECT_EQ(httpGet(lab().phpUrl()).status, QStringLiteral("200"));
}

TEST_F(SnapshotTest, ServerCopyLost_IsRestoredFromTheLocalCopy)
{
    const QMap<QString, QString> before = trees();
    const QJsonObject taken = snapshot(QStringLiteral("kept here"));
    const QString id = taken.value(QStringLiteral("id")).toString();
    const QString remote = taken.value(QStringLiteral("remote_path")).toString();
    ASSERT_TRUE(remote.endsWith(id + QStringLiteral(".tar.gz"))) << remote.toStdString();
    // The server's backup area is lost (the lab's server is this machine).
    ASSERT_TRUE(QFile::remove(remote));
    ASSERT_TRUE(QFile::remove(remote.chopped(7) + QStringLiteral(".manifest")));
    bool listedLocalOnly = false;
    for (const auto &value : snapshots()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(QStringLiteral("id")).toString() == id)
            listedLocalOnly = entry.value(QStringLiteral("remote_path")).isNull()
                              && !entry.value(QStringLiteral("local_path")).toString().isEmpty();
    }
    EXPECT_TRUE(listedLocalOnly);

    ASSERT_TRUE(writeBytes(stray(), "# not in the snapshot\n"));
    const CliRun restored = restore(id);
    ASSERT_EQ(restored.exitCode, 0) << restored.err.toStdString() << restored.out.toStdString();
    EXPECT_TRUE(restored.err.contains(QStringLiteral("[upload] ok"))) << restored.err.toStdString();
    EXPECT_TRUE(QFileInfo::exists(remote));
    EXPECT_EQ(trees(), before);
}

TEST_F(SnapshotTest, ConnectionCutDuringTheSwap_ServerFinishesAlone_TreesMatchTheSnapshot)
{
    if (!lab().rootMode())
        GTEST_SKIP() << "killing the session's sshd needs root";
    const QMap<QString, QString> before = trees();
    const QString id = snapshot(QStringLiteral("cut")).value(QStringLiteral("id")).toString();
    ASSERT_FALSE(id.isEmpty());
    ASSERT_TRUE(writeBytes(stray(), "# not in the snapshot\n"));
    ASSERT_TRUE(writeBytes(m_siteConf, readBytes(m_siteConf) + "# changed\n"));

    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("GATESCOPE_TEST_PAUSE_AFTER"), QStringLiteral("swap"));
    env.insert(QStringLiteral("GATESCOPE_TEST_PAUSE_SECONDS"), QStringLiteral("3"));
    RunningCli cli(
            configArgs(QStringLiteral("restore-snapshot"), {QStringLiteral("--snapshot"), id}),
            env);
    const QString sshd = cli.waitForErr(
            QRegularExpression(QStringLiteral("paused after \\S+ \\(sshd pid (\\d+)\\)")));
    ASSERT_FALSE(sshd.isEmpty()) << cli.err().toStdString();
    ASSERT_EQ(::kill(sshd.toInt(), SIGKILL), 0) << "sshd pid " << sshd.toStdString();
    EXPECT_EQ(cli.finish(), 0) << cli.err().toStdString();
    EXPECT_TRUE(cli.err().contains(QStringLiteral("[reconnect] ok"))) << cli.err().toStdString();
    EXPECT_EQ(trees(), before);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
}

// The session's sshd paused (SIGSTOP) during the swap instead of cut: the restore ends within its
// command limit (never the minutes a restore may take), the server finishes alone, and the
// trees are the snapshot's.
TEST_F(SnapshotTest, SshdPausedDuringTheSwap_EndsInTime_TreesMatchTheSnapshot)
{
    if (!lab().rootMode())
        GTEST_SKIP() << "pausing the session's sshd needs root";
    const QMap<QString, QString> before = trees();
    const QString id = snapshot(QStringLiteral("paused")).value(QStringLiteral("id")).toString();
    ASSERT_FALSE(id.isEmpty());
    ASSERT_TRUE(writeBytes(m_siteConf, readBytes(m_siteConf) + "# changed while paused\n"));

    QProcessEnvironment env = m_env;
    env.insert(QStringLiteral("GATESCOPE_TEST_PAUSE_AFTER"), QStringLiteral("swap"));
    env.insert(QStringLiteral("GATESCOPE_TEST_PAUSE_SECONDS"), QStringLiteral("2"));
    RunningCli cli(configArgs(QStringLiteral("restore-snapshot"),
                              {QStringLiteral("--snapshot"),
                               id,
                               QStringLiteral("--timeout"),
                               QStringLiteral("5")}),
                   env);
    const QString sshd = cli.waitForErr(
            QRegularExpression(QStringLiteral("paused after \\S+ \\(sshd pid (\\d+)\\)")));
    ASSERT_FALSE(sshd.isEmpty()) << cli.err().toStdString();
    const pid_t pid = static_cast<pid_t>(sshd.toInt());
    ASSERT_EQ(::kill(pid, SIGSTOP), 0) << "sshd pid " << sshd.toStdString();
    const int exitCode = cli.finish(120000);
    ::kill(pid, SIGCONT);
    EXPECT_EQ(exitCode, 0) << cli.err().toStdString();
    EXPECT_TRUE(cli.err().contains(QStringLiteral("stopped answering"))) << cli.err().toStdString();
    EXPECT_TRUE(cli.err().contains(QStringLiteral("[reconnect] ok"))) << cli.err().toStdString();
    EXPECT_EQ(trees(), before);
    EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));
}

TEST_F(SnapshotTest, MarkedRisky_ApplyAndServiceTakeASnapshotFirst)
{
    QTemporaryDir dir;
    const QString candidate = dir.filePath(QStringLiteral("site.conf"));
    ASSERT_TRUE(writeBytes(candidate, readBytes(m_siteConf) + "# risky change\n"));
    const CliRun applied = cli(QStringList{QStringLiteral("config"),
                                           QStringLiteral("apply"),
                                           target(),
                                           m_siteConf,
                                           QStringLiteral("--from"),
                                           candidate,
                                           QStringLiteral("--snapshot"),
                                           QStringLiteral("--nginx-conf"),
                                           lab().nginxConf(),
                                           QStringLiteral("--json")}
                               + connection());
    ASSERT_EQ(applied.exitCode, 0) << applied.err.toStdString() << applied.out.toStdString();
    EXPECT_TRUE(applied.json.value(QStringLiteral("applied")).toBool());
    const QString first = applied.json.value(QStringLiteral("snapshot"))
                                  .toObject()
                                  .value(QStringLiteral("id"))
                                  .toString();
    EXPECT_FALSE(first.isEmpty()) << applied.out.toStdString();

    const CliRun reloaded = cli(QStringList{QStringLiteral("service"),
                                            target(),
                                            QStringLiteral("reload"),
                                            QStringLiteral("nginx:") + lab().nginxConf(),
                                            QStringLiteral("--snapshot"),
                                            QStringLiteral("--json")}
                                + connection());
    ASSERT_EQ(reloaded.exitCode, 0) << reloaded.err.toStdString() << reloaded.out.toStdString();
    const QJsonObject second = reloaded.json.value(QStringLiteral("snapshot")).toObject();
    EXPECT_FALSE(second.value(QStringLiteral("id")).toString().isEmpty());
    EXPECT_TRUE(second.value(QStringLiteral("note")).toString().contains(QStringLiteral("reload")));

    QStringList ids;
    for (const auto &value : snapshots())
        ids << value.toObject().value(QStringLiteral("id")).toString();
    EXPECT_TRUE(ids.contains(first));
    EXPECT_TRUE(ids.contains(second.value(QStringLiteral("id")).toString()));
}

TEST_F(SnapshotTest, UsageErrors_Exit64)
{
    EXPECT_EQ(
            cli({QStringLiteral("config"), QStringLiteral("restore-snapshot"), target()}).exitCode,
            64);
    EXPECT_EQ(cli({QStringLiteral("config"),
                   QStringLiteral("restore-snapshot"),
                   target(),
                   QStringLiteral("--snapshot"),
                   QStringLiteral("../../etc/passwd")})
                      .exitCode,
              64);
    EXPECT_EQ(cli({QStringLiteral("config"), QStringLiteral("snapshot")}).exitCode, 64);
}

} // namespace
