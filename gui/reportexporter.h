#pragma once

#include "checks/diagnosisreport.h"
#include "inventory/server.h"
#include "report/reportwriter.h"
#include "util/result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

class QWidget;

namespace gs::gui {

// Saves one diagnosis as a report file: asks where with a non-modal file dialog, then writes
// HTML, Markdown or plain text (ReportWriter) or a PDF of the HTML (QTextDocument + QPdfWriter),
// by the chosen name's suffix. Deletes itself when done; finished() says what happened.
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
                                       bool redact);
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
    QPointer<QWidget> m_parent;
};

} // namespace gs::gui
