#include "diagnose/reportexporter.h"

#include "audit/auditfilter.h"
#include "audit/auditlog.h"
#include "ssh/connectoptions.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSettings>
#include <QTextDocument>

namespace gs::gui {

namespace {

const QString kHtmlFilter = QStringLiteral("HTML report (*.html *.htm)");
const QString kPdfFilter = QStringLiteral("PDF document (*.pdf)");
const QString kMarkdownFilter = QStringLiteral("Markdown (*.md *.markdown)");
const QString kTextFilter = QStringLiteral("Plain text (*.txt)");
const QString kIncludeActivityKey = QStringLiteral("report/includeActivityLog");
const QString kRedactKey = QStringLiteral("report/redact");

QString suffixForFilter(const QString &filter)
{
    if (filter == kPdfFilter)
        return QStringLiteral("pdf");
    if (filter == kMarkdownFilter)
        return QStringLiteral("md");
    if (filter == kTextFilter)
        return QStringLiteral("txt");
    return QStringLiteral("html");
}

} // namespace

ReportExporter::ReportExporter(const inventory::Server &server,
                               const checks::DiagnosisReport &report,
                               const QDateTime &diagnosedAt,
                               QWidget *parent)
    : QObject(parent)
    , m_server(server)
    , m_report(report)
    , m_diagnosedAt(diagnosedAt)
    , m_parent(parent)
{}

report::ReportWriter ReportExporter::writer(const inventory::Server &server,
                                            const checks::DiagnosisReport &report,
                                            const QDateTime &diagnosedAt,
                                            bool redact,
                                            const std::optional<report::ReportActivity> &activity)
{
    const auto target = report::ReportTarget::of(
            server.name, server.address, server.port, server.user, report.facts.loginUser);
    report::ReportOptions options;
    options.redact = redact;
    options.diagnosedAt = diagnosedAt;
    options.appVersion = report::ReportOptions::thisVersion();
    options.activity = activity;
    return report::ReportWriter(report, target, options);
}

report::ReportActivity ReportExporter::activityFor(const inventory::Server &server,
                                                   const checks::DiagnosisReport &report,
                                                   const QDateTime &now,
                                                   const QString &auditPath)
{
    // The CLI records the target as typed (often user@host:port), the GUI the inventory name.
    ssh::ConnectOptions options;
    options.host = server.address;
    options.port = server.port;
    options.user = server.user.isEmpty() ? report.facts.loginUser : server.user;
    const audit::AuditFilter filter
            = audit::AuditFilter::forServer(server.name, options.displayName(), now);
    const audit::AuditLog log(auditPath.isEmpty() ? audit::AuditLog::defaultPath() : auditPath);
    report::ReportActivity activity;
    activity.since = filter.since;
    // A damaged or unreadable log gives an empty section rather than no report at all; the
    // Activity page shows the log's own error.
    if (const auto entries = log.read())
        activity.entries = filter.select(*entries);
    return activity;
}

bool ReportExporter::includeActivitySetting()
{
    return QSettings().value(kIncludeActivityKey, false).toBool();
}

void ReportExporter::setIncludeActivitySetting(bool include)
{
    QSettings().setValue(kIncludeActivityKey, include);
}

bool ReportExporter::redactSetting()
{
    return QSettings().value(kRedactKey, false).toBool();
}

void ReportExporter::setRedactSetting(bool redact)
{
    QSettings().setValue(kRedactKey, redact);
}

QString ReportExporter::baseName(bool redact) const
{
    // A redacted report's file name must not name the server either.
    return QStringLiteral("%1-diagnosis-%2%3")
            .arg(redact ? QStringLiteral("server") : m_server.name,
                 m_diagnosedAt.toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmm")),
                 redact ? QStringLiteral("-redacted") : QString());
}

// The report's options below the file list: Qt's own dialog has a grid layout that takes more
// rows (a native dialog could not carry them).
void ReportExporter::addOptions(QFileDialog *dialog)
{
    auto redact = new QCheckBox(tr("Redact: replace host, site, service, pool and user names and "
                                   "IP addresses with tokens (host-1, site-1, ip-1, ...)"),
                                dialog);
    redact->setObjectName(QStringLiteral("redactCheck"));
    redact->setToolTip(tr("For a report that leaves your organisation: the same name always "
                          "gets the same token, so the report still reads as one story. The "
                          "list of what was replaced is not written anywhere."));
    redact->setChecked(redactSetting());
    connect(redact, &QCheckBox::toggled, this, &ReportExporter::setRedactSetting);
    connect(redact, &QCheckBox::toggled, this, [this, dialog](bool on) {
        // The suggested name follows the choice; a name the user typed stays.
        const QFileInfo current(dialog->selectedFiles().value(0));
        if (current.completeBaseName() == baseName(!on)) {
            const QString suffix = current.suffix();
            dialog->selectFile(baseName(on) + QLatin1Char('.')
                               + (suffix.isEmpty() ? QStringLiteral("html") : suffix));
        }
    });
    auto includeActivity = new QCheckBox(
            tr("Include the activity log (actions and changes on this server)"), dialog);
    includeActivity->setObjectName(QStringLiteral("includeActivityCheck"));
    includeActivity->setToolTip(
            tr("Adds what Gatescope did on %1 in the last %2 days (time, user, command, outcome) "
               "from the local audit log. Redaction applies to it as well.")
                    .arg(m_server.name)
                    .arg(audit::AuditFilter::kDefaultDays));
    includeActivity->setChecked(includeActivitySetting());
    connect(includeActivity, &QCheckBox::toggled, this, &ReportExporter::setIncludeActivitySetting);
    for (QCheckBox *option : {redact, includeActivity}) {
        if (auto grid = qobject_cast<QGridLayout *>(dialog->layout()))
            grid->addWidget(option, grid->rowCount(), 0, 1, grid->columnCount());
        else if (dialog->layout())
            dialog->layout()->addWidget(option);
    }
}

void ReportExporter::start()
{
    auto dialog = new QFileDialog(m_parent, tr("Export the report of %1").arg(m_server.name));
    dialog->setObjectName(QStringLiteral("exportReportDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilters({kHtmlFilter, kPdfFilter, kMarkdownFilter, kTextFilter});
    dialog->setDefaultSuffix(QStringLiteral("html"));
    dialog->setOption(QFileDialog::DontUseNativeDialog);
    addOptions(dialog);
    const auto redact = [dialog] {
        const auto check = dialog->findChild<QCheckBox *>(QStringLiteral("redactCheck"));
        return check && check->isChecked();
    };
    dialog->setDirectory(QDir::homePath());
    dialog->selectFile(baseName(redact()) + QStringLiteral(".html"));
    connect(dialog, &QFileDialog::filterSelected, dialog, [this, dialog, redact](const QString &f) {
        const QString suffix = suffixForFilter(f);
        dialog->setDefaultSuffix(suffix);
        dialog->selectFile(baseName(redact()) + QLatin1Char('.') + suffix);
    });
    connect(dialog, &QFileDialog::fileSelected, this, [this, dialog, redact](const QString &path) {
        const auto include = dialog->findChild<QCheckBox *>(QStringLiteral("includeActivityCheck"));
        m_includeActivity = include && include->isChecked();
        m_redact = redact();
        save(path);
    });
    connect(dialog, &QFileDialog::rejected, this, [this] {
        Q_EMIT finished(tr("Export cancelled."));
        deleteLater();
    });
    dialog->open();
}

void ReportExporter::save(const QString &path)
{
    std::optional<report::ReportActivity> activity;
    if (m_includeActivity)
        activity = activityFor(m_server, m_report, QDateTime::currentDateTimeUtc());
    const Result<void> written
            = write(path, writer(m_server, m_report, m_diagnosedAt, m_redact, activity));
    Q_EMIT finished(written ? tr("Saved the report to %1.").arg(QDir::toNativeSeparators(path))
                            : written.error().text());
    deleteLater();
}

Result<void> ReportExporter::write(const QString &path, const report::ReportWriter &writer)
{
    if (QFileInfo(path).suffix().toLower() == QLatin1String("pdf"))
        return writePdf(path, writer.html());
    const QString text = writer.document(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        return makeError(ErrorCode::IoError,
                         tr("Could not save %1: %2").arg(path, file.errorString()),
                         tr("Choose a folder you can write to."));
    }
    return {};
}

Result<void> ReportExporter::writePdf(const QString &path, const QString &html)
{
    QPdfWriter pdf(path);
    if (!pdf.setPageSize(QPageSize(QPageSize::A4))
        || !pdf.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter)) {
        return makeError(ErrorCode::IoError, tr("Could not set up the PDF page."));
    }
    pdf.setTitle(QStringLiteral("Gatescope report"));
    pdf.setCreator(report::ReportOptions::thisVersion());
    QTextDocument document;
    document.setHtml(html);
    document.print(&pdf);
    // QPdfWriter reports no errors; an empty or missing file is how a failure shows.
    if (QFileInfo(path).size() <= 0) {
        return makeError(ErrorCode::IoError,
                         tr("Could not write the PDF %1.").arg(path),
                         tr("Choose a folder you can write to."));
    }
    return {};
}

void ReportExporter::copyAsText(const inventory::Server &server,
                                const checks::DiagnosisReport &report,
                                const QDateTime &diagnosedAt)
{
    QApplication::clipboard()->setText(writer(server, report, diagnosedAt, false).plainText());
}

} // namespace gs::gui
