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
    // Why a Skip did not run: a gap in what the diagnosis could see (no sudo, a tool missing, a
    // file unreadable, a command timed out), or nothing there to check (no PHP-FPM, no
    // FastCGI). Only gaps make a diagnosis's coverage incomplete.
    enum class Skip { Gap, NotApplicable };

    QString id;    // "nginx.config_test"
    QString title; // "nginx -t"
    CheckStatus status = CheckStatus::Skip;
    QString summary;
    qint64 durationMs = 0;
    Skip skip = Skip::Gap; // read only when status is Skip

    bool isGap() const { return status == CheckStatus::Skip && skip == Skip::Gap; }

    QJsonObject toJson() const;
};

} // namespace gs::checks
