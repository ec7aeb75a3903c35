#pragma once

#include "audit/auditlog.h"
#include "checks/diagnosisreport.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace gs::report {

// Which server a report is about, as the user knows it.
struct ReportTarget
{
    QString name;    // inventory name ("shop-prod")
    QString address; // host name or IP address
    int port = 22;
    QString user;

    // The server as both front ends name it in a report: the login configured, else the one
    // the diagnosis found itself logged in as.
    static ReportTarget of(const QString &name,
                           const QString &address,
                           int port,
                           const QString &user,
                           const QString &loggedInAs);
};

// What Gatescope itself did on the server (its audit log), for a report that should show it.
struct ReportActivity
{
    QList<audit::AuditEntry> entries; // already chosen for this server and range, oldest first
    QDateTime since;                  // the range the entries were chosen from (UTC); invalid:
    QDateTime until;                  // open on that side
};

struct ReportOptions
{
    // Mask the values that identify the customer (host, site, service, pool and user names,
    // IP addresses) in every field, one token per value (ReportRedactor).
    bool redact = false;
    QDateTime diagnosedAt; // when the diagnosis ended (UTC); invalid: left out
    QString appVersion;    // in the footer (thisVersion() for this build); empty: left out
    // "Gatescope 0.1.0": this build, as both front ends sign their reports.
    static QString thisVersion();
    // Set: an "Actions and changes made by Gatescope" section (also when it has no entries, so
    // the reader knows nothing was done); absent: no such section.
    std::optional<ReportActivity> activity;
};

// A diagnosis as a document for a ticket or a customer: Markdown, self-contained HTML (inline
// CSS, readable on screen and on paper) and plain text. Findings come first, most likely cause
// first, then the checklist and what the server runs, then (when asked) what Gatescope did there.
// Redaction covers every part, the activity included. Pure: no I/O, no widgets.
class ReportWriter
{
public:
    ReportWriter(const checks::DiagnosisReport &report,
                 const ReportTarget &target,
                 const ReportOptions &options = {});

    QString markdown() const;
    QString html() const;
    QString plainText() const;
    // By a file name's suffix: .html/.htm, .md/.markdown, anything else plain text.
    QString document(const QString &fileName) const;

    // "Diagnosis of shop-prod" (redacted when asked).
    QString title() const;

private:
    QString targetLine() const;
    QString systemLine() const;
    QString resultLine() const;
    QString seenText(const findings::Finding &finding) const;
    QString activityRange() const;
    QStringList activityText() const;
    QStringList activityMarkdown() const;
    QString activityHtml() const;

    checks::DiagnosisReport m_report; // redacted copy when redact is on
    ReportTarget m_target;
    ReportOptions m_options; // its activity redacted too when redact is on
};

} // namespace gs::report
