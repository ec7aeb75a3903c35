#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace gs::gui {

// Find / replace / go to line for a text editor, shown above it (Ctrl+F, Ctrl+H, Ctrl+G).
class ConfigFindBar : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigFindBar(QPlainTextEdit *editor, QWidget *parent = nullptr);

    void showFind();
    void showReplace();
    void showGoToLine();

    // Selects the next (or previous) match of the find text, wrapping around; false when none.
    bool findNext(bool backward = false);
    // Replaces the selected match and finds the next one.
    bool replaceCurrent();
    int replaceAll(); // returns how many were replaced
    void goToLine(int line);

    QLineEdit *findField() const { return m_find; }
    QLineEdit *replaceField() const { return m_replace; }

private:
    QPlainTextEdit *m_editor;
    QLineEdit *m_find = nullptr;
    QLineEdit *m_replace = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QSpinBox *m_line = nullptr;
    QLabel *m_status = nullptr;
    QWidget *m_replaceRow = nullptr;
};

} // namespace gs::gui
