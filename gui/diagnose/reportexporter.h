#pragma once

#include "checks/diagnosisreport.h"
#include "inventory/server.h"
#include "report/reportwriter.h"
#include "util/result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <optional>

class QFileDialog;
class QWidget;

namespace gs::gui {

// Saves one diagnosis as a report file: asks where with a non-modal file dialog, then writes
// HTML, Markdown or plain text (ReportWriter) or a PDF of the HTML (QTextDocument + QPdfWriter),
// by the chosen name's suffix. The dialog offers to redact the report (ReportRedactor: host,
// site, service, pool and user names and addresses become tokens) and to include the server's
// activity log (what Gatescope did there in the last days, from the local audit log); both
// choices are remembered in the settings. Deletes itself when done; finished() says what
// happened.
class ReportExporter : public QObject
{
    Q_OBJECT

public:
    ReportExporter(const inventory::Server &server,
                   const checks::DiagnosisReport &report,
                   const QDateTime &diagnosedAt,
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
    // The remembered choice of the dialog's "Redact" (off until changed).
    static bool redactSetting();
    static void setRedactSetting(bool redact);
    // Writes by suffix: .html/.htm, .pdf, .md/.markdown, anything else plain text.
    [[nodiscard]] static Result<void> write(const QString &path,
                                            const report::ReportWriter &writer);
    [[nodiscard]] static Result<void> writePdf(const QString &path, const QString &html);
    // The full report, for the user's own use; a redacted one is exported with the dialog.
    static void copyAsText(const inventory::Server &server,
                           const checks::DiagnosisReport &report,
                           const QDateTime &diagnosedAt);

Q_SIGNALS:
    void finished(const QString &message);

private:
    void addOptions(QFileDialog *dialog);
    QString baseName(bool redact) const;
    void save(const QString &path);

    inventory::Server m_server;
    checks::DiagnosisReport m_report;
    QDateTime m_diagnosedAt;
    bool m_redact = false;
    bool m_includeActivity = false;
    QPointer<QWidget> m_parent;
};

} // namespace gs::gui
