#pragma once

#include "bundle/supportbundle.h"
#include "checks/diagnosisreport.h"
#include "inventory/server.h"

#include <QDialog>

#include <memory>
#include <optional>

class QLabel;
class QTabWidget;
class QTemporaryDir;

namespace gs::gui {

class ChartsPage;
class DiagnosePage;
class GuiPoster;

// File → Open bundle… (and a bundle dropped on the window): a support bundle shown as a
// read-only server. The same Diagnose page as a live server's, its diagnosis made from the
// bundle (BundleDiagnosis) on the thread pool, with copy and export of the report; no fix, no
// reproduce, nothing that would reach a server. The Error rates tab charts the access log the
// bundle holds, with the error logs' lines under a clicked bucket. A bundle that cannot be read
// says why and what to ask the customer for.
class BundleDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BundleDialog(QWidget *parent = nullptr);
    ~BundleDialog() override;

    // Reads the bundle and diagnoses it in the background; diagnosed() follows.
    void openBundle(const QString &path);
    DiagnosePage *page() const { return m_page; }
    ChartsPage *charts() const { return m_charts; }
    QTabWidget *tabs() const { return m_tabs; }
    const std::optional<checks::DiagnosisReport> &report() const { return m_report; }

Q_SIGNALS:
    // The bundle was read and diagnosed (error empty) or refused (error says why).
    void diagnosed(const QString &error);

private:
    void diagnose();
    // A finding's "Open in editor": the file as the bundle holds it, read-only, at that line.
    void showConfigFile(const QString &file, int line);
    void showReport(const std::shared_ptr<const bundle::SupportBundle> &bundle,
                    const checks::DiagnosisReport &report);
    void showError(const Error &error);
    // The Error rates tab: the bundle's largest access log and its error logs, copied into a
    // private folder of the app's data (removed with the dialog) for the chart's log reader.
    void showErrorRates(const bundle::SupportBundle &bundle);

    std::shared_ptr<GuiPoster> m_poster;
    QString m_path;
    std::shared_ptr<const bundle::SupportBundle> m_bundle;
    inventory::Server m_server;
    std::optional<checks::DiagnosisReport> m_report;
    QDateTime m_diagnosedAt;
    QLabel *m_header = nullptr;
    DiagnosePage *m_page = nullptr;
    QTabWidget *m_tabs = nullptr;
    ChartsPage *m_charts = nullptr;
    QLabel *m_chartsNote = nullptr;
    std::unique_ptr<QTemporaryDir> m_logDir;
};

} // namespace gs::gui
