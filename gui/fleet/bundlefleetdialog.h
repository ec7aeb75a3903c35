#pragma once

#include <QDialog>
#include <QStringList>

#include <memory>

class QLabel;
class QTableWidget;

namespace gs::gui {

class GuiPoster;

// File → Open a folder of bundles…: the bundles an Ansible run fetched (gatescope-cli bundle
// playbook), one row each — the server, when it was collected, the verdict and the most likely
// cause — diagnosed on the thread pool as the rows fill in. Double-click a row for that bundle's
// whole diagnosis (BundleDialog). Read-only, like every bundle view.
class BundleFleetDialog : public QDialog
{
    Q_OBJECT

public:
    explicit BundleFleetDialog(QWidget *parent = nullptr);
    ~BundleFleetDialog() override;

    // Lists the folder's gatescope-bundle*.tar.gz and diagnoses each; finished() follows.
    void openFolder(const QString &folder);
    QTableWidget *table() const { return m_table; }

Q_SIGNALS:
    // Every bundle of the folder is diagnosed or refused.
    void finished();

private:
    struct Row;
    void showRow(int row, const Row &result);
    void updateSummary();

    std::shared_ptr<GuiPoster> m_poster;
    QStringList m_files;
    int m_done = 0;
    int m_critical = 0;
    int m_warnings = 0;
    int m_unreadable = 0;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace gs::gui
