#pragma once

#include "config/applystep.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace gs::config {

// Reads the marker lines ApplyScript prints (live, chunk by chunk, or a whole journal). Pure.
class ApplyEventParser
{
public:
    explicit ApplyEventParser(const QString &nonce);

    // Takes the next bytes of output; returns the steps whose state changed, in order.
    QList<ApplyStep> feed(const QByteArray &chunk);
    // The last line when it came without a newline.
    QList<ApplyStep> finish();

    // One entry per step name, latest state, in the order the steps first appeared.
    const QList<ApplyStep> &steps() const { return m_steps; }
    // applied, unchanged, validation_failed, conflict, rolled_back, rollback_failed, error;
    // empty when the script never got that far.
    const QString &outcome() const { return m_outcome; }
    QString info(const QString &key) const { return m_info.value(key); }
    // Test hook: the step the script paused after and the pid of its sshd, when it did.
    const QString &pausedAfter() const { return m_pausedAfter; }
    const QString &pausedSshdPid() const { return m_pausedSshdPid; }
    // Lines outside the protocol (e.g. a shell's complaint), for error messages.
    const QString &stray() const { return m_stray; }

private:
    QList<ApplyStep> line(const QByteArray &text);
    ApplyStep &step(const QString &name);

    QByteArray m_marker;
    QByteArray m_pending;
    QList<ApplyStep> m_steps;
    QMap<QString, QString> m_info;
    QString m_outcome;
    QString m_pausedAfter;
    QString m_pausedSshdPid;
    QString m_stray;
    QString m_outputName; // inside an "out" block when not empty
    QStringList m_outputLines;
    bool m_inOutput = false;
};

} // namespace gs::config
