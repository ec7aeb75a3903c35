#pragma once

#include "diagnose/diagnosisstate.h"
#include "inventory/server.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSplitter;
class QStackedWidget;
class QTreeWidget;
class QVBoxLayout;

namespace gs::gui {

class EmptyStateWidget;
class FindingCard;

// The "Diagnose" tab: Diagnose and Cancel, the checklist filling in as checks come in, then the
// findings as cards (most likely cause first) or a clear "No problems found", and the report
// actions (copy as text, export; the export dialog offers redaction). Shows a DiagnosisState; the
// ConnectionManager runs the diagnosis and hands the state over.
class DiagnosePage : public QWidget
{
    Q_OBJECT

public:
    explicit DiagnosePage(QWidget *parent = nullptr);

    void setServer(const inventory::Server &server);
    const QString &serverName() const { return m_serverName; }
    // Shows where this server's diagnosis stands (the state must be the current server's).
    void setState(const DiagnosisState &state);

    QList<FindingCard *> findingCards() const;
    QTreeWidget *checklist() const { return m_checklist; }
    // A diagnosis made offline (a support bundle): nothing reaches a server, so no Reproduce.
    void setOffline(bool offline);
    // While a fix runs on this server, the other fix buttons wait.
    void setActionRunning(bool running);

Q_SIGNALS:
    void diagnoseRequested(const QString &serverName);
    void cancelRequested(const QString &serverName);
    void openConfigRequested(const QString &file, int line);
    // A finding card's service fix (Start PHP-FPM, Restart shop.service, ...).
    void fixRequested(const QString &serverName, const gs::findings::Finding &finding);
    // A finding card's guided configuration fix, to open as a diff in the Config tab.
    void reviewFixRequested(const gs::findings::Finding &finding);
    // "Reproduce…": a bounded burst against the site that failed.
    void reproduceRequested(const QString &serverName);
    void exportRequested(const QString &serverName);
    void copyRequested(const QString &serverName);

private:
    QWidget *createResults();
    QWidget *createErrorPanel();
    void fillChecklist(const DiagnosisState &state);
    void fitChecklist(bool findingsFirst);
    void fillFindings(const DiagnosisState &state);
    void updateHeader(const DiagnosisState &state);
    void updateFixButtons();

    QString m_serverName;
    bool m_readOnly = false;
    bool m_offline = false;
    bool m_actionRunning = false;
    // What the findings area shows now: cards are rebuilt only when this changes, so an
    // expanded evidence box stays open while checks come in.
    QString m_renderedKey;

    QStackedWidget *m_stack = nullptr;
    EmptyStateWidget *m_emptyState = nullptr;
    QWidget *m_results = nullptr;
    QWidget *m_errorPanel = nullptr;
    QLabel *m_errorTitle = nullptr;
    QLabel *m_errorText = nullptr;

    QLabel *m_statusIcon = nullptr;
    QLabel *m_statusText = nullptr;
    QProgressBar *m_busy = nullptr;
    QPushButton *m_diagnose = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_export = nullptr;
    QPushButton *m_reproduce = nullptr;

    QSplitter *m_splitter = nullptr;
    QTreeWidget *m_checklist = nullptr;
    QScrollArea *m_findingsScroll = nullptr;
    QWidget *m_findingsContent = nullptr;
    QVBoxLayout *m_findingsLayout = nullptr;
};

} // namespace gs::gui
