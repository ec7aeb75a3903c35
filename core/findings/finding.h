#pragma once

#include "findings/configedit.h"
#include "findings/findingid.h"
#include "findings/rateseries.h"
#include "findings/servicefix.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::findings {

// One diagnosed cause with the evidence that shows it and the remedy that fixes it
// (spec/findings.md). `id` is a public contract. Plain value type; copy freely.
struct Finding
{
    enum class Severity { Info, Warning, Critical };
    // When it happens: now (or a live probe confirms it), on and off, or only before something
    // fixed it. Past findings are never critical and do not count in exit codes.
    enum class State { Current, Intermittent, Past };

    struct Evidence
    {
        QString source; // "/var/log/nginx/error.log", "nginx -t", "ss -ltnpx"
        QString text;   // verbatim
    };

    QString id;
    Severity severity = Severity::Warning;
    QString title;
    QString explanation;
    QList<Evidence> evidence;
    int count = 0;
    QDateTime firstSeen; // UTC, or invalid when the evidence carries no time
    QDateTime lastSeen;  // UTC, or invalid
    QString upstream;    // "127.0.0.1:3000", "unix:/run/php/php8.2-fpm.sock"; empty if none
    QString configFile;  // where the relevant directive is; empty if none
    int configLine = 0;
    QStringList remedy;
    State state = State::Current;
    QString resolvedBy; // for Past: what changed since its last line ("nginx reloaded at ...")
    // The change to the configuration that fixes it, when Gatescope can write it (a guided fix).
    std::optional<ConfigEdit> edit;
    // The service action that fixes it, when the check knows the service (start FPM, restart the
    // application's unit).
    std::optional<ServiceFix> serviceFix;
    // Requests and 5xx answers per time bucket, for a finding about the error rate.
    std::optional<RateSeries> series;

    // Whether this is that finding (its public id is the catalog's name of `kind`).
    bool is(FindingId kind) const;

    // Keeps at most this many evidence items; count keeps counting.
    static constexpr int kMaxEvidence = 20;

    // Records one more occurrence: count, first/last seen (invalid `when` is ignored) and the
    // evidence text while under kMaxEvidence.
    void addOccurrence(const QString &source, const QString &text, const QDateTime &when = {});

    // The finding object of `gatescope-cli diagnose --json` (spec/cli.md).
    QJsonObject toJson() const;
    static std::optional<Finding> fromJson(const QJsonObject &object);

    static QString severityName(Severity severity); // "critical", "warning", "info"
    static QString stateName(State state);          // "current", "intermittent", "past"
    static std::optional<State> stateFromName(QStringView name);
    static std::optional<Severity> severityFromName(QStringView name);
};

} // namespace gs::findings
