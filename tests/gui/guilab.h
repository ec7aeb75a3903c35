#pragma once

// The practice lab for GUI tests: reads GS_LAB_DIR/lab.json (the lab the ctest fixture started,
// or one started by hand) and builds inventory servers pointing at its sshd.

#include "connection/secretdialog.h"
#include "inventory/server.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QWidget>

namespace gs::test {

// The first visible child of `window` of type T (a dialog the app opened), or null.
template<typename T>
T *visibleChild(QWidget *window)
{
    for (T *widget : window->findChildren<T *>()) {
        if (widget->isVisible())
            return widget;
    }
    return nullptr;
}

// The first visible child of type T that `matches` accepts. Tests tell one dialog from the next
// by what it shows, never by its address: a new dialog may reuse a deleted one's.
template<typename T, typename Predicate>
T *visibleChildWhere(QWidget *window, Predicate matches)
{
    for (T *widget : window->findChildren<T *>()) {
        if (widget->isVisible() && matches(widget))
            return widget;
    }
    return nullptr;
}

// sudo's own password dialog (titled for the administrator password), or null.
inline gs::gui::SecretDialog *visibleSudoDialog(QWidget *window)
{
    return visibleChildWhere<gs::gui::SecretDialog>(window, [](gs::gui::SecretDialog *dialog) {
        return dialog->windowTitle().contains(QLatin1String("Administrator"));
    });
}

// What a URL answers now: curl's status code ("502"), empty when nothing answered. Never through
// a proxy from the environment: the lab is on loopback.
inline QString httpStatus(const QString &url)
{
    QProcess curl;
    curl.start(QStringLiteral("curl"),
               {QStringLiteral("-s"),
                QStringLiteral("--noproxy"),
                QStringLiteral("*"),
                QStringLiteral("-o"),
                QStringLiteral("/dev/null"),
                QStringLiteral("-w"),
                QStringLiteral("%{http_code}"),
                url});
    curl.waitForFinished(60000);
    return QString::fromUtf8(curl.readAllStandardOutput()).trimmed();
}

struct GuiLab
{
    QJsonObject json;
    QString dir;

    bool isUp() const { return !json.isEmpty(); }
    bool hasUser(const QString &role) const
    {
        return json.value(QStringLiteral("users")).toObject().contains(role);
    }

    static GuiLab load()
    {
        GuiLab lab;
        lab.dir = qEnvironmentVariable("GS_LAB_DIR", QStringLiteral(GS_LAB_DIR));
        QFile file(lab.dir + QStringLiteral("/lab.json"));
        if (file.open(QIODevice::ReadOnly))
            lab.json = QJsonDocument::fromJson(file.readAll()).object();
        return lab;
    }

    // A server logging in as the lab's passwordless-sudo user (or another role of lab.json's
    // "users" that logs in by key) with its key.
    inventory::Server server(const QString &name,
                             const QString &knownHosts,
                             const QString &role = QStringLiteral("sudo_nopasswd")) const
    {
        const QJsonObject ssh = json.value(QStringLiteral("ssh")).toObject();
        const QJsonObject user
                = json.value(QStringLiteral("users")).toObject().value(role).toObject();
        inventory::Server s;
        s.name = name;
        s.address = ssh.value(QStringLiteral("host")).toString(QStringLiteral("127.0.0.1"));
        s.port = ssh.value(QStringLiteral("port")).toInt();
        s.user = user.value(QStringLiteral("name")).toString();
        s.identityFile = user.value(QStringLiteral("key")).toString();
        s.knownHostsFile = knownHosts.isEmpty()
                                   ? ssh.value(QStringLiteral("known_hosts")).toString()
                                   : knownHosts;
        // Other nginx instances may run on a developer's machine: diagnose the lab's.
        s.nginxConfig = json.value(QStringLiteral("nginx"))
                                .toObject()
                                .value(QStringLiteral("conf"))
                                .toString();
        return s;
    }

    QString fingerprint() const
    {
        return json.value(QStringLiteral("ssh"))
                .toObject()
                .value(QStringLiteral("host_key_fingerprint"))
                .toString();
    }

    // Runs tests/lab/gslab COMMAND --dir DIR ARGS...; true on exit code 0.
    // GS_LAB_NSENTER_PID: the lab was started in its own PID namespace (so that its sshd sees
    // only its own nginx when several labs share a machine); gslab then runs inside it too.
    bool gslab(const QString &command, const QStringList &args = {}) const
    {
        // An absolute path from the build: __FILE__ can be relative to the build directory
        // (ccache's base_dir rewrites it), and the test runs from another one.
        const QString script = QStringLiteral(GS_LAB_SCRIPT);
        QStringList arguments = QStringList{command, QStringLiteral("--dir"), dir} + args;
        QString program = script;
        if (const QString pid = qEnvironmentVariable("GS_LAB_NSENTER_PID"); !pid.isEmpty()) {
            arguments = QStringList{QStringLiteral("-t"),
                                    pid,
                                    QStringLiteral("-p"),
                                    QStringLiteral("-m"),
                                    QStringLiteral("--"),
                                    script}
                        + arguments;
            program = QStringLiteral("nsenter");
        }
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        const bool ok = process.waitForFinished(120000)
                        && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
        if (!ok)
            qWarning("gslab %s failed: %s", qPrintable(command), process.readAll().constData());
        return ok;
    }
};

} // namespace gs::test
