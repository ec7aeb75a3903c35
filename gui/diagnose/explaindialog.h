#pragma once

#include "logs/explainresult.h"

#include <QDialog>
#include <QStringList>

#include <memory>

class QLabel;
class QListWidget;
class QTableWidget;

namespace gs::gui {

class GuiPoster;

// "Explain a log file…": nginx error logs and PHP-FPM logs on this machine sorted into the
// finding catalog (the same LogExplainer as `gatescope-cli explain`), shown as a table of causes
// and the lines that were not understood. The files are read and classified on the thread pool;
// the dialog may close before that ends.
class ExplainDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ExplainDialog(QWidget *parent = nullptr);
    ~ExplainDialog() override;

    // Starts reading the files (plain or .gz) in the background; explained() follows.
    void explainFiles(const QStringList &paths);
    const logs::ExplainResult &result() const { return m_result; }

Q_SIGNALS:
    // The result is shown; error is empty unless a file could not be read (then the result holds
    // what was read before).
    void explained(const QString &error);

private:
    void showResult(const logs::ExplainResult &result, const QString &error);

    std::shared_ptr<GuiPoster> m_poster;
    QLabel *m_summary = nullptr;
    QTableWidget *m_causes = nullptr;
    QLabel *m_unrecognisedLabel = nullptr;
    QListWidget *m_unrecognised = nullptr;
    logs::ExplainResult m_result;
};

} // namespace gs::gui
