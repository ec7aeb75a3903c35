#pragma once

#include "actions/probeburst.h"
#include "diagnose/diagnosisstate.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;

namespace gs::gui {

class ServerConnection;

// "Reproduce": a bounded burst of requests against the site that failed, from the server (curl
// in a loop, over SSH) or from this workstation, within ProbeBurst's hard caps; shows the status
// mix and latency percentiles. Refuses URLs that are not this server. Non-modal; each burst is
// appended to the audit log.
class ProbeDialog : public QDialog
{
    Q_OBJECT

public:
    ProbeDialog(ServerConnection *connection,
                const QString &serverName,
                const QString &url,
                QWidget *parent = nullptr);

    // The first URL the diagnosis saw failing (finding evidence, then the site checks), else "".
    static QString failingUrl(const DiagnosisState &state);

    QLineEdit *urlEdit() const { return m_url; }
    QComboBox *fromChoice() const { return m_from; }
    QSpinBox *requests() const { return m_requests; }
    QSpinBox *concurrency() const { return m_concurrency; }
    QPushButton *runButton() const { return m_run; }
    QLabel *resultLabel() const { return m_result; }
    const std::optional<actions::ProbeBurst::Result> &result() const { return m_last; }

    void start();

Q_SIGNALS:
    void probed(const gs::actions::ProbeBurst::Result &result);

private:
    void startFromHere(const actions::ProbeBurst::Options &options, const QStringList &notes);
    void launchOne();
    void finishBurst(actions::ProbeBurst::Result result);
    void showError(const QString &text);
    void setRunning(bool running);

    QPointer<ServerConnection> m_connection;
    QString m_serverName;
    QLineEdit *m_url = nullptr;
    QComboBox *m_from = nullptr;
    QSpinBox *m_requests = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QPushButton *m_run = nullptr;
    QLabel *m_result = nullptr;
    std::optional<actions::ProbeBurst::Result> m_last;

    // From here: the burst in flight.
    QNetworkAccessManager *m_network = nullptr;
    actions::ProbeBurst::Options m_options;
    actions::ProbeBurst::Result m_here;
    QList<double> m_latencies;
    QElapsedTimer m_clock;
    int m_started = 0;
    int m_finished = 0;
};

} // namespace gs::gui
