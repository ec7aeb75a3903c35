#pragma once

#include "inventory/server.h"

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QPalette>
#include <QPixmap>
#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace gs::remote {
class RemoteHost;
}

namespace gs::gui {

class ChartLinesModel;
class ChartRangeBar;
class ChartSource;
class ChartView;
class EmptyStateWidget;

// The "Error rates" tab: requests over time by class with 502/503/504 as their own lines, from
// the server's access log over SSH (ChartSource -> RemoteAccessLog) or from local log files.
// Range presets and custom ranges, zoom and pan, live mode (follow every few seconds), a click on
// a bucket lists that bucket's access and error-log lines below, reload/restart/OOM markers,
// PNG and CSV export, and a second server or log set on the same chart to compare. Every read
// runs on a worker thread; the GUI thread never waits.
class ChartsPage : public QWidget
{
    Q_OBJECT

public:
    // Opens (or reuses) the SSH connection to a server of the inventory; nullptr when it cannot.
    using HostFactory
            = std::function<std::shared_ptr<remote::RemoteHost>(const inventory::Server &server)>;

    explicit ChartsPage(QWidget *parent = nullptr);
    ~ChartsPage() override;

    void setServer(const inventory::Server &server);
    // The connection to read this server's logs through; nullptr leaves local files usable.
    // Workers share it while they run: keep the owning reference elsewhere (the per-server
    // connection) so that the last one is never dropped on a worker thread.
    void setHost(std::shared_ptr<remote::RemoteHost> host);
    void setHostFactory(HostFactory factory);
    // Servers offered in "Compare with"; the factory connects to them.
    void setComparableServers(const QList<inventory::Server> &servers);
    // Which access log of the server to chart (empty: the busiest), read with the log_format the
    // configuration gives it; nginxConfig names the nginx.conf when the master's is not the one.
    void setRemoteLog(const QString &path, const QString &nginxConfig = {});

    // What "Open a log file…" does after its dialogs: access and error logs (plain or .gz) read
    // with log_format `format` ("combined" or a format string).
    void openLocalFiles(const QStringList &files, const QByteArray &format = "combined");
    void compareWithLocalFiles(const QStringList &files, const QByteArray &format = "combined");
    void compareWithHost(const QString &name, std::shared_ptr<remote::RemoteHost> host);
    void clearComparison();

    // A diagnosis of this server just finished: the log has new lines (the errors it looked
    // at, a fix's effect). Read them now if the page is on show, else when it is shown.
    void refreshAfterDiagnosis();
    void setLive(bool live);
    bool isLive() const;
    bool exportPng(const QString &path) const;
    bool exportCsv(const QString &path) const;
    QString csv() const;

    ChartView *chartView() const { return m_chart; }
    // The chart under a header with the title and a subtitle (log and range), as exported.
    static QImage titledImage(const QPixmap &chart,
                              const QString &title,
                              const QString &subtitle,
                              const QPalette &colors);
    ChartLinesModel *linesModel() const { return m_linesModel; }
    QTableView *linesView() const { return m_linesView; }
    ChartRangeBar *rangeBar() const { return m_rangeBar; }
    ChartSource *primarySource() const { return m_primary; }
    QLabel *statusLabel() const { return m_status; }
    QComboBox *logCombo() const { return m_logCombo; }

Q_SIGNALS:
    // The chart shows new data (after a load or a live round).
    void dataShown();
    // The table shows the lines of a clicked bucket.
    void linesShown();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildToolbar(QWidget *bar);
    void chooseLocalFiles(bool comparison);
    void reload();
    void showData();
    void showStatus();
    // The empty page, with what went wrong when title and text are given.
    void showEmptyState(const QString &title = {}, const QString &text = {});
    void onBucketClicked(qint64 start, qint64 seconds);
    void updateCompareMenu();
    void updateLogCombo();
    void exportPngInteractive();
    void exportCsvInteractive();
    void connectSource(ChartSource *source);
    void askFormat(const QStringList &files, bool comparison);
    void saveAs(const QString &title,
                const QString &name,
                const QString &filter,
                const std::function<bool(const QString &)> &write);

    QString m_serverName;
    inventory::Server m_server;
    HostFactory m_hostFactory;
    QList<inventory::Server> m_comparable;
    std::shared_ptr<remote::RemoteHost> m_host;
    ChartSource *m_primary = nullptr;
    ChartSource *m_compare = nullptr;
    bool m_keepView = false; // a live round keeps the user's zoom
    // A server's log is read when the tab is first shown, not when the server is selected: a
    // hidden tab must not start a connection that asks the user for a host key or password.
    bool m_reloadWhenShown = false;
    QByteArray m_lastFormat = "combined";

    QStackedWidget *m_stack = nullptr;
    EmptyStateWidget *m_emptyState = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_logCombo = nullptr;
    QString m_nginxConfig;
    QString m_remoteLogPath;
    ChartRangeBar *m_rangeBar = nullptr;
    QCheckBox *m_live = nullptr;
    QPushButton *m_refresh = nullptr;
    QToolButton *m_compareButton = nullptr;
    QMenu *m_compareMenu = nullptr;
    ChartView *m_chart = nullptr;
    QLabel *m_linesTitle = nullptr;
    QTableView *m_linesView = nullptr;
    ChartLinesModel *m_linesModel = nullptr;
    QTimer *m_liveTimer = nullptr;
};

} // namespace gs::gui
