#include "ssh/firstcommand.h"

#include "util/shellquote.h"

#include <QRandomGenerator>

namespace gs::ssh {

FirstCommand::FirstCommand(QString command)
    : m_command(std::move(command))
    // Random: what the command prints cannot end its own output early.
    , m_marker("[gatescope-first-"
               + QByteArray::number(QRandomGenerator::system()->generate64(), 36) + "]")
{}

QString FirstCommand::wrap(const QString &probe) const
{
    if (m_command.isEmpty())
        return probe;
    const QString marker = gs::shellQuote(QString::fromLatin1(m_marker));
    // The command runs in the background while the probe does (sudo takes a moment). Its
    // stdout goes straight out (fd 3); stderr is held in a variable and printed after the
    // status, so the three cannot mix; the "." keeps stderr's last newlines from $(...). The
    // probe's output is held too and comes last, after `wait`.
    return QStringLiteral("{ printf '\\n%s\\n' %2\n"
                          "{ gs_fe=$(sh -c %3 2>&1 1>&3 3>&- </dev/null; gs_fr=$?; printf .; "
                          "exit $gs_fr); gs_fr=$?; } 3>&1\n"
                          "printf '\\n%s %s\\n' %2 \"$gs_fr\"\n"
                          "printf '%s' \"${gs_fe%.}\"; } &\n"
                          "gs_p=$(%1)\n"
                          "wait\n"
                          "printf '\\n%s probe\\n%s\\n' %2 \"$gs_p\"\n")
            .arg(probe, marker, gs::shellQuote(m_command));
}

QByteArray FirstCommand::split(const QByteArray &output)
{
    m_answer.reset();
    const QByteArray probeMarker = QByteArray("\n") + m_marker + " probe\n";
    const qsizetype probeAt = output.lastIndexOf(probeMarker);
    if (m_command.isEmpty() || probeAt < 0)
        return output; // no first command, or the shell died before the probe was printed
    const QByteArray probe = output.mid(probeAt + probeMarker.size());
    const QByteArray start = QByteArray("\n") + m_marker + '\n';
    const qsizetype at = output.indexOf(start);
    const qsizetype body = at + start.size();
    const qsizetype end
            = at < 0 ? -1 : output.indexOf(QByteArray(QByteArray("\n") + m_marker + ' '), body);
    const qsizetype statusAt = end + m_marker.size() + 2;
    const qsizetype lineEnd = end < 0 ? -1 : output.indexOf('\n', statusAt);
    bool ok = false;
    const int status = lineEnd < 0 || lineEnd > probeAt
                               ? -1
                               : output.mid(statusAt, lineEnd - statusAt).toInt(&ok);
    if (!ok)
        return probe; // the command's answer is not whole
    ExecResult answer;
    answer.exitStatus = status;
    answer.stdOut = output.mid(body, end - body);
    answer.stdErr = output.mid(lineEnd + 1, probeAt - lineEnd - 1);
    answer.bytesReceived = answer.stdOut.size() + answer.stdErr.size();
    m_answer = std::move(answer);
    m_age.start();
    return probe;
}

std::optional<ExecResult> FirstCommand::take(const ExecRequest &request)
{
    std::optional<ExecResult> answer = std::move(m_answer);
    m_answer.reset();
    // Only the very command, as it would have run: without sudo, input or streaming, whole.
    if (!answer || request.command != m_command || request.privileged
        || !request.stdinData.isEmpty() || request.onStdout || m_age.hasExpired(kMaxAgeMs)
        || answer->stdOut.size() > request.maxOutputBytes
        || answer->stdErr.size() > request.maxOutputBytes)
        return std::nullopt;
    return answer;
}

} // namespace gs::ssh
