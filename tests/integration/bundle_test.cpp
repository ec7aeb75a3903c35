// Issue 13, "without a live session": the support bundle's collector is run on the lab the way a
// customer runs it (over OpenSSH, as root and as a login without sudo), and `diagnose --bundle`
// must give what the live diagnosis gives on the same breakage: the same findings in the same
// order and the same exit code. Then the Ansible playbook over two inventory hosts ends in one
// fleet run, and a hostile file among the bundles is refused without stopping the others.

#include "diagnosetest.h"

#include "bundle/supportbundle.h"
#include "util/shellquote.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <functional>

using gs::test::DiagnoseTest;
using gs::test::Diagnosis;

namespace {

class BundleTest : public DiagnoseTest
{
protected:
    // Runs `gatescope-cli bundle script` as `role` on the lab through the system ssh (the script
    // on stdin, in a fresh directory) and brings the bundle back into `into`; empty on failure.
    QString collect(const QString &role, const QString &into)
    {
        QStringList args{QStringLiteral("bundle"), QStringLiteral("script")};
        if (m_redact)
            args << QStringLiteral("--redact");
        const Command script = run(QStringLiteral(GS_CLI_PATH), args);
        EXPECT_EQ(script.exitCode, 0) << script.err.toStdString();
        const Command collected
                = ssh(role,
                      // The lab's nginx runs with its own -c: named, as support would tell a
                      // customer whose nginx is down, the way --nginx-conf names it live.
                      // Redacting, the map must lie beside the bundle, never in it.
                      QStringLiteral("d=$(mktemp -d) && cd \"$d\" && a=$(GS_NGINX_CONF=%1 sh -s) "
                                     "&& %2 base64 -w0 \"$a\"; rc=$?; rm -rf \"$d\"; exit $rc")
                              .arg(gs::shellQuote(lab().nginxConf()),
                                   m_redact ? QStringLiteral("test -s \"${a%.tar.gz}.map.txt\" &&")
                                            : QString()),
                      {},
                      {},
                      script.out.toUtf8());
        EXPECT_EQ(collected.exitCode, 0) << collected.err.toStdString();
        if (collected.exitCode != 0)
            return {};
        const QString path
                = QDir(into).filePath(QStringLiteral("%1--gatescope-bundle.tar.gz").arg(role));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QByteArray::fromBase64(collected.out.trimmed().toLatin1()));
        return path;
    }

    // The window that starts when this test did, counted back from the bundle's own clock (its
    // window ends when it was collected, not now): nothing an earlier test logged falls inside.
    qint64 windowOf(const QString &bundlePath) const
    {
        const auto bundle = gs::bundle::SupportBundle::open(bundlePath);
        const gs::checks::CommandOutput *clock
                = bundle ? bundle->output(QStringLiteral("clock")) : nullptr;
        const qint64 collected = clock ? clock->out.split('\n').value(1).trimmed().toLongLong() : 0;
        return collected > 0 ? collected - m_started + 1 : windowSeconds();
    }

    Diagnosis diagnoseBundles(const QStringList &paths)
    {
        QStringList args{QStringLiteral("diagnose"), QStringLiteral("--bundle")};
        args << paths;
        args << QStringLiteral("--json") << QStringLiteral("--since")
             << QStringLiteral("%1s").arg(windowOf(paths.first())) << QStringLiteral("--nginx-conf")
             << lab().nginxConf();
        return diagnosisOf(run(QStringLiteral(GS_CLI_PATH), args));
    }

    // Live as `role`, then a bundle collected as `role`: the same findings, order and exit.
    // `provoke` makes the breakage show (load on a pool) before either diagnosis looks, so that
    // neither sees what the other's own probes set off.
    void expectBundleAgreesWithLive(const QString &role,
                                    const QString &breakage,
                                    const std::function<void()> &provoke = {})
    {
        if (!lab().hasUser(role))
            GTEST_SKIP() << "this lab has no " << role.toStdString() << " login";
        if (!breakage.isEmpty()) {
            ASSERT_TRUE(breakLab(breakage));
        }
        if (provoke)
            provoke();
        const Diagnosis live = diagnose({targetFor(role)}, role);
        QTemporaryDir dir;
        const QString bundle = collect(role, dir.path());
        ASSERT_FALSE(bundle.isEmpty());
        m_fromBundle = diagnoseBundles({bundle});
        const Diagnosis &fromBundle = m_fromBundle;
        ASSERT_FALSE(fromBundle.json.isEmpty()) << fromBundle.stderrText.toStdString();
        EXPECT_EQ(fromBundle.findingIds(), live.findingIds())
                << breakage.toStdString() << " as " << role.toStdString();
        EXPECT_EQ(fromBundle.exitCode, live.exitCode)
                << breakage.toStdString() << " as " << role.toStdString();
        // Check by check: the same verdicts (a probe the collector missed would show here).
        // Not the error log's: the live run's own site probe logs a 502 that the bundle,
        // collected a moment later, rightly reads.
        const auto statuses = [](const Diagnosis &diagnosis) {
            QStringList list;
            for (const auto &value : diagnosis.target().value(QStringLiteral("checks")).toArray()) {
                const QJsonObject check = value.toObject();
                const QString id = check.value(QStringLiteral("id")).toString();
                if (id != QLatin1String("nginx.error_log"))
                    list << id + QLatin1Char('=')
                                    + check.value(QStringLiteral("status")).toString();
            }
            return list.join(QLatin1Char(' ')).toStdString();
        };
        EXPECT_EQ(statuses(fromBundle), statuses(live))
                << breakage.toStdString() << " as " << role.toStdString();
        const QJsonObject coverage
                = fromBundle.target().value(QStringLiteral("coverage")).toObject();
        EXPECT_EQ(coverage.value(QStringLiteral("complete")).toBool(),
                  live.target()
                          .value(QStringLiteral("coverage"))
                          .toObject()
                          .value(QStringLiteral("complete"))
                          .toBool())
                << QJsonDocument(coverage).toJson(QJsonDocument::Compact).toStdString();
        EXPECT_EQ(fromBundle.target()
                          .value(QStringLiteral("bundle"))[QStringLiteral("as_root")]
                          .toBool(),
                  role == QLatin1String("root"));
        EXPECT_EQ(fromBundle.target()
                          .value(QStringLiteral("bundle"))[QStringLiteral("redacted")]
                          .toBool(),
                  m_redact);
        if (m_redact)
            expectNoLabName(bundle);
    }

    // The lab's own names (its sites, upstream group, pool and app service) are nowhere in a
    // redacted bundle; its tokens are.
    static void expectNoLabName(const QString &path)
    {
        const auto bundle = gs::bundle::SupportBundle::open(path);
        ASSERT_TRUE(bundle) << bundle.error().text().toStdString();
        QByteArray all;
        for (const QString &key : bundle->keys()) {
            const gs::checks::CommandOutput *output = bundle->output(key);
            all += key.toUtf8() + '\n' + output->out + output->err;
        }
        for (const char *name : {"gslab.test", "gslab_app_backend", "[gslab]", "pool gslab"})
            EXPECT_FALSE(all.contains(name)) << name;
        // Which token a name gets depends on where it is met first; that it is a token does not.
        EXPECT_TRUE(all.contains("upstream upstream-1"));
        static const QRegularExpression pool(
                QStringLiteral("\\n\\[(pool|site|service|upstream|user)-[0-9]+\\]\\n"));
        EXPECT_TRUE(pool.match(QString::fromUtf8(all)).hasMatch()) << "the pool's section";
    }

    bool m_redact = false;  // collect with `bundle script --redact`
    Diagnosis m_fromBundle; // the last expectBundleAgreesWithLive's
};

} // namespace

TEST_F(BundleTest, Healthy_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), {});
}

TEST_F(BundleTest, AppDown_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("app_down"));
}

TEST_F(BundleTest, FpmSocketMissing_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("fpm_socket_missing"));
}

TEST_F(BundleTest, FpmSocketPermissions_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("fpm_socket_perms"));
}

TEST_F(BundleTest, FpmSaturated_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("fpm_saturated"), [this] {
        // Wait for this saturation's own warning, not one an earlier test left in the log.
        const qint64 offset = fileSize(lab().fpmErrorLog());
        QStringList urls;
        for (int i = 0; i < 6; ++i)
            urls << lab().phpSlowUrl();
        httpGetConcurrently(urls);
        waitForText(lab().fpmErrorLog(), offset, QStringLiteral("max_children"));
    });
}

TEST_F(BundleTest, NginxConfigInvalid_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("nginx_config_invalid"));
}

TEST_F(BundleTest, NginxDown_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("nginx_down"));
}

// Redacted on the server, the bundle still gives the live findings: the tokens join nginx's
// upstreams and fastcgi_pass to the pools and services as the names did.
TEST_F(BundleTest, Redacted_AppDown_BundleAgreesWithLive)
{
    m_redact = true;
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("app_down"));
}

TEST_F(BundleTest, Redacted_FpmSocketPermissions_BundleAgreesWithLive)
{
    m_redact = true;
    expectBundleAgreesWithLive(QStringLiteral("root"), QStringLiteral("fpm_socket_perms"));
}

TEST_F(BundleTest, Redacted_WithoutSudo_AppDown_BundleAgreesWithLive)
{
    m_redact = true;
    expectBundleAgreesWithLive(QStringLiteral("nosudo"), QStringLiteral("app_down"));
}

TEST_F(BundleTest, WithoutSudo_AppDown_BundleAgreesWithLive)
{
    expectBundleAgreesWithLive(QStringLiteral("nosudo"), QStringLiteral("app_down"));
}

TEST_F(BundleTest, WithoutSudo_Healthy_IsNotCalledHealthy)
{
    expectBundleAgreesWithLive(QStringLiteral("nosudo"), {});
    const QJsonObject coverage = m_fromBundle.target().value(QStringLiteral("coverage")).toObject();
    EXPECT_FALSE(coverage.value(QStringLiteral("complete")).toBool(true))
            << "a bundle collected without root cannot read the logs: not a clean bill of health";
    EXPECT_FALSE(coverage.value(QStringLiteral("missing")).toArray().isEmpty());
}

// A folder of bundles is a fleet: one target each, and a hostile file among them is refused
// (bad_bundle, exit 3) while the others are diagnosed.
TEST_F(BundleTest, FolderOfBundles_OneTargetEach_HostileOneRefused)
{
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    QTemporaryDir dir;
    ASSERT_FALSE(collect(QStringLiteral("key"), dir.path()).isEmpty());
    ASSERT_FALSE(collect(QStringLiteral("nosudo"), dir.path()).isEmpty());
    QFile hostile(dir.filePath(QStringLiteral("evil--gatescope-bundle.tar.gz")));
    ASSERT_TRUE(hostile.open(QIODevice::WriteOnly));
    hostile.write("\x1f\x8b\x08\x00 not really gzip");
    hostile.close();

    const Diagnosis fleet = diagnoseBundles({dir.path()});
    EXPECT_EQ(fleet.exitCode, 3);
    const QJsonArray targets = fleet.json.value(QStringLiteral("targets")).toArray();
    ASSERT_EQ(targets.size(), 3) << fleet.stderrText.toStdString();
    int refused = 0;
    for (const auto &value : targets) {
        const QJsonObject target = value.toObject();
        if (target.value(QStringLiteral("status")).toString() == QLatin1String("error")) {
            ++refused;
            EXPECT_EQ(target[QStringLiteral("error")][QStringLiteral("code")].toString(),
                      QStringLiteral("bad_bundle"));
            continue;
        }
        QStringList ids;
        for (const auto &finding : target.value(QStringLiteral("findings")).toArray())
            ids << finding.toObject().value(QStringLiteral("id")).toString();
        EXPECT_TRUE(ids.contains(QStringLiteral("upstream.connection_refused")))
                << ids.join(QLatin1Char(' ')).toStdString();
    }
    EXPECT_EQ(refused, 1);
}

// The playbook, run by the real ansible-playbook over two inventory hosts (both the lab's sshd,
// strict host keys, become through passwordless sudo), fetches one bundle per host, and one
// `diagnose --bundle DIR` gives the fleet.
TEST_F(BundleTest, AnsiblePlaybook_TwoHosts_OneFleetRun)
{
    if (QStandardPaths::findExecutable(QStringLiteral("ansible-playbook")).isEmpty())
        GTEST_SKIP() << "ansible-playbook is not installed (package ansible-core)";
    if (!lab().hasUser(QStringLiteral("sudo_nopasswd")))
        GTEST_SKIP() << "this lab has no passwordless sudo login";
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    QTemporaryDir dir;
    const Command playbook = run(
            QStringLiteral(GS_CLI_PATH),
            {QStringLiteral("bundle"), QStringLiteral("playbook"), QStringLiteral("--become")});
    ASSERT_EQ(playbook.exitCode, 0);
    QFile playbookFile(dir.filePath(QStringLiteral("gatescope-bundles.yml")));
    ASSERT_TRUE(playbookFile.open(QIODevice::WriteOnly));
    playbookFile.write(playbook.out.toUtf8());
    playbookFile.close();

    const auto user = lab().user(QStringLiteral("sudo_nopasswd"));
    QString inventory = QStringLiteral("[web]\n");
    for (const char *name : {"lab-a", "lab-b"}) {
        inventory += QStringLiteral("%1 ansible_host=%2 ansible_port=%3 ansible_user=%4 "
                                    "ansible_ssh_private_key_file=%5\n")
                             .arg(QString::fromLatin1(name), lab().sshHost())
                             .arg(lab().sshPort())
                             .arg(user.name, user.key);
    }
    inventory += QStringLiteral("\n[all:vars]\nansible_ssh_common_args='-F /dev/null -o "
                                "UserKnownHostsFile=%1 -o StrictHostKeyChecking=yes'\n"
                                "ansible_python_interpreter=/usr/bin/python3\n")
                         .arg(lab().knownHostsPath());
    QFile inventoryFile(dir.filePath(QStringLiteral("inventory.ini")));
    ASSERT_TRUE(inventoryFile.open(QIODevice::WriteOnly));
    inventoryFile.write(inventory.toUtf8());
    inventoryFile.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ANSIBLE_HOME"), dir.filePath(QStringLiteral(".ansible")));
    env.insert(QStringLiteral("ANSIBLE_NOCOLOR"), QStringLiteral("1"));
    env.insert(QStringLiteral("PWD"), dir.path());
    const Command ansible = run(QStringLiteral("sh"),
                                {QStringLiteral("-c"),
                                 QStringLiteral("cd \"$1\" && ansible-playbook -i inventory.ini "
                                                "gatescope-bundles.yml"),
                                 QStringLiteral("sh"),
                                 dir.path()},
                                {},
                                env);
    ASSERT_EQ(ansible.exitCode, 0)
            << ansible.out.right(3000).toStdString() << ansible.err.right(2000).toStdString();

    const QString bundles = dir.filePath(QStringLiteral("gatescope-bundles"));
    EXPECT_EQ(QDir(bundles).entryList(QDir::Files).size(), 2);
    const Diagnosis fleet = diagnoseBundles({bundles});
    EXPECT_EQ(fleet.exitCode, 2) << fleet.stderrText.toStdString();
    const QJsonArray targets = fleet.json.value(QStringLiteral("targets")).toArray();
    ASSERT_EQ(targets.size(), 2);
    for (int i = 0; i < 2; ++i) {
        EXPECT_TRUE(fleet.findingIds(i).contains(QStringLiteral("upstream.connection_refused")))
                << fleet.findingIds(i).join(QLatin1Char(' ')).toStdString();
        EXPECT_TRUE(fleet.target(i)[QStringLiteral("bundle")][QStringLiteral("as_root")].toBool())
                << "become: the collector ran as root";
    }
}

// errors --bundle: the 502s a customer's users got are counted from the access log the bundle
// carries, in the log_format the bundle's configuration gives it.
TEST_F(BundleTest, ErrorsFromBundle_CountsTheFailedRequests)
{
    if (!lab().hasUser(QStringLiteral("root")))
        GTEST_SKIP() << "this lab has no root login";
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    constexpr int kRequests = 5;
    for (int i = 0; i < kRequests; ++i)
        EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("502"));
    QTemporaryDir dir;
    const QString bundle = collect(QStringLiteral("root"), dir.path());
    ASSERT_FALSE(bundle.isEmpty());
    const Command errors = run(QStringLiteral(GS_CLI_PATH),
                               {QStringLiteral("errors"),
                                QStringLiteral("--bundle"),
                                bundle,
                                // The app's log: another may be bigger after earlier tests.
                                QStringLiteral("--log"),
                                lab().nginxAccessLog(),
                                QStringLiteral("--since"),
                                QStringLiteral("%1s").arg(windowOf(bundle)),
                                QStringLiteral("--json")});
    ASSERT_EQ(errors.exitCode, 0) << errors.err.toStdString();
    const QJsonObject json = QJsonDocument::fromJson(errors.out.toUtf8()).object();
    const QJsonObject totals = json.value(QStringLiteral("totals")).toObject();
    // The collector's own site probes add requests of their own (502 for the app's site).
    EXPECT_GE(totals[QStringLiteral("status")][QStringLiteral("502")].toInt(), kRequests)
            << errors.out.left(2000).toStdString();
    // At most the first line, cut where the collector's tail of the log began.
    EXPECT_LE(json.value(QStringLiteral("unparsed")).toInt(), 1)
            << "the bundle's log_format, not combined, was used";
    EXPECT_FALSE(json.value(QStringLiteral("bundle"))[QStringLiteral("collected_utc")]
                         .toString()
                         .isEmpty());

    const Command damaged = run(QStringLiteral(GS_CLI_PATH),
                                {QStringLiteral("errors"),
                                 QStringLiteral("--bundle"),
                                 dir.filePath(QStringLiteral("missing.tar.gz"))});
    EXPECT_EQ(damaged.exitCode, 3);
}
