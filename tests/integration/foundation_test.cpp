// The practice lab itself: proves that it runs real servers, that every named breakage makes
// nginx (or PHP-FPM) say what the reference says, and that its users log in the documented way.
// Everything here uses stock clients (ssh, curl, nginx -t), never Gatescope's own code.

#include "labtest.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using gs::test::LabEnv;
using gs::test::LabTest;

namespace {

QString qs(const char *text)
{
    return QString::fromUtf8(text);
}

std::string str(const QString &text)
{
    return text.toStdString();
}

class LabFoundation : public LabTest
{
};

class LabBreakage : public LabTest
{
protected:
    // Breaks the lab, sends one request and checks the status and the new error-log text.
    void expectGatewayError(const char *breakage,
                            const QString &url,
                            const char *status,
                            const char *logNeedle)
    {
        const QString log = lab().nginxErrorLog();
        const qint64 before = fileSize(log);
        ASSERT_TRUE(breakLab(qs(breakage)));
        const Http http = httpGet(url);
        EXPECT_EQ(str(http.status), status) << "curl exit " << http.curlExit;
        const QString text = waitForText(log, before, qs(logNeedle));
        EXPECT_TRUE(text.contains(qs(logNeedle)))
                << "no \"" << logNeedle << "\" in the new part of " << str(log) << ":\n"
                << str(text);
    }
};

} // namespace

TEST_F(LabFoundation, LabJson_DescribesLoopbackServices)
{
    EXPECT_EQ(str(lab().sshHost()), "127.0.0.1");
    EXPECT_GT(lab().sshPort(), 1024);
    EXPECT_TRUE(lab().hostKeyFingerprint().startsWith(QStringLiteral("SHA256:")));
    EXPECT_EQ(str(lab().hostKeyType()), "ssh-ed25519");
    EXPECT_TRUE(QFile::exists(lab().knownHostsPath()));
    ASSERT_TRUE(lab().hasUser(QStringLiteral("key")));
    EXPECT_TRUE(QFile::exists(lab().user(QStringLiteral("key")).key));
    ASSERT_TRUE(lab().hasUser(QStringLiteral("passphrase_key")));
    EXPECT_FALSE(lab().user(QStringLiteral("passphrase_key")).passphrase.isEmpty());
    for (const QString &url : {lab().appUrl(), lab().phpUrl(), lab().staticUrl()})
        EXPECT_TRUE(url.startsWith(QStringLiteral("http://127.0.0.1:"))) << str(url);
    EXPECT_TRUE(lab().breakages().isEmpty());
    EXPECT_EQ(lab().rootMode(), lab().hasUser(QStringLiteral("sudo_nopasswd")));
}

TEST_F(LabFoundation, HealthyLab_ServesAppPhpAndStatic)
{
    EXPECT_EQ(str(httpGet(lab().appUrl()).status), "200");
    EXPECT_EQ(str(httpGet(lab().groupUrl()).status), "200");
    EXPECT_EQ(str(httpGet(lab().phpUrl()).status), "200");
    EXPECT_EQ(str(httpGet(lab().staticUrl()).status), "200");
    EXPECT_EQ(str(httpGet(lab().fpmStatusUrl()).status), "200");
    EXPECT_EQ(nginxTest().exitCode, 0);
}

TEST_F(LabFoundation, Status_ReportsEveryComponentRunning)
{
    const LabEnv::RunResult status = LabEnv::runLab({qs("status"), qs("--json")});
    ASSERT_TRUE(status.ok()) << str(status.output);
    const QJsonObject json = QJsonDocument::fromJson(status.output.toUtf8()).object();
    for (const char *component : {"sshd", "nginx", "phpfpm", "app"}) {
        EXPECT_TRUE(json.value(qs(component)).toObject().value(qs("running")).toBool())
                << component << " in " << str(status.output);
    }
    EXPECT_TRUE(json.value(qs("breakages")).toArray().isEmpty());
}

TEST_F(LabFoundation, KnownHosts_HoldsTheFingerprintFromLabJson)
{
    const Command lookup = run(qs("ssh-keygen"),
                               {qs("-l"),
                                qs("-E"),
                                qs("sha256"),
                                qs("-F"),
                                QStringLiteral("[127.0.0.1]:%1").arg(lab().sshPort()),
                                qs("-f"),
                                lab().knownHostsPath()});
    ASSERT_EQ(lookup.exitCode, 0) << str(lookup.err);
    EXPECT_TRUE(lookup.out.contains(lab().hostKeyFingerprint())) << str(lookup.out);
}

TEST_F(LabFoundation, SystemSsh_Gets502AfterAppDownAnd200AfterFix)
{
    const QString curl = QStringLiteral("curl -s --noproxy '*' -o /dev/null -w '%{http_code}' ")
                         + lab().appUrl();
    ASSERT_TRUE(breakLab(qs("app_down")));
    const Command broken = ssh(qs("key"), curl);
    ASSERT_EQ(broken.exitCode, 0) << str(broken.err);
    EXPECT_EQ(str(broken.out.trimmed()), "502");

    ASSERT_TRUE(LabEnv::fix(qs("app_down")).ok());
    const Command fixed = ssh(qs("key"), curl);
    ASSERT_EQ(fixed.exitCode, 0) << str(fixed.err);
    EXPECT_EQ(str(fixed.out.trimmed()), "200");
}

TEST_F(LabFoundation, SystemSsh_RefusesLabWhenHostKeyIsUnknown)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString empty = dir.filePath(qs("known_hosts"));
    QFile file(empty);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    const Command result
            = ssh(qs("key"), qs("true"), {qs("-o"), qs("UserKnownHostsFile=") + empty});
    EXPECT_EQ(result.exitCode, 255);
    EXPECT_TRUE(result.err.contains(qs("Host key verification failed"))) << str(result.err);
}

TEST_F(LabFoundation, PassphraseKey_NeedsItsPassphrase)
{
    const Command batch = ssh(qs("passphrase_key"), qs("echo in"));
    EXPECT_EQ(batch.exitCode, 255) << "BatchMode cannot unlock the key";
    const QString passphrase = lab().user(qs("passphrase_key")).passphrase;
    const Command unlocked = ssh(qs("passphrase_key"), qs("echo in"), {}, passphrase);
    EXPECT_EQ(unlocked.exitCode, 0) << str(unlocked.err);
    EXPECT_EQ(str(unlocked.out.trimmed()), "in");
}

TEST_F(LabFoundation, PasswordUser_LogsInWithPasswordOnly)
{
    if (!lab().hasUser(qs("password")))
        GTEST_SKIP() << "password logins need the lab started as root (PAM, real users)";
    const QStringList onlyPassword{qs("-o"),
                                   qs("PreferredAuthentications=password"),
                                   qs("-o"),
                                   qs("PubkeyAuthentication=no")};
    const Command wrong = ssh(qs("password"), qs("echo in"), onlyPassword, qs("not-the-password"));
    EXPECT_EQ(wrong.exitCode, 255);
    const Command right
            = ssh(qs("password"), qs("echo in"), onlyPassword, lab().user(qs("password")).password);
    EXPECT_EQ(right.exitCode, 0) << str(right.err);
    EXPECT_EQ(str(right.out.trimmed()), "in");
    const QStringList onlyKbd{qs("-o"), qs("PreferredAuthentications=keyboard-interactive")};
    const Command kbd
            = ssh(qs("password"), qs("echo in"), onlyKbd, lab().user(qs("password")).password);
    EXPECT_EQ(kbd.exitCode, 255) << "the password user allows only the password method";
}

TEST_F(LabFoundation, KbdIntUser_LogsInWithKeyboardInteractiveOnly)
{
    if (!lab().hasUser(qs("kbdint")))
        GTEST_SKIP() << "keyboard-interactive needs the lab started as root (PAM, real users)";
    const QString password = lab().user(qs("kbdint")).password;
    const Command kbd = ssh(qs("kbdint"),
                            qs("echo in"),
                            {qs("-o"), qs("PreferredAuthentications=keyboard-interactive")},
                            password);
    EXPECT_EQ(kbd.exitCode, 0) << str(kbd.err);
    EXPECT_EQ(str(kbd.out.trimmed()), "in");
    const Command pass = ssh(qs("kbdint"),
                             qs("echo in"),
                             {qs("-o"), qs("PreferredAuthentications=password")},
                             password);
    EXPECT_EQ(pass.exitCode, 255) << "the kbdint user allows only keyboard-interactive";
}

TEST_F(LabFoundation, SudoUsers_HaveTheDocumentedRights)
{
    if (!lab().hasUser(qs("sudo_nopasswd")))
        GTEST_SKIP() << "sudo users need the lab started as root";
    EXPECT_EQ(ssh(qs("sudo_nopasswd"), qs("sudo -n true")).exitCode, 0);
    EXPECT_NE(ssh(qs("nosudo"), qs("sudo -n true")).exitCode, 0);
    EXPECT_NE(ssh(qs("sudo_password"), qs("sudo -n true")).exitCode, 0)
            << "sudo without a password must fail for the sudo_password user";
    const QByteArray password = lab().user(qs("sudo_password")).password.toUtf8() + '\n';
    const Command withPassword
            = ssh(qs("sudo_password"), qs("sudo -S -p GSLAB_PROMPT: id -u"), {}, {}, password);
    EXPECT_EQ(withPassword.exitCode, 0) << str(withPassword.err);
    EXPECT_EQ(str(withPassword.out.trimmed()), "0");
}

TEST_F(LabBreakage, AppDown_502AndConnectionRefused)
{
    const qint64 accessBefore = fileSize(lab().nginxAccessLog());
    expectGatewayError("app_down", lab().appUrl(), "502", "Connection refused");
    const QString access = waitForText(lab().nginxAccessLog(), accessBefore, qs("us=\"502\""));
    EXPECT_TRUE(access.contains(qs("\" 502 "))) << str(access);
    EXPECT_TRUE(access.contains(qs("ua=\"") + lab().appUpstream() + qs("\""))) << str(access);
}

TEST_F(LabBreakage, AppSlow_504AndUpstreamTimedOut)
{
    expectGatewayError("app_slow", lab().appUrl(), "504", "upstream timed out");
}

TEST_F(LabBreakage, AppClose_502AndPrematurelyClosed)
{
    expectGatewayError("app_close", lab().appUrl(), "502", "upstream prematurely closed");
}

TEST_F(LabBreakage, AppReset_502AndResetByPeer)
{
    expectGatewayError("app_reset", lab().appUrl(), "502", "Connection reset by peer");
}

TEST_F(LabBreakage, AppBigHeader_502AndTooBigHeader)
{
    expectGatewayError("app_bigheader", lab().appUrl(), "502", "upstream sent too big header");
}

TEST_F(LabBreakage, FpmSocketMissing_502AndNoSuchFile)
{
    expectGatewayError(
            "fpm_socket_missing", lab().phpUrl(), "502", "(2: No such file or directory)");
}

TEST_F(LabBreakage, FpmSocketPerms_502AndPermissionDenied)
{
    expectGatewayError("fpm_socket_perms", lab().phpUrl(), "502", "(13: Permission denied)");
}

TEST_F(LabBreakage, FpmDown_502AndNoSuchFile)
{
    expectGatewayError("fpm_down", lab().phpUrl(), "502", "(2: No such file or directory)");
    EXPECT_FALSE(QFile::exists(lab().fpmSocket()));
}

TEST_F(LabBreakage, FpmSaturated_FpmLogsMaxChildren)
{
    const QString log = lab().fpmErrorLog();
    ASSERT_TRUE(breakLab(qs("fpm_saturated")));
    const qint64 before = fileSize(log);
    const QString slow = lab().phpSlowUrl() + qs("?s=3");
    const QList<Http> results = httpGetConcurrently({slow, slow});
    for (const Http &http : results)
        EXPECT_EQ(str(http.status), "200") << "queued, not failed: fastcgi_read_timeout is 30s";
    const QString text = waitForText(log, before, qs("max_children"));
    EXPECT_TRUE(text.contains(qs("server reached pm.max_children setting (1)"))) << str(text);
}

TEST_F(LabBreakage, NginxConfigInvalid_TestFailsButSiteServes)
{
    ASSERT_TRUE(breakLab(qs("nginx_config_invalid")));
    const Command test = nginxTest();
    EXPECT_NE(test.exitCode, 0);
    EXPECT_TRUE(test.err.contains(qs("[emerg]"))) << str(test.err);
    EXPECT_EQ(str(httpGet(lab().appUrl()).status), "200") << "the running nginx keeps its config";
    ASSERT_TRUE(LabEnv::fix(qs("nginx_config_invalid")).ok());
    EXPECT_EQ(nginxTest().exitCode, 0);
}

TEST_F(LabBreakage, NginxDown_ConnectionRefused)
{
    ASSERT_TRUE(breakLab(qs("nginx_down")));
    const Http http = httpGet(lab().appUrl());
    EXPECT_EQ(str(http.status), "000");
    EXPECT_EQ(http.curlExit, 7) << "curl: failed to connect";
}

TEST_F(LabBreakage, Reset_HealsEveryBreakage)
{
    for (const char *name : {"app_down", "fpm_down", "nginx_config_invalid", "fpm_socket_missing"})
        ASSERT_TRUE(breakLab(qs(name)));
    auto broken = LabEnv::load();
    ASSERT_TRUE(broken.ok());
    EXPECT_EQ(broken->breakages().size(), 4);
    EXPECT_EQ(str(httpGet(lab().phpUrl()).status), "502");

    ASSERT_TRUE(LabEnv::reset().ok());
    EXPECT_EQ(str(httpGet(lab().appUrl()).status), "200");
    EXPECT_EQ(str(httpGet(lab().phpUrl()).status), "200");
    EXPECT_EQ(nginxTest().exitCode, 0);
    auto healed = LabEnv::load();
    ASSERT_TRUE(healed.ok());
    EXPECT_TRUE(healed->breakages().isEmpty());
}
