#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace gs::ssh {

// One command to run on the server, as a shell command line. Build it with
// gs::shellCommand() / shellQuote(); never paste unquoted user input into it.
struct ExecRequest
{
    QString command;
    QByteArray stdinData;                     // sent, then EOF; secrets go here, never into command
    int timeoutMs = -1;                       // -1: the session's default
    qint64 maxOutputBytes = 16 * 1024 * 1024; // per stream; the rest is drained and dropped
    bool privileged = false;                  // run through sudo when the login is not root
    // Streaming: when set, stdout is handed over in chunks as it arrives (called on the session's
    // thread) and not accumulated in the result.
    std::function<void(const QByteArray &chunk)> onStdout;
    QString label; // short description for progress and the audit trail (no secrets)
};

struct ExecResult
{
    int exitStatus = -1; // always a real status: a missing one is reported as an error instead
    QByteArray stdOut;
    QByteArray stdErr;
    bool stdOutTruncated = false;
    bool stdErrTruncated = false;
    qint64 bytesReceived = 0; // what crossed the network for this command
    qint64 durationMs = 0;

    bool succeeded() const { return exitStatus == 0; }
};

} // namespace gs::ssh
