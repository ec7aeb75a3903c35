#pragma once

#include "ssh/execrequest.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QString>

#include <optional>

namespace gs::ssh {

// The caller's first command, run at login beside the sudo probe (ConnectOptions::firstCommand).
// Every command costs a round trip before its answer; the probe's is paid anyway, so a command
// that does not depend on the probe rides with it: a diagnosis starts one round trip sooner
// (bench/roundtrips.sh).
//
// The answer is given once, and only while it is still what running the command would say: to
// the first command the session is asked to run, when it is the same command, unprivileged, and
// asked within kMaxAgeMs of the login. Anything else asked first (a fix, a reload) drops it.
// Used on its session's thread only.
class FirstCommand
{
public:
    static constexpr int kMaxAgeMs = 10000;

    explicit FirstCommand(QString command = {});

    // The first command under `sh` beside the probe, its stdout, status and stderr and the
    // probe's output set apart by a random marker; the probe alone when there is no first
    // command.
    QString wrap(const QString &probe) const;
    // Splits what wrap()'s command printed: returns the probe's part and keeps the first
    // command's answer (none when the marker is missing: the command did not run whole).
    QByteArray split(const QByteArray &output);
    // The kept answer when `request` may take it; drops it either way.
    std::optional<ExecResult> take(const ExecRequest &request);
    void clear() { m_answer.reset(); }

private:
    QString m_command;
    QByteArray m_marker;
    std::optional<ExecResult> m_answer;
    QElapsedTimer m_age;
};

} // namespace gs::ssh
