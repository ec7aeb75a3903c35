#pragma once

#include "findings/finding.h"

#include <QAnyStringView>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::findings {

// Every finding id of spec/findings.md with its default severity and the plain-language texts a
// non-expert can act on: title, explanation and remedy steps (concrete directives and commands).
// Static, immutable data; safe from any thread.
class FindingCatalog
{
public:
    struct Entry
    {
        QString id;
        Finding::Severity severity;
        QString title;
        QString explanation;
        QStringList remedy;
    };

    // A cause and a symptom it produces: when both are found, the cause is told first and the
    // symptom's severity is the cause's too (the cause is what to fix).
    struct Link
    {
        QString cause;
        QString symptom;
    };

    static const QList<Entry> &entries();
    static const QList<Link> &links();
    // Whether `cause` produces `symptom`, directly or through others.
    static bool causes(const QString &cause, const QString &symptom);
    static const Entry *find(QAnyStringView id);
    static QStringList ids();

    // A finding with the catalog's defaults and no evidence. An unknown id yields a warning whose
    // title is the id, so that a typo shows up instead of vanishing.
    static Finding make(const QString &id);
};

} // namespace gs::findings
