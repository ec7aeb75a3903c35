#pragma once

#include <QJsonObject>
#include <QString>

namespace gs::checks {

enum class CheckStatus { Pass, Warn, Fail, Skip, Error };

QString checkStatusName(CheckStatus status); // "pass", "warn", "fail", "skip", "error"

// One line of the checklist as spec/cli.md shows it: what was checked and what came of it.
// A check that could not run says so with Skip and the reason (tool missing, needs sudo) in
// summary; it never passes silently.
struct CheckResult
{
    QString id;    // "nginx.config_test"
    QString title; // "nginx -t"
    CheckStatus status = CheckStatus::Skip;
    QString summary;
    qint64 durationMs = 0;

    QJsonObject toJson() const;
};

} // namespace gs::checks
