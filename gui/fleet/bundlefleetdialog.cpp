#include "fleet/bundlefleetdialog.h"

#include "bundle/bundlediagnosis.h"
#include "checks/errorratesetting.h"
#include "common/guiposter.h"
#include "fleet/bundledialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QScreen>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

enum Column { File, Server, Collected, Result, Cause, ColumnCount };

QTableWidgetItem *cell(const QString &text)
{
    auto item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setToolTip(text);
    return item;
}

} // namespace

// What one bundle gave, made on a worker thread.
struct BundleFleetDialog::Row
{
    QString server;
    QDateTime collected;
    int exitCode = -1; // -1: the bundle could not be read
    bool complete = false;
    QString cause; // the first finding's title, or why the bundle was refused
};

BundleFleetDialog::BundleFleetDialog(QWidget *parent)
    : QDialog(parent)
    , m_poster(std::make_shared<GuiPoster>(this))
{
    setObjectName(QStringLiteral("bundleFleetDialog"));
    setWindowTitle(tr("Support bundles"));
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1000, 560);
    resize(std::min(1000, available.width() - 24), std::min(560, available.height() - 48));
    auto layout = new QVBoxLayout(this);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("bundleFleetSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_table = new QTableWidget(0, ColumnCount);
    m_table->setObjectName(QStringLiteral("bundleFleetTable"));
    m_table->setHorizontalHeaderLabels(
            {tr("Bundle"), tr("Server"), tr("Collected"), tr("Result"), tr("Most likely cause")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(Cause, QHeaderView::Stretch);
    m_table->setToolTip(tr("Double-click a bundle for its whole diagnosis."));
    layout->addWidget(m_table, 1);
    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row < 0 || row >= m_files.size())
            return;
        auto dialog = new BundleDialog(parentWidget());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        dialog->openBundle(m_files.at(row));
    });
}

BundleFleetDialog::~BundleFleetDialog()
{
    m_poster->detach();
}

void BundleFleetDialog::openFolder(const QString &folder)
{
    const QDir dir(folder);
    m_files.clear();
    for (const QString &name :
         dir.entryList({QStringLiteral("*gatescope-bundle*.tar.gz")}, QDir::Files, QDir::Name))
        m_files << dir.filePath(name);
    setWindowTitle(tr("Support bundles in %1").arg(folder));
    m_table->setRowCount(static_cast<int>(m_files.size()));
    m_done = m_critical = m_warnings = m_unreadable = 0;
    for (int row = 0; row < m_files.size(); ++row) {
        m_table->setItem(row, File, cell(QFileInfo(m_files.at(row)).fileName()));
        m_table->setItem(row, Result, cell(tr("Reading…")));
        GuiPoster::run(
                m_poster,
                [path = m_files.at(row)] {
                    Row result;
                    const auto bundle = bundle::SupportBundle::open(path);
                    if (!bundle) {
                        result.cause = bundle.error().text();
                    } else {
                        checks::DiagnosisRunner::Options options;
                        options.errorRateThresholdPercent = checks::ErrorRateSetting::load();
                        const auto report = bundle::BundleDiagnosis::run(*bundle, options);
                        result.server = bundle->host();
                        result.collected = bundle->collectedUtc();
                        result.exitCode = report.exitCode();
                        result.complete = report.coverage.complete;
                        if (!report.findings.isEmpty())
                            result.cause = report.findings.first().title;
                    }
                    return result;
                },
                [this, row](const Row &result) { showRow(row, result); });
    }
    updateSummary();
    if (m_files.isEmpty())
        Q_EMIT finished();
}

void BundleFleetDialog::showRow(int row, const Row &result)
{
    QString verdict;
    if (result.exitCode < 0) {
        verdict = tr("Could not be read");
        ++m_unreadable;
    } else if (result.exitCode >= 2) {
        verdict = tr("Critical");
        ++m_critical;
    } else if (result.exitCode == 1) {
        verdict = tr("Warning");
        ++m_warnings;
    } else {
        verdict = result.complete ? tr("No problems found") : tr("Not fully checked");
    }
    m_table->setItem(row, Server, cell(result.server));
    m_table->setItem(row,
                     Collected,
                     cell(result.collected.isValid() ? QLocale().toString(
                                  result.collected.toLocalTime(), QLocale::ShortFormat)
                                                     : QString()));
    m_table->setItem(row, Result, cell(verdict));
    m_table->setItem(row, Cause, cell(result.cause));
    for (int column = File; column < Cause; ++column)
        m_table->resizeColumnToContents(column);
    ++m_done;
    updateSummary();
    if (m_done == m_files.size())
        Q_EMIT finished();
}

void BundleFleetDialog::updateSummary()
{
    if (m_files.isEmpty()) {
        m_summary->setText(tr("This folder holds no gatescope-bundle-*.tar.gz file. Fetch them "
                              "with the playbook of <i>gatescope-cli bundle playbook</i>, or open "
                              "the folder they were fetched into."));
        return;
    }
    m_summary->setText(tr("%1 of %2 bundles read: %3 critical, %4 with warnings, %5 could not be "
                          "read. Double-click a bundle for its whole diagnosis.")
                               .arg(m_done)
                               .arg(m_files.size())
                               .arg(m_critical)
                               .arg(m_warnings)
                               .arg(m_unreadable));
}

} // namespace gs::gui
