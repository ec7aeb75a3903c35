#pragma once

#include "findings/finding.h"
#include "findings/findingid.h"

#include <QAnyStringView>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::findings {

// Every finding of spec/findings.md in one entry each: public id, default severity, where it
// ranks, what it causes, and the plain-language texts a non-expert can act on (title,
// explanation, remedy steps with concrete directives and commands). Static, immutable data; safe
// from any thread.
class FindingCatalog
{
public:
    // Findings without a cause rank are told after the ranked ones (within a severity).
    static constexpr int kUnranked = 1000;

    struct Entry
    {
        FindingId id;
        QString name; // the public id, "upstream.connection_refused"
        Finding::Severity severity;
        // Cause before symptom: a stopped FPM shows up as missing sockets and refused
        // connections, so it ranks lower (told first). kUnranked when it explains nothing else.
        int rank;
        // A condition of the whole host or configuration (load, a warning of nginx -t): it
        // explains little on its own, so within a severity it follows the specific causes.
        bool context;
        // What a service that is still starting also shows (a socket not there yet): a current
        // one is looked at again before it is reported.
        bool startupRace;
        // A live connection to its upstream settles whether it still happens.
        bool settledByConnect;
        // What this cause produces: when both are found, the cause is told first and takes the
        // symptom's severity (the cause is what to fix).
        QList<FindingId> symptoms;
        QString title;
        QString explanation;
        QStringList remedy;
    };

    static const QList<Entry> &entries();
    static const Entry &entry(FindingId id);
    // The entry of a public id; nullptr for an id this version does not know.
    static const Entry *find(QAnyStringView name);
    static QStringList ids();

    // Whether `cause` produces `symptom`, directly or through others.
    static bool causes(FindingId cause, FindingId symptom);
    // The same for two public ids; false when either is unknown.
    static bool causes(const QString &cause, const QString &symptom);
    // The rank of a public id; kUnranked when it is unknown.
    static int rank(QStringView name);

    // A finding with the catalog's defaults and no evidence.
    static Finding make(FindingId id);
    // The same for a public id read from a file or a command line. An unknown id yields a warning
    // whose title is the id, so that it shows up instead of vanishing.
    static Finding make(const QString &name);
};

} // namespace gs::findings
