#include "fleet/bundledialog.h"

#include "bundle/bundleaccesslog.h"
#include "bundle/bundlediagnosis.h"
#include "charts/chartspage.h"
#include "checks/errorratesetting.h"
#include "common/guiposter.h"
#include "diagnose/diagnosepage.h"
#include "diagnose/diagnosisstate.h"
#include "diagnose/reportexporter.h"
#include "inventory/inventory.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScreen>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QThreadPool>
#include <QVBoxLayout>

namespace gs::gui {

BundleDialog::BundleDialog(QWidget *parent)
    : QDialog(parent)
    , m_poster(std::make_shared<GuiPoster>(this))
{
    setObjectName(QStringLiteral("bundleDialog"));
    setWindowTitle(tr("Support bundle"));
    // As large as it is useful, never larger than the screen (1024x600 laptops included).
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1100, 680);
    resize(std::min(1100, available.width() - 24), std::min(680, available.height() - 48));
    auto layout = new QVBoxLayout(this);
    m_header = new QLabel(tr("Reading the bundle…"));
    m_header->setObjectName(QStringLiteral("bundleHeader"));
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_header);
    m_page = new DiagnosePage;
    m_page->setOffline(true);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("bundleTabs"));
    m_tabs->addTab(m_page, tr("Diagnose"));
    auto rates = new QWidget;
    auto ratesLayout = new QVBoxLayout(rates);
    m_chartsNote = new QLabel;
    m_chartsNote->setObjectName(QStringLiteral("bundleChartsNote"));
    m_chartsNote->setWordWrap(true);
    m_chartsNote->setTextFormat(Qt::PlainText);
    m_chartsNote->setForegroundRole(QPalette::PlaceholderText);
    ratesLayout->addWidget(m_chartsNote);
    m_charts = new ChartsPage;
    ratesLayout->addWidget(m_charts, 1);
    m_tabs->addTab(rates, tr("Error rates"));
    layout->addWidget(m_tabs, 1);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_page, &DiagnosePage::diagnoseRequested, this, [this] { diagnose(); });
    connect(m_page, &DiagnosePage::openConfigRequested, this, &BundleDialog::showConfigFile);
    connect(m_page, &DiagnosePage::copyRequested, this, [this] {
        if (m_report)
            ReportExporter::copyAsText(m_server, *m_report, m_diagnosedAt);
    });
    connect(m_page, &DiagnosePage::exportRequested, this, [this] {
        if (!m_report)
            return;
        auto exporter = new ReportExporter(m_server, *m_report, m_diagnosedAt, this);
        connect(exporter, &ReportExporter::finished, m_header, [this](const QString &message) {
            m_header->setToolTip(message);
        });
        exporter->start();
    });
}

BundleDialog::~BundleDialog()
{
    m_poster->detach();
}

void BundleDialog::openBundle(const QString &path)
{
    m_path = path;
    m_bundle.reset();
    setWindowTitle(tr("Support bundle: %1").arg(QFileInfo(path).fileName()));
    diagnose();
}

void BundleDialog::diagnose()
{
    DiagnosisState running;
    running.phase = DiagnosisState::Phase::Running;
    running.step = tr("Reading the bundle");
    running.started = QDateTime::currentDateTime();
    m_page->setState(running);
    // Reading a bundle (tens of MiB of logs) and diagnosing it take a moment: on the pool.
    QThreadPool::globalInstance()->start(
            [dialog = this, poster = m_poster, path = m_path, kept = m_bundle] {
                std::shared_ptr<const bundle::SupportBundle> bundle = kept;
                if (!bundle) {
                    auto opened = bundle::SupportBundle::open(path);
                    if (!opened) {
                        poster->post(
                                [dialog, error = opened.error()] { dialog->showError(error); });
                        return;
                    }
                    bundle = std::make_shared<const bundle::SupportBundle>(std::move(*opened));
                }
                checks::DiagnosisRunner::Options options;
                options.errorRateThresholdPercent = checks::ErrorRateSetting::load();
                const auto report = bundle::BundleDiagnosis::run(*bundle, options);
                poster->post([dialog, bundle, report] { dialog->showReport(bundle, report); });
            });
}

void BundleDialog::showErrorRates(const bundle::SupportBundle &bundle)
{
    const QList<logs::AccessLogCandidate> candidates = bundle::BundleAccessLog::candidates(bundle);
    if (candidates.isEmpty()) {
        m_chartsNote->setText(tr("The bundle holds no access log: its collector could not read "
                                 "one (a login without root may not). Ask for a bundle "
                                 "collected as root."));
        m_charts->setEnabled(false);
        return;
    }
    // The chart reads files: the logs go to a private folder of the app's own data, under
    // names of its own (never the bundle's), and go with the dialog.
    const QString base = inventory::Inventory::dataDir() + QStringLiteral("/bundle-logs");
    QDir().mkpath(base);
    m_logDir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/XXXXXX"));
    const auto write = [this](const QString &name, const QByteArray &bytes) {
        QFile file(m_logDir->filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size()
                       ? file.fileName()
                       : QString();
    };
    const logs::AccessLogCandidate &log = candidates.first();
    QStringList files{write(QStringLiteral("access.log"),
                            bundle.output(QStringLiteral("accesslog:") + log.path)->out)};
    for (const QString &key : bundle.keys()) {
        const checks::CommandOutput *output = bundle.output(key);
        if (key.startsWith(QLatin1String("errorlog:")) && output->ok() && !output->out.isEmpty())
            files << write(QStringLiteral("error-%1.log").arg(files.size()), output->out);
    }
    if (!m_logDir->isValid() || files.contains(QString())) {
        m_chartsNote->setText(tr("The logs could not be prepared for the chart in %1: is the "
                                 "disk full?")
                                      .arg(base));
        m_charts->setEnabled(false);
        return;
    }
    m_chartsNote->setText(
            tr("%1 as the bundle holds it (its last part, up to when it was collected)%2.")
                    .arg(log.path,
                         candidates.size() > 1
                                 ? tr("; the bundle holds %n more access log(s): `gatescope-cli "
                                      "errors --bundle FILE --log PATH` reads them",
                                      nullptr,
                                      int(candidates.size() - 1))
                                 : QString()));
    m_charts->setEnabled(true);
    m_charts->openLocalFiles(files, log.format.isEmpty() ? QByteArray("combined") : log.format);
}

void BundleDialog::showConfigFile(const QString &file, int line)
{
    const std::optional<QByteArray> text = m_bundle ? m_bundle->configFile(file) : std::nullopt;
    auto viewer = new QDialog(this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->setObjectName(QStringLiteral("bundleConfigViewer"));
    viewer->setWindowTitle(tr("%1 (from the bundle, read-only)").arg(file));
    viewer->resize(std::min(900, width()), std::min(600, height()));
    auto layout = new QVBoxLayout(viewer);
    auto editor = new QPlainTextEdit;
    editor->setReadOnly(true);
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setPlainText(text ? QString::fromUtf8(*text)
                              : tr("The bundle does not hold %1: its collector could not read "
                                   "it (a login without root may not).")
                                         .arg(file));
    layout->addWidget(editor);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, viewer, &QDialog::reject);
    layout->addWidget(buttons);
    if (text && line > 0) {
        QTextCursor cursor(editor->document()->findBlockByNumber(line - 1));
        cursor.select(QTextCursor::LineUnderCursor);
        editor->setTextCursor(cursor);
        editor->centerCursor();
    }
    viewer->show();
}

void BundleDialog::showReport(const std::shared_ptr<const bundle::SupportBundle> &bundle,
                              const checks::DiagnosisReport &report)
{
    if (m_bundle != bundle)
        showErrorRates(*bundle);
    m_bundle = bundle;
    m_report = report;
    m_diagnosedAt = bundle->collectedUtc();
    m_server = {};
    m_server.name = bundle->host();
    m_server.address = bundle->host();
    m_server.user = bundle->user();
    m_server.readOnly = true;
    m_page->setServer(m_server);
    m_header->setText(
            tr("<b>%1</b>, collected %2 as %3%4%5. Read-only: what the server looked like then; "
               "nothing here reaches a server.")
                    .arg(bundle->host().toHtmlEscaped(),
                         QLocale().toString(bundle->collectedUtc().toLocalTime(),
                                            QLocale::ShortFormat),
                         bundle->user().toHtmlEscaped(),
                         bundle->asRoot() ? QString()
                                          : tr(" (without root: some checks could not run)"),
                         bundle->redacted() ? tr(", redacted on the server (names are tokens; "
                                                 "the customer keeps the map)")
                                            : QString()));
    DiagnosisState done;
    done.phase = DiagnosisState::Phase::Done;
    done.checks = report.checks;
    done.report = report;
    done.finished = bundle->collectedUtc();
    m_page->setState(done);
    Q_EMIT diagnosed({});
}

void BundleDialog::showError(const Error &error)
{
    m_header->setText(
            tr("<b>%1</b> could not be read.").arg(QFileInfo(m_path).fileName().toHtmlEscaped()));
    m_server = {};
    m_server.name = QFileInfo(m_path).fileName();
    m_server.readOnly = true;
    m_page->setServer(m_server);
    DiagnosisState failed;
    failed.phase = DiagnosisState::Phase::Failed;
    failed.error = error;
    failed.finished = QDateTime::currentDateTime();
    m_page->setState(failed);
    Q_EMIT diagnosed(error.text());
}

} // namespace gs::gui
