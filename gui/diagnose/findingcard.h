#pragma once

#include "findings/finding.h"

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace gs::gui {

// One finding as a card: severity (colour and icon), title, a plain explanation, where (upstream,
// config file:line with "Open in editor"), how often and when, the remedy steps, and the verbatim
// evidence behind a toggle, with a Copy button.
class FindingCard : public QFrame
{
    Q_OBJECT

public:
    explicit FindingCard(const findings::Finding &finding, QWidget *parent = nullptr);

    const findings::Finding &finding() const { return m_finding; }
    // The evidence exactly as shown (and copied): "source" lines, then the text verbatim.
    QString evidenceText() const;
    void setEvidenceVisible(bool visible);
    bool isEvidenceVisible() const;

    // The button that fixes the finding (a service action or the editor); null when a person
    // must act (then fixStatement() says what to tell them).
    QPushButton *fixButton() const { return m_fixButton; }
    // Off while a diagnosis or an action runs, or on a read-only server (reason as tooltip).
    void setFixEnabled(bool enabled, const QString &reason = {});
    // The finding is gone after a fix: a green card saying what was done and what is true now.
    void setResolved(const QString &outcome);
    bool isResolved() const { return m_resolved; }

    static QColor severityColor(findings::Finding::Severity severity);
    static QString severityIconName(findings::Finding::Severity severity);
    static QString severityLabel(findings::Finding::Severity severity);

Q_SIGNALS:
    void openConfigRequested(const QString &file, int line);
    // The fix button of a service finding was clicked (FindingFix::forFinding says which).
    void fixRequested(const gs::findings::Finding &finding);
    // "Review the fix…": the finding's proposed configuration change, to open as a diff.
    void reviewFixRequested(const gs::findings::Finding &finding);

private:
    void addFixRow(QHBoxLayout *layout);

    findings::Finding m_finding;
    QPushButton *m_fixButton = nullptr;
    QWidget *m_fixRow = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_outcome = nullptr;
    bool m_resolved = false;
    QToolButton *m_evidenceToggle = nullptr;
    QWidget *m_evidenceBox = nullptr;
    QPlainTextEdit *m_evidence = nullptr;
};

} // namespace gs::gui
