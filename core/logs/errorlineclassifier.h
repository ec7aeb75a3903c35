#pragma once

#include <QByteArrayView>
#include <QString>

namespace gs::logs {

// The classifier behind the error-log series (ErrorLogSeries): one line of an nginx error log,
// a PHP-FPM log or the journal (short-iso) -> an id, empty when the line is not worth counting.
// Ids are finding ids of spec/findings.md ("upstream.connection_refused",
// "phpfpm.max_children_reached", "system.oom_kill", ...) or timeline events:
//   nginx.reload  - "signal process started" / "reconfiguring" (nginx -s reload, SIGHUP)
//   fpm.restart   - "fpm is running, pid N" (a new FPM master: start or restart)
//   oom.kill      - "Killed process N (...)" from the kernel
// Pure and thread-safe.
class ErrorLineClassifier
{
public:
    static QString classify(QByteArrayView line);
    // True for the timeline event ids above.
    static bool isEvent(const QString &id);
    // A human label: "nginx reload", "PHP-FPM restart", "OOM kill"; the id itself for findings.
    static QString label(const QString &id);
};

} // namespace gs::logs
