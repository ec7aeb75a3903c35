#pragma once

#include "findings/finding.h"

#include <QFrame>

class QPlainTextEdit;
class QToolButton;

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

    static QColor severityColor(findings::Finding::Severity severity);
    static QString severityIconName(findings::Finding::Severity severity);
    static QString severityLabel(findings::Finding::Severity severity);

Q_SIGNALS:
    void openConfigRequested(const QString &file, int line);

private:
    findings::Finding m_finding;
    QToolButton *m_evidenceToggle = nullptr;
    QWidget *m_evidenceBox = nullptr;
    QPlainTextEdit *m_evidence = nullptr;
};

} // namespace gs::gui
