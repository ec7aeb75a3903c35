#pragma once

#include "labenv.h"
#include "ssh/connectoptions.h"

#include <QByteArray>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <gtest/gtest.h>

#include <optional>

namespace gs::test {

// Base fixture for tests against the practice lab: SetUp resets the lab to healthy and loads
// lab.json; a test that breaks the lab through breakLab() gets it reset again in TearDown.
// The helpers run real clients (curl, the system ssh) so a test sees what a user would.
//
//     class MyTest : public gs::test::LabTest {};
//     TEST_F(MyTest, Something) {
//         ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
//         EXPECT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("502"));
//     }
class LabTest : public ::testing::Test
{
public:
    // What a finished command gave.
    struct Command
    {
        int exitCode = -1; // -1: did not start, crashed or timed out
        QString out;
        QString err;
    };

    // An HTTP GET by curl: status is nginx's three digits, "000" when nothing answered.
    struct Http
    {
        int curlExit = -1; // 0 ok, 7 connection refused, 28 timeout (curl's exit codes)
        QString status;
    };

    static Command run(const QString &program,
                       const QStringList &args,
                       const QByteArray &stdinData = {},
                       const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    static Http httpGet(const QString &url);
    // All requests run at the same time; results in the order of urls.
    static QList<Http> httpGetConcurrently(const QStringList &urls);

    static qint64 fileSize(const QString &path);
    static QString readFrom(const QString &path, qint64 offset);
    // Polls (bounded) until the text appended to path after offset contains needle; returns
    // that text, which lacks needle if it never came. Logs are written asynchronously by FPM.
    static QString
    waitForText(const QString &path, qint64 offset, const QString &needle, int timeoutMs = 15000);

protected:
    void SetUp() override;
    void TearDown() override;

    const LabEnv &lab() const { return *m_lab; }

    // `gslab break NAME`; remembered so TearDown resets the lab.
    ::testing::AssertionResult breakLab(const QString &name);

    // The system ssh client as lab user `role` (see LabEnv::user), strict host key checking
    // against the lab's known_hosts, BatchMode unless a secret is given: then the secret
    // answers the password/passphrase prompt through SSH_ASKPASS. extraOptions ("-o", "K=V")
    // override the defaults.
    Command ssh(const QString &role,
                const QString &remoteCommand,
                const QStringList &extraOptions = {},
                const QString &askpassSecret = {},
                const QByteArray &stdinData = {}) const;

    // Gatescope's own client as lab user `role` by its key: strict host key checking against
    // the lab's known_hosts, no agent.
    ssh::ConnectOptions keyLogin(const QString &role) const;

    // The nginx master's arguments plus `-t`: what `nginx -t` for this lab is.
    Command nginxTest() const;

private:
    std::optional<LabEnv> m_lab;
    bool m_broke = false;
};

// A TCP port on 127.0.0.1 that nothing listened on when asked.
int freePort();

} // namespace gs::test
