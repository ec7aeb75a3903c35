#pragma once

#include "config/configlint.h"

#include <QList>
#include <QPlainTextEdit>
#include <QTimer>

namespace gs::gui {

class ConfigEditorGutter;
class ConfigHighlighter;

// The configuration editor: plain text with line numbers, syntax colours (nginx or INI), the
// current line highlighted and lint problems underlined as you type (after a short pause).
class ConfigEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    enum class Language { Nginx, Ini };

    explicit ConfigEditor(QWidget *parent = nullptr);

    void setLanguage(Language language);
    Language language() const { return m_language; }

    // Moves the cursor to the start of a 1-based line and shows it; false when out of range.
    bool goToLine(int line);
    int currentLine() const;

    // Lint now (normally it runs 300 ms after the last keystroke).
    void lintNow();
    const QList<config::ConfigLint::Problem> &problems() const { return m_problems; }
    // Marks an extra problem (e.g. from nginx -t on the server) until the next edit.
    void addExternalProblem(const config::ConfigLint::Problem &problem);

    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);

Q_SIGNALS:
    void problemsChanged(const QList<gs::config::ConfigLint::Problem> &problems);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void updateSelections();

    Language m_language = Language::Nginx;
    ConfigEditorGutter *m_gutter = nullptr;
    ConfigHighlighter *m_highlighter = nullptr;
    QTimer m_lintTimer;
    QList<config::ConfigLint::Problem> m_problems;
};

} // namespace gs::gui
