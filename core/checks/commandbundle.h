#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace gs::checks {

// Several read-only commands run as one remote command: they still run at once, each in its own
// `sh -c` with its own time limit, but over one channel and, when privileged, through one sudo.
// sudo is the dearest part of a small command on the server (a PAM session and a log line each),
// so a diagnosis runs a few sudos instead of a dozen. Pure: builds the script and reads its output.
class CommandBundle
{
public:
    struct Part
    {
        QString command;
        int timeoutSeconds = 20;
    };

    struct PartResult
    {
        bool ran = false; // false: the part left no exit status (killed with the whole bundle)
        int exitStatus = -1;
        QByteArray out;
        QByteArray err;
        bool timedOut = false; // `timeout` stopped it at its limit
    };

    // The script: every part started in the background with its output in a private temporary
    // directory, then, once all are done, their sizes (one `wc -c`) and contents (one `cat`).
    // `yield`: the parts run at a lower CPU priority (nice 10), so that a bundle sent at the
    // same time and waited for first gets the server's cores first.
    static QString script(const QList<Part> &parts, bool yield = false);
    // The command line to send. Without sudo (which runs it with `sh -c` itself) the login
    // shell, bash or another, execs sh first: the script is POSIX sh, and sh forks cheaper.
    static QString command(const QList<Part> &parts, bool privileged, bool yield = false);

    // The parts' results in order; nullopt when `output` is not a whole bundle's output (the
    // bundle could not make its directory, or its output was cut).
    static std::optional<QList<PartResult>> parse(const QByteArray &output, qsizetype partCount);

    // How long the whole bundle may take: its slowest part plus `timeout -k`'s grace.
    static int timeoutMs(const QList<Part> &parts);
};

} // namespace gs::checks
