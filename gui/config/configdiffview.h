#pragma once

#include <QWidget>

class QLabel;
class QTableWidget;

namespace gs::gui {

// Side-by-side diff of two versions of a file: old on the left, new on the right, line numbers,
// removed lines red, added green, changed both; a summary line above.
class ConfigDiffView : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigDiffView(QWidget *parent = nullptr);

    void setTexts(const QString &oldText,
                  const QString &newText,
                  const QString &oldTitle,
                  const QString &newTitle);

    QTableWidget *table() const { return m_table; }
    int changedRows() const { return m_changed; }
    QString summary() const;

private:
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
    int m_changed = 0;
};

} // namespace gs::gui
