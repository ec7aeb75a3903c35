#include "config/configdiffview.h"

#include "common/theme.h"

#include "config/configdiff.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace gs::gui {

namespace {

QTableWidgetItem *item(const QString &text, const QColor &background, bool number = false)
{
    auto cell = new QTableWidgetItem(text);
    cell->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    if (background.isValid())
        cell->setBackground(background);
    if (number) {
        cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        cell->setForeground(QColor(0x80, 0x80, 0x80));
    }
    return cell;
}

} // namespace

ConfigDiffView::ConfigDiffView(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("configDiffView"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("diffSummary"));
    m_table = new QTableWidget(0, 4);
    m_table->setObjectName(QStringLiteral("diffTable"));
    m_table->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 2);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
}

void ConfigDiffView::setTexts(const QString &oldText,
                              const QString &newText,
                              const QString &oldTitle,
                              const QString &newTitle)
{
    using Row = config::ConfigDiff::Row;
    const QList<Row> rows = config::ConfigDiff::sideBySide(oldText, newText);
    // Tints that keep the palette's text readable: pale on a light palette, deep on a dark one.
    const bool dark = Theme::isDark();
    const QColor removed = dark ? QColor(0x5c, 0x22, 0x26) : QColor(0xfd, 0xe2, 0xe2);
    const QColor added = dark ? QColor(0x1f, 0x4a, 0x2c) : QColor(0xdc, 0xf5, 0xdc);
    const QColor none;
    m_table->setHorizontalHeaderLabels({QString(), oldTitle, QString(), newTitle});
    m_table->setRowCount(int(rows.size()));
    m_changed = 0;
    int firstChange = -1;
    for (int r = 0; r < rows.size(); ++r) {
        const Row &row = rows.at(r);
        const bool leftMarked = row.kind == Row::Kind::Removed || row.kind == Row::Kind::Changed;
        const bool rightMarked = row.kind == Row::Kind::Added || row.kind == Row::Kind::Changed;
        if (row.kind != Row::Kind::Same) {
            ++m_changed;
            if (firstChange < 0)
                firstChange = r;
        }
        m_table->setItem(r,
                         0,
                         item(row.leftLine ? QString::number(row.leftLine) : QString(),
                              leftMarked ? removed : none,
                              true));
        m_table->setItem(r, 1, item(row.left, leftMarked ? removed : none));
        m_table->setItem(r,
                         2,
                         item(row.rightLine ? QString::number(row.rightLine) : QString(),
                              rightMarked ? added : none,
                              true));
        m_table->setItem(r, 3, item(row.right, rightMarked ? added : none));
    }
    const auto [plus, minus] = config::ConfigDiff::stats(oldText, newText);
    m_summary->setText(m_changed == 0 ? tr("No changes.")
                                      : tr("%1 line(s) added, %2 removed.").arg(plus).arg(minus));
    if (firstChange >= 0) {
        // Once laid out: a table just made visible has no viewport size to scroll in yet.
        QTimer::singleShot(0, m_table, [table = m_table, firstChange] {
            // The scroll range is only known after the view's own delayed layout.
            table->doItemsLayout();
            table->verticalScrollBar()->setRange(0,
                                                 std::max(0,
                                                          table->rowCount() * table->rowHeight(0)
                                                                  - table->viewport()->height()));
            if (QTableWidgetItem *first = table->item(firstChange, 1))
                table->scrollToItem(first, QAbstractItemView::PositionAtCenter);
        });
    }
}

QString ConfigDiffView::summary() const
{
    return m_summary->text();
}

} // namespace gs::gui
