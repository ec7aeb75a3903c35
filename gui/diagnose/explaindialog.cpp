#include "diagnose/explaindialog.h"

#include "common/guiposter.h"
#include "logs/explaininput.h"
#include "logs/logexplainer.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace gs::gui {

namespace {

enum CauseTableColumn {
    SeverityColumn,
    CauseColumn,
    CountColumn,
    FirstSeenColumn,
    LastSeenColumn,
    RemedyColumn,
    CauseColumnCount
};

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

QTableWidgetItem *item(const QString &text, const QString &toolTip = {})
{
    auto cell = new QTableWidgetItem(text);
    cell->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    cell->setToolTip(toolTip.isEmpty() ? text : toolTip);
    return cell;
}

} // namespace

ExplainDialog::ExplainDialog(QWidget *parent)
    : QDialog(parent)
    , m_poster(std::make_shared<GuiPoster>(this))
{
    setObjectName(QStringLiteral("explainDialog"));
    setWindowTitle(tr("Explain a log file"));
    resize(980, 560);
    auto layout = new QVBoxLayout(this);
    m_summary = new QLabel(tr("Reading…"));
    m_summary->setObjectName(QStringLiteral("explainSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    m_causes = new QTableWidget(0, CauseColumnCount);
    m_causes->setObjectName(QStringLiteral("explainCauses"));
    m_causes->setHorizontalHeaderLabels(
            {tr("Severity"), tr("Cause"), tr("Count"), tr("First"), tr("Last"), tr("Remedy")});
    m_causes->verticalHeader()->hide();
    m_causes->setWordWrap(true);
    m_causes->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_causes->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_causes, 3);

    m_unrecognisedLabel = new QLabel;
    layout->addWidget(m_unrecognisedLabel);
    m_unrecognised = new QListWidget;
    m_unrecognised->setObjectName(QStringLiteral("explainUnrecognised"));
    layout->addWidget(m_unrecognised, 1);

    auto buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

ExplainDialog::~ExplainDialog()
{
    m_poster->detach();
}

void ExplainDialog::explainFiles(const QStringList &paths)
{
    m_summary->setText(tr("Reading %1…").arg(paths.join(QLatin1String(", "))));
    // A 1 GB log takes seconds: read and classify on the pool, show the result on this thread.
    GuiPoster::run(
            m_poster,
            [paths] {
                logs::LogExplainer explainer;
                QString error;
                for (const QString &path : paths) {
                    explainer.beginFile(path);
                    const auto read = logs::ExplainInput::read(
                            path, [&explainer](auto chunk) { explainer.addData(chunk); });
                    explainer.finishFile();
                    if (!read) {
                        error = read.error().text();
                        break;
                    }
                }
                return std::make_pair(explainer.result(), error);
            },
            [this](const std::pair<logs::ExplainResult, QString> &done) {
                showResult(done.first, done.second);
            });
}

void ExplainDialog::showResult(const logs::ExplainResult &result, const QString &error)
{
    m_result = result;
    QString summary = tr("%1: %2 lines, %3 causes, %4 harmless lines, %5 not understood.")
                              .arg(result.files.join(QLatin1String(", ")))
                              .arg(result.lines)
                              .arg(result.causes.size())
                              .arg(result.harmless)
                              .arg(result.unrecognised);
    if (!error.isEmpty())
        summary += QLatin1Char('\n') + tr("Stopped: %1").arg(error);
    m_summary->setText(summary);

    m_causes->setRowCount(static_cast<int>(result.causes.size()));
    for (int row = 0; row < result.causes.size(); ++row) {
        const auto &cause = result.causes.at(row);
        const QString examples = cause.examples.join(QLatin1String("\n\n"));
        m_causes->setItem(
                row, SeverityColumn, item(findings::Finding::severityName(cause.severity)));
        m_causes->setItem(
                row, CauseColumn, item(cause.title + QLatin1String("\n") + cause.id, examples));
        auto count = item(QString::number(cause.count), examples);
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_causes->setItem(row, CountColumn, count);
        m_causes->setItem(row, FirstSeenColumn, item(timeText(cause.firstSeen)));
        m_causes->setItem(row, LastSeenColumn, item(timeText(cause.lastSeen)));
        m_causes->setItem(row, RemedyColumn, item(cause.remedy.join(QLatin1Char('\n'))));
    }
    m_causes->resizeColumnsToContents();
    m_causes->setColumnWidth(CauseColumn, qMin(m_causes->columnWidth(CauseColumn), 320));
    m_causes->resizeRowsToContents();

    m_unrecognisedLabel->setText(
            result.unrecognised > 0
                    ? tr("Not understood: %1 lines, for example:").arg(result.unrecognised)
                    : tr("Every line was understood."));
    m_unrecognised->clear();
    m_unrecognised->addItems(result.unrecognisedExamples);
    m_unrecognised->setVisible(!result.unrecognisedExamples.isEmpty());
    Q_EMIT explained(error);
}

} // namespace gs::gui
