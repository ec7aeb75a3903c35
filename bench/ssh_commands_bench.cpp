// 20 short diagnostic commands on one lab host: Gatescope over one SSH session (concurrent
// channels) versus the OpenSSH client running `ssh host CMD` once per command, in the same run.
//
//   tests/lab/gslab start --dir /tmp/gs-bench-lab
//   build/release/bench/ssh_commands_bench /tmp/gs-bench-lab/lab.json

#include "remote/remotehost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <cstdio>

using namespace gs;

namespace {

const char *const kCommands[] = {
        "uname -sr",
        "cat /proc/loadavg",
        "cat /proc/meminfo",
        "df -P /",
        "id -u",
        "nproc",
        "uptime",
        "hostname",
        "cat /etc/os-release",
        "ls /etc",
        "ps -eo pid,comm",
        "cat /proc/sys/net/ipv4/ip_local_port_range",
        "date -u",
        "cat /proc/1/comm",
        "echo $PATH",
        "command -v sh",
        "ulimit -n",
        "cat /proc/sys/fs/file-nr",
        "ls /run",
        "echo done",
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: ssh_commands_bench LAB_DIR/lab.json\n");
        return 64;
    }
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    const QJsonObject lab = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject sshJson = lab.value(QStringLiteral("ssh")).toObject();
    const QJsonObject user
            = lab.value(QStringLiteral("users")).toObject().value(QStringLiteral("key")).toObject();
    ssh::ConnectOptions options;
    options.host = sshJson.value(QStringLiteral("host")).toString();
    options.port = sshJson.value(QStringLiteral("port")).toInt();
    options.user = user.value(QStringLiteral("name")).toString();
    options.identityFiles << user.value(QStringLiteral("key")).toString();
    options.identitiesOnly = true;
    options.useAgent = false;
    options.knownHostsFile = sshJson.value(QStringLiteral("known_hosts")).toString();

    QElapsedTimer timer;
    timer.start();
    {
        remote::RemoteHost host(options);
        if (auto opened = host.open().result(); !opened) {
            std::fprintf(stderr, "connect failed: %s\n", qPrintable(opened.error().text()));
            return 1;
        }
        std::vector<QFuture<Result<remote::CommandResult>>> futures;
        for (const char *command : kCommands)
            futures.push_back(host.start(QString::fromLatin1(command)));
        for (auto &future : futures) {
            if (!future.result().ok()) {
                std::fprintf(stderr, "a command failed\n");
                return 1;
            }
        }
    }
    const qint64 gatescopeMs = timer.elapsed();

    timer.restart();
    for (const char *command : kCommands) {
        QProcess ssh;
        ssh.start(QStringLiteral("ssh"),
                  {QStringLiteral("-p"),
                   QString::number(options.port),
                   QStringLiteral("-i"),
                   options.identityFiles.first(),
                   QStringLiteral("-o"),
                   QStringLiteral("IdentitiesOnly=yes"),
                   QStringLiteral("-o"),
                   QStringLiteral("BatchMode=yes"),
                   QStringLiteral("-o"),
                   QStringLiteral("UserKnownHostsFile=") + options.knownHostsFile,
                   QStringLiteral("-o"),
                   QStringLiteral("StrictHostKeyChecking=yes"),
                   options.user + QLatin1Char('@') + options.host,
                   QString::fromLatin1(command)});
        ssh.waitForFinished(30000);
        if (ssh.exitCode() != 0) {
            std::fprintf(
                    stderr, "ssh %s failed: %s\n", command, ssh.readAllStandardError().constData());
            return 1;
        }
    }
    const qint64 opensshMs = timer.elapsed();
    std::printf("20 commands, one host (%s)\n", qPrintable(options.displayName()));
    std::printf("  gatescope, one session, concurrent channels: %lld ms (including connect)\n",
                static_cast<long long>(gatescopeMs));
    std::printf("  openssh, one `ssh host CMD` per command:     %lld ms\n",
                static_cast<long long>(opensshMs));
    std::printf("  ratio gatescope/openssh: %.3f (aim: <= 0.200)\n",
                static_cast<double>(gatescopeMs)
                        / static_cast<double>(std::max<qint64>(1, opensshMs)));
    return 0;
}
