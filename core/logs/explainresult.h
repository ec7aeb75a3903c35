#pragma once

#include "findings/finding.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::logs {

// What `gatescope-cli explain` and the app's "Explain a log file…" show: every line of some nginx
// error logs and PHP-FPM logs sorted into the finding catalog (spec/cli.md). Plain value type.
struct ExplainResult
{
    struct Cause
    {
        QString id; // a finding id of spec/findings.md
        findings::Finding::Severity severity = findings::Finding::Severity::Warning;
        QString title;
        qint64 count = 0; // log entries (an nginx entry may span several lines)
        // The log's own wall-clock time: nginx and PHP-FPM write local time without a zone, and a
        // log read offline does not say which zone, so these are naive times (Qt::UTC container).
        QDateTime firstSeen;
        QDateTime lastSeen;
        QStringList examples; // the first kMaxExamples entries, verbatim
        QStringList remedy;
    };

    static constexpr int kMaxExamples = 3;
    static constexpr int kMaxUnrecognisedExamples = 5;

    QStringList files;
    qint64 lines = 0;        // physical lines read
    qint64 harmless = 0;     // understood, but no cause of a 502/504 (notices, client errors)
    qint64 unrecognised = 0; // not understood
    QList<Cause> causes;     // worst severity first, then most frequent
    QStringList unrecognisedExamples;

    // The worst severity among the causes; empty when there is none.
    std::optional<findings::Finding::Severity> worstSeverity() const;
    // The JSON document of spec/cli.md: files, lines, unrecognised, causes, unrecognised_examples.
    QJsonObject toJson() const;
    // "2026-11-21T13:02:03" (no zone, see firstSeen); null when invalid.
    static QJsonValue timeJson(const QDateTime &time);
};

} // namespace gs::logs
