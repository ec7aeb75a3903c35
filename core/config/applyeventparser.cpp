#include "config/applyeventparser.h"

namespace gs::config {

ApplyEventParser::ApplyEventParser(const QString &nonce)
    : m_marker("@@GS" + nonce.toLatin1() + ' ')
{}

ApplyStep &ApplyEventParser::step(const QString &name)
{
    for (ApplyStep &existing : m_steps) {
        if (existing.name == name)
            return existing;
    }
    m_steps.append(ApplyStep{name, ApplyStep::Status::Running, {}, {}});
    return m_steps.last();
}

QList<ApplyStep> ApplyEventParser::feed(const QByteArray &chunk)
{
    m_pending += chunk;
    QList<ApplyStep> changed;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_pending.indexOf('\n', start);
        if (end < 0)
            break;
        changed += line(m_pending.mid(start, end - start));
        start = end + 1;
    }
    m_pending.remove(0, start);
    return changed;
}

QList<ApplyStep> ApplyEventParser::finish()
{
    if (m_pending.isEmpty())
        return {};
    const QByteArray rest = m_pending;
    m_pending.clear();
    return line(rest);
}

QList<ApplyStep> ApplyEventParser::line(const QByteArray &text)
{
    if (m_inOutput) {
        if (text == m_marker.trimmed() + " end") {
            m_inOutput = false;
            ApplyStep &target = step(m_outputName);
            target.output = m_outputLines.join(QLatin1Char('\n'));
            m_outputLines.clear();
            return {target};
        }
        m_outputLines << QString::fromUtf8(text);
        return {};
    }
    if (!text.startsWith(m_marker)) {
        if (!text.trimmed().isEmpty() && m_stray.size() < 4000)
            m_stray += QString::fromUtf8(text) + QLatin1Char('\n');
        return {};
    }
    const QString rest = QString::fromUtf8(text.mid(m_marker.size()));
    const QString kind = rest.section(QLatin1Char(' '), 0, 0);
    const QString args = rest.section(QLatin1Char(' '), 1);
    if (kind == QLatin1String("step")) {
        const auto status = ApplyStep::statusFromName(args.section(QLatin1Char(' '), 1, 1));
        // Not a word the scripts print: told as stray output rather than guessed at.
        if (!status) {
            if (m_stray.size() < 4000)
                m_stray += QString::fromUtf8(text) + QLatin1Char('\n');
            return {};
        }
        ApplyStep &target = step(args.section(QLatin1Char(' '), 0, 0));
        target.status = *status;
        target.detail = args.section(QLatin1Char(' '), 2);
        return {target};
    }
    if (kind == QLatin1String("out")) {
        m_inOutput = true;
        m_outputName = args.trimmed();
        return {};
    }
    if (kind == QLatin1String("info")) {
        m_info.insert(args.section(QLatin1Char(' '), 0, 0), args.section(QLatin1Char(' '), 1));
        return {};
    }
    if (kind == QLatin1String("result")) {
        m_outcome = args.trimmed();
        return {};
    }
    if (kind == QLatin1String("pause")) {
        m_pausedAfter = args.section(QLatin1Char(' '), 0, 0);
        m_pausedSshdPid = args.section(QLatin1Char(' '), 1, 1);
        return {};
    }
    return {};
}

} // namespace gs::config
