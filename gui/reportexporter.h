#pragma once

#include "checks/diagnosisreport.h"
#include "inventory/server.h"
#include "report/reportwriter.h"
#include "util/result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <optional>

class QWidget;

namespace gs::gui {

// Saves one diagnosis as a report file: asks where with a non-modal file dialog, then writes
// HTML, Markdown or plain text (ReportWriter) or a PDF of the HTML (QTextDocument + QPdfWriter),
// by the chosen name's suffix. The dialog offers to include the server's activity log (what
// Gatescope did there in the last days, from the local audit log); that choice is remembered in
// the settings. Deletes itself when done; finished() says what happened.
class ReportExporter : public QObject
{
    Q_OBJECT

public:
    ReportExporter(const inventory::Server &server,
                   const checks::DiagnosisReport &report,
                   const QDateTime &diagnosedAt,
                   bool redact,
                   QWidget *parent);

    // Opens the file dialog (returns at once).
    void start();

    static report::ReportWriter writer(const inventory::Server &server,
                                       const checks::DiagnosisReport &report,
                                       const QDateTime &diagnosedAt,
                                       bool redact,
                                       const std::optional<report::ReportActivity> &activity
                                       = std::nullopt);
    // The server's audit entries of the last AuditFilter::kDefaultDays days before `now`, from
    // the audit log at auditPath (empty: the default one).
    static report::ReportActivity activityFor(const inventory::Server &server,
                                              const checks::DiagnosisReport &report,
                                              const QDateTime &now,
                                              const QString &auditPath = {});
    // The remembered choice of the dialog's "Include the activity log" (off until changed).
    static bool includeActivitySetting();
    static void setIncludeActivitySetting(bool include);
    // Writes by suffix: .html/.htm, .pdf, .md/.markdown, anything else plain text.
    [[nodiscard]] static Result<void> write(const QString &path,
                                            const report::ReportWriter &writer);
    [[nodiscard]] static Result<void> writePdf(const QString &path, const QString &html);
    static void copyAsText(const inventory::Server &server,
                           const checks::DiagnosisReport &report,
                           const QDateTime &diagnosedAt,
                           bool redact);

Q_SIGNALS:
    void finished(const QString &message);

private:
    void save(const QString &path);

    inventory::Server m_server;
    checks::DiagnosisReport m_report;
    QDateTime m_diagnosedAt;
    bool m_redact = false;
    bool m_includeActivity = false;
    QPointer<QWidget> m_parent;
};

} // namespace gs::gui
