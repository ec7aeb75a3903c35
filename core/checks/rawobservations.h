#pragma once

#include "checks/probeid.h"

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <utility>

namespace gs::checks {

// The user's error-rate threshold when none is set (percent of requests answered 5xx).
inline constexpr double kDefaultErrorRateThresholdPercent = 20;

// What one remote command gave, kept verbatim: checks are pure functions of these, so a whole
// diagnosis can be replayed from a saved set (golden tests, reports).
struct CommandOutput
{
    QString command; // as run (never holds a secret)
    bool ran = false;
    int exitStatus = -1;
    QByteArray out;
    QByteArray err;
    QString error; // why it did not run (timeout, connection lost, ...)
    bool privileged = false;

    bool ok() const { return ran && exitStatus == 0; }
    QJsonObject toJson() const;
    static CommandOutput fromJson(const QJsonObject &json);
};

// Every command output of one diagnosis, by its probe key's name ("facts", "nginx_T",
// "errorlog:/var/log/..."): the saved format, so a replay reads what a live run stored.
struct RawObservations
{
    QMap<QString, CommandOutput> outputs;
    qint64 serverNowEpoch = 0; // the server's clock, seconds since the epoch
    int utcOffsetSeconds = 0;  // the server's zone (nginx and FPM log local time)
    qint64 windowSeconds = 3600;
    // Above this share of 5xx answers in the window the error rate is critical (the user's
    // setting, --error-rate-threshold); kept with the observations so a replay judges alike.
    double errorRateThresholdPercent = kDefaultErrorRateThresholdPercent;
    bool privileged = false;
    QString privilegeDetail;
    QString nginxConfig; // the nginx (by its -c file) to diagnose when several run

    const CommandOutput *get(const QString &key) const;
    const CommandOutput *get(ProbeId id, const QString &subject = QString()) const
    {
        return get(ProbeKey{id, subject}.name());
    }
    void set(const ProbeKey &key, CommandOutput output)
    {
        outputs.insert(key.name(), std::move(output));
    }
    // The outputs of one kind of probe run once per subject, by subject, in key order.
    QList<std::pair<QString, const CommandOutput *>> each(ProbeId id) const;
    QJsonObject toJson() const;
    static RawObservations fromJson(const QJsonObject &json);
};

} // namespace gs::checks
