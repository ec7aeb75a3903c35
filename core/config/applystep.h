#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <optional>

namespace gs::config {

// One step of the safe-apply protocol as the server reported it. Names: prepare, lock,
// preflight, backup, candidate, validate, restore, reload, health, rollback, rollback.restore,
// rollback.validate, rollback.reload, rollback.health, local-backup, reconnect (and the snapshot
// scripts' own: upload, local-copy, ...).
struct ApplyStep
{
    // What the scripts print after "step NAME" (core/scripts): the whole vocabulary, so a status
    // a front end does not know cannot exist.
    enum class Status {
        Running,
        Waiting, // the health check waits for the service to settle
        Ok,
        Warning, // done, with something to read (a snapshot that left a file out)
        Failed,
        Skipped,
    };

    QString name;
    Status status = Status::Running;
    QString detail;
    QString output; // what the step's command printed (validator, reload, health report)

    bool failed() const { return status == Status::Failed; }
    // {"name","status","detail"} plus "output" when there is some.
    QJsonObject toJson() const;

    // "running", "waiting", "ok", "warning", "failed", "skipped": the JSON and script words.
    static QString statusName(Status status);
    static std::optional<Status> statusFromName(QStringView name);
};

} // namespace gs::config
