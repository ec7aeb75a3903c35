#pragma once

#include "checks/diagnosisreport.h"

#include <QDateTime>
#include <QString>

namespace gs::report {

// Which server a report is about, as the user knows it.
struct ReportTarget
{
    QString name;    // inventory name ("shop-prod")
    QString address; // host name or IP address
    int port = 22;
    QString user;
};

struct ReportOptions
{
    // Mask host names, IP addresses and user names (host-1, ip-1, user-1) in every field.
    bool redact = false;
    QDateTime diagnosedAt; // when the diagnosis ended (UTC); invalid: left out
    QString appVersion;    // "Gatescope 0.1.0" in the footer; empty: left out
};

// A diagnosis as a document for a ticket or a customer: Markdown, self-contained HTML (inline
// CSS, readable on screen and on paper) and plain text. Findings come first, most likely cause
// first, then the checklist and what the server runs. Pure: no I/O, no widgets.
class ReportWriter
{
public:
    ReportWriter(const checks::DiagnosisReport &report,
                 const ReportTarget &target,
                 const ReportOptions &options = {});

    QString markdown() const;
    QString html() const;
    QString plainText() const;

    // "Diagnosis of shop-prod" (redacted when asked).
    QString title() const;

private:
    QString targetLine() const;
    QString systemLine() const;
    QString resultLine() const;
    QString seenText(const findings::Finding &finding) const;

    checks::DiagnosisReport m_report; // redacted copy when redact is on
    ReportTarget m_target;
    ReportOptions m_options;
};

} // namespace gs::report
