#pragma once

#include "util/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <utility>

namespace gs::test {

// The practice lab as the integration tests see it: a reader of DIR/lab.json (schema in
// tests/lab/README.md) plus `gslab` calls to break, fix and reset it. ctest starts the lab once
// (fixture lab.start) with DIR = GS_LAB_DIR; the environment variables GS_LAB_DIR and
// GS_LAB_SCRIPT override the compiled-in paths when running the binary by hand.
//
//     auto lab = gs::test::LabEnv::load();
//     ASSERT_TRUE(lab.ok()) << lab.error().text().toStdString();
//     ASSERT_TRUE(LabEnv::breakage(QStringLiteral("app_down")).ok());
//     ... connect to lab->sshPort() as lab->user(QStringLiteral("key")).name ...
class LabEnv
{
public:
    // One lab user (lab.json "users"); fields a role does not have stay empty.
    struct User
    {
        QString name;
        QString key;        // private key file
        QString password;   // login and/or sudo password
        QString passphrase; // of `key`, for the passphrase_key role
        bool isValid() const { return !name.isEmpty(); }
    };

    // Result of a `gslab` run: exit code (77 = skipped) and its merged stdout and stderr.
    struct RunResult
    {
        int exitCode = -1;
        QString output;
        bool ok() const { return exitCode == 0; }
    };

    static QString labDir();
    static QString labScript();

    // Reads DIR/lab.json; an error when the lab is not running.
    static Result<LabEnv> load(const QString &dir = labDir());

    // `gslab ARGS... --dir DIR`, e.g. runLab({"status"}); waits up to timeoutMs.
    static RunResult runLab(const QStringList &args, int timeoutMs = 180000);
    static RunResult breakage(const QString &name); // gslab break NAME
    static RunResult fix(const QString &name);      // gslab fix NAME
    static RunResult reset();                       // gslab reset: everything healthy

    const QJsonObject &json() const { return m_json; }
    // A value by dotted path, e.g. value("nginx.sites.app.url"); undefined when absent.
    QJsonValue value(const QString &path) const;
    QString string(const QString &path) const { return value(path).toString(); }

    QString dir() const { return string(QStringLiteral("dir")); }
    QString layout() const { return string(QStringLiteral("layout")); }
    bool rootMode() const { return value(QStringLiteral("root_mode")).toBool(); }

    QString sshHost() const { return string(QStringLiteral("ssh.host")); }
    int sshPort() const { return value(QStringLiteral("ssh.port")).toInt(); }
    QString knownHostsPath() const { return string(QStringLiteral("ssh.known_hosts")); }
    QString hostKeyFingerprint() const
    {
        return string(QStringLiteral("ssh.host_key_fingerprint"));
    }
    QString hostKeyType() const { return string(QStringLiteral("ssh.host_key_type")); }

    // Roles: key, password, kbdint, sudo_password, sudo_nopasswd, nosudo, passphrase_key.
    // Without root only key and passphrase_key exist (both the invoking user).
    bool hasUser(const QString &role) const;
    User user(const QString &role) const;

    QString appUrl() const { return string(QStringLiteral("nginx.sites.app.url")); }
    QString appUpstream() const { return string(QStringLiteral("nginx.sites.app.upstream")); }
    QString groupUrl() const { return string(QStringLiteral("nginx.sites.group.url")); }
    QString phpUrl() const { return string(QStringLiteral("nginx.sites.php.url")); }
    QString phpSlowUrl() const { return string(QStringLiteral("nginx.sites.php.slow_url")); }
    QString staticUrl() const { return string(QStringLiteral("nginx.sites.static.url")); }

    QString nginxBinary() const { return string(QStringLiteral("nginx.binary")); }
    QStringList nginxArgs() const; // what the master was started with, e.g. -p, -c, -e
    QString nginxConf() const { return string(QStringLiteral("nginx.conf")); }
    QString nginxErrorLog() const { return string(QStringLiteral("nginx.error_log")); }
    QString nginxAccessLog() const { return string(QStringLiteral("nginx.access_log")); }
    QString nginxPidFile() const { return string(QStringLiteral("nginx.pid_file")); }
    QString workerUser() const { return string(QStringLiteral("nginx.worker_user")); }

    QString fpmConf() const { return string(QStringLiteral("phpfpm.conf")); }
    QString fpmErrorLog() const { return string(QStringLiteral("phpfpm.error_log")); }
    QString fpmSocket() const { return string(QStringLiteral("phpfpm.socket")); }
    QString fpmStatusUrl() const { return string(QStringLiteral("phpfpm.status_url")); }

    QStringList breakages() const; // as of load()

private:
    explicit LabEnv(QJsonObject json)
        : m_json(std::move(json))
    {}

    QJsonObject m_json;
};

} // namespace gs::test
