#include "charts/chartspage.h"

#include "charts/chartlinesmodel.h"
#include "charts/chartrangebar.h"
#include "charts/chartseriesdata.h"
#include "charts/chartsource.h"
#include "charts/chartview.h"
#include "common/appicons.h"
#include "common/emptystatewidget.h"
#include "remote/remotehost.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace gs::gui {

namespace {

constexpr int kLiveIntervalMs = 5000;
constexpr int kMaxTableLines = 500;

QString humanBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

ChartsPage::ChartsPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("chartspage"));
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->setSpacing(6);

    auto bar = new QWidget;
    buildToolbar(bar);
    layout->addWidget(bar);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("chartStatus"));
    m_status->setWordWrap(true);
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_stack = new QStackedWidget;
    m_emptyState = new EmptyStateWidget(QStringLiteral("chart"), QString(), QString());
    m_emptyState->setObjectName(QStringLiteral("chartEmptyState"));
    connect(m_emptyState->addButton(tr("Open a log file…"), QStringLiteral("folder")),
            &QPushButton::clicked,
            this,
            [this]() { chooseLocalFiles(false); });
    m_stack->addWidget(m_emptyState);
    showEmptyState();

    auto splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("chartSplitter"));
    m_chart = new ChartView;
    splitter->addWidget(m_chart);
    auto linesPanel = new QWidget;
    auto linesLayout = new QVBoxLayout(linesPanel);
    linesLayout->setContentsMargins(0, 0, 0, 0);
    linesLayout->setSpacing(2);
    m_linesTitle = new QLabel(tr("Click a bucket to see its access and error-log lines."));
    m_linesTitle->setObjectName(QStringLiteral("linesTitle"));
    linesLayout->addWidget(m_linesTitle);
    m_linesModel = new ChartLinesModel(this);
    m_linesView = new QTableView;
    m_linesView->setObjectName(QStringLiteral("linesView"));
    m_linesView->setModel(m_linesModel);
    m_linesView->verticalHeader()->hide();
    m_linesView->verticalHeader()->setDefaultSectionSize(m_linesView->fontMetrics().height() + 6);
    m_linesView->horizontalHeader()->setStretchLastSection(true);
    m_linesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_linesView->setWordWrap(false);
    m_linesView->setAlternatingRowColors(true);
    linesLayout->addWidget(m_linesView);
    splitter->addWidget(linesPanel);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({520, 220});
    m_stack->addWidget(splitter);
    layout->addWidget(m_stack, 1);

    m_liveTimer = new QTimer(this);
    m_liveTimer->setInterval(kLiveIntervalMs);
    connect(m_liveTimer, &QTimer::timeout, this, [this]() {
        m_keepView = m_chart->isZoomed();
        if (m_primary)
            m_primary->follow();
        if (m_compare)
            m_compare->follow();
    });
    connect(m_chart, &ChartView::bucketClicked, this, &ChartsPage::onBucketClicked);
    showStatus();
}

ChartsPage::~ChartsPage() = default;

void ChartsPage::buildToolbar(QWidget *bar)
{
    auto row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);
    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("chartSource"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    row->addWidget(m_title);
    m_logCombo = new QComboBox;
    m_logCombo->setObjectName(QStringLiteral("logCombo"));
    m_logCombo->setToolTip(tr("The access log to chart: the server's configuration may write "
                              "several"));
    m_logCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_logCombo->setMaximumWidth(360);
    m_logCombo->hide();
    connect(m_logCombo, &QComboBox::activated, this, [this]() {
        setRemoteLog(m_logCombo->currentData().toString(), m_nginxConfig);
    });
    row->addWidget(m_logCombo);
    m_rangeBar = new ChartRangeBar;
    row->addWidget(m_rangeBar);
    connect(m_rangeBar, &ChartRangeBar::rangeChanged, this, [this]() {
        if (m_primary && m_primary->kind() == ChartSource::Kind::Local && m_primary->snapshot()) {
            showData(); // local logs are read whole: a range is a view
            return;
        }
        reload();
    });
    m_live = new QCheckBox(tr("Live"));
    m_live->setObjectName(QStringLiteral("liveCheck"));
    m_live->setToolTip(
            tr("Follow the log: new lines are added every %1 seconds").arg(kLiveIntervalMs / 1000));
    connect(m_live, &QCheckBox::toggled, this, &ChartsPage::setLive);
    row->addWidget(m_live);
    m_refresh = new QPushButton(tr("Refresh"));
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    connect(m_refresh, &QPushButton::clicked, this, &ChartsPage::reload);
    row->addWidget(m_refresh);
    row->addStretch(1);

    auto open = new QPushButton(appIcon(QStringLiteral("folder")), tr("Open log file…"));
    open->setObjectName(QStringLiteral("openLogButton"));
    connect(open, &QPushButton::clicked, this, [this]() { chooseLocalFiles(false); });
    row->addWidget(open);

    m_compareButton = new QToolButton;
    m_compareButton->setObjectName(QStringLiteral("compareButton"));
    m_compareButton->setText(tr("Compare"));
    m_compareButton->setToolTip(tr("Show a second server or log on the same chart"));
    m_compareButton->setPopupMode(QToolButton::InstantPopup);
    m_compareMenu = new QMenu(m_compareButton);
    m_compareButton->setMenu(m_compareMenu);
    row->addWidget(m_compareButton);
    updateCompareMenu();

    auto exportButton = new QToolButton;
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setIcon(appIcon(QStringLiteral("export")));
    exportButton->setText(tr("Export"));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto exportMenu = new QMenu(exportButton);
    connect(exportMenu->addAction(tr("Chart as PNG…")),
            &QAction::triggered,
            this,
            &ChartsPage::exportPngInteractive);
    connect(exportMenu->addAction(tr("Series as CSV…")),
            &QAction::triggered,
            this,
            &ChartsPage::exportCsvInteractive);
    exportButton->setMenu(exportMenu);
    row->addWidget(exportButton);
}

void ChartsPage::updateCompareMenu()
{
    m_compareMenu->clear();
    connect(m_compareMenu->addAction(tr("A log file…")), &QAction::triggered, this, [this]() {
        chooseLocalFiles(true);
    });
    if (m_hostFactory) {
        for (const inventory::Server &server : std::as_const(m_comparable)) {
            if (server.name == m_serverName)
                continue;
            connect(m_compareMenu->addAction(appIcon(QStringLiteral("server")), server.name),
                    &QAction::triggered,
                    this,
                    [this, server]() {
                        if (auto host = m_hostFactory(server))
                            compareWithHost(server.name, host);
                    });
        }
    }
    m_compareMenu->addSeparator();
    QAction *clear = m_compareMenu->addAction(tr("Stop comparing"));
    clear->setEnabled(m_compare != nullptr);
    connect(clear, &QAction::triggered, this, &ChartsPage::clearComparison);
}

void ChartsPage::setRemoteLog(const QString &path, const QString &nginxConfig)
{
    m_nginxConfig = nginxConfig;
    m_remoteLogPath = path;
    if (!m_primary || m_primary->kind() != ChartSource::Kind::Remote)
        return;
    m_primary->setRemoteLog(path, nginxConfig);
    reload();
}

void ChartsPage::updateLogCombo()
{
    const bool remote = m_primary && m_primary->kind() == ChartSource::Kind::Remote;
    m_logCombo->setVisible(remote);
    if (!remote || !m_primary->snapshot())
        return;
    const QSignalBlocker blocker(m_logCombo);
    m_logCombo->clear();
    m_logCombo->addItem(tr("Busiest access log"), QString());
    for (const logs::AccessLogCandidate &candidate : m_primary->snapshot()->candidates) {
        m_logCombo->addItem(candidate.path, candidate.path);
        m_logCombo->setItemData(m_logCombo->count() - 1,
                                tr("format %1, %2, servers: %3")
                                        .arg(candidate.formatName,
                                             humanBytes(qMax<qint64>(candidate.size, 0)),
                                             candidate.servers.join(QStringLiteral(", "))),
                                Qt::ToolTipRole);
    }
    const int current = m_logCombo->findData(m_primary->remoteLog());
    m_logCombo->setCurrentIndex(qMax(current, 0));
}

void ChartsPage::connectSource(ChartSource *source)
{
    connect(source, &ChartSource::loaded, this, &ChartsPage::showData);
    connect(source, &ChartSource::loaded, this, &ChartsPage::updateLogCombo);
    connect(source, &ChartSource::failed, this, [this, source](const QString &message) {
        m_status->setText(tr("%1: %2").arg(source->name(), message));
        // The server's own page for what went wrong, not the last chart of another one.
        if (source == m_primary && !source->snapshot())
            showEmptyState(tr("The access log of %1 could not be read").arg(source->name()),
                           message);
    });
    connect(source, &ChartSource::busyChanged, this, [this]() { showStatus(); });
    connect(source,
            &ChartSource::linesReady,
            this,
            [this, source](qint64 since, const QList<logs::LogLine> &lines) {
                if (source != m_primary)
                    return;
                m_linesModel->setLines(lines);
                m_linesView->resizeColumnsToContents();
                m_linesTitle->setText(
                        tr("%n line(s) from %1", nullptr, static_cast<int>(lines.size()))
                                .arg(QDateTime::fromSecsSinceEpoch(since).toString(
                                        QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
                Q_EMIT linesShown();
            });
}

void ChartsPage::setServer(const inventory::Server &server)
{
    const bool changed = server.name != m_serverName;
    if (changed) {
        // Another server's log choice means nothing here.
        m_remoteLogPath.clear();
        m_nginxConfig.clear();
    }
    m_server = server;
    m_serverName = server.name;
    updateCompareMenu();
    if (changed && m_hostFactory)
        setHost(m_hostFactory(server));
}

void ChartsPage::setHostFactory(HostFactory factory)
{
    m_hostFactory = std::move(factory);
    updateCompareMenu();
    if (m_hostFactory && !m_serverName.isEmpty() && !m_host)
        setHost(m_hostFactory(m_server));
}

void ChartsPage::setComparableServers(const QList<inventory::Server> &servers)
{
    m_comparable = servers;
    updateCompareMenu();
}

void ChartsPage::setHost(std::shared_ptr<remote::RemoteHost> host)
{
    m_host = std::move(host);
    if (!m_host) {
        if (m_primary && m_primary->kind() == ChartSource::Kind::Remote) {
            delete m_primary;
            m_primary = nullptr;
            m_stack->setCurrentWidget(m_emptyState);
        }
        showStatus();
        return;
    }
    delete m_primary;
    // Nothing of the previous server stays on show while this one's log is read (or fails).
    delete m_compare;
    m_compare = nullptr;
    updateCompareMenu();
    m_linesModel->setLines({});
    m_linesTitle->setText(tr("Click a bucket to see its access and error-log lines."));
    showEmptyState();
    m_primary = new ChartSource(
            m_serverName.isEmpty() ? m_host->options().displayName() : m_serverName, this);
    connectSource(m_primary);
    m_primary->setRemote(m_host);
    m_primary->setRemoteLog(m_remoteLogPath, m_nginxConfig);
    updateLogCombo();
    m_rangeBar->setWholeLogAllowed(false);
    m_reloadWhenShown = !isVisible();
    if (!m_reloadWhenShown)
        reload();
}

void ChartsPage::showEmptyState(const QString &title, const QString &text)
{
    m_emptyState->titleLabel()->setText(title.isEmpty() ? tr("Error rates will appear here")
                                                        : title);
    m_emptyState->textLabel()->setText(
            text.isEmpty() ? tr("Gatescope reads this server's nginx access log and charts 5xx "
                                "answers over time, so you can see when the errors started and "
                                "whether a fix helped. You can also open a log file someone "
                                "sent you.")
                           : text);
    m_stack->setCurrentWidget(m_emptyState);
}

void ChartsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_reloadWhenShown, false))
        reload();
}

void ChartsPage::openLocalFiles(const QStringList &files, const QByteArray &format)
{
    if (files.isEmpty())
        return;
    delete m_primary;
    const QString first = QFileInfo(files.first()).fileName();
    m_primary = new ChartSource(
            files.size() == 1
                    ? first
                    : tr("%1 + %n more", nullptr, static_cast<int>(files.size() - 1)).arg(first),
            this);
    connectSource(m_primary);
    m_primary->setLocalFiles(files, format);
    updateLogCombo();
    m_rangeBar->setWholeLogAllowed(true);
    m_rangeBar->setPreset(ChartRangeBar::WholeLog);
    reload();
}

void ChartsPage::compareWithLocalFiles(const QStringList &files, const QByteArray &format)
{
    if (files.isEmpty())
        return;
    delete m_compare;
    m_compare = new ChartSource(QFileInfo(files.first()).fileName(), this);
    connectSource(m_compare);
    m_compare->setLocalFiles(files, format);
    updateCompareMenu();
    reload();
}

void ChartsPage::compareWithHost(const QString &name, std::shared_ptr<remote::RemoteHost> host)
{
    if (!host)
        return;
    delete m_compare;
    m_compare = new ChartSource(name, this);
    connectSource(m_compare);
    m_compare->setRemote(std::move(host));
    updateCompareMenu();
    reload();
}

void ChartsPage::clearComparison()
{
    delete m_compare;
    m_compare = nullptr;
    updateCompareMenu();
    showData();
}

// Dialogs are window-modal and asynchronous (open(), never exec()): no nested event loop.
void ChartsPage::askFormat(const QStringList &files, bool comparison)
{
    QStringList items{QStringLiteral("combined")};
    if (m_lastFormat != "combined")
        items.append(QString::fromUtf8(m_lastFormat));
    auto *input = new QInputDialog(this);
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setObjectName(QStringLiteral("formatDialog"));
    input->setWindowTitle(tr("Log format"));
    input->setLabelText(tr("The log_format the access log was written with: 'combined' (nginx's "
                           "default) or the format string from the server's configuration:"));
    input->setComboBoxItems(items);
    input->setComboBoxEditable(true);
    connect(input,
            &QInputDialog::textValueSelected,
            this,
            [this, files, comparison](const QString &text) {
                const QByteArray format = text.trimmed().toUtf8();
                if (format.isEmpty())
                    return;
                m_lastFormat = format;
                if (comparison)
                    compareWithLocalFiles(files, format);
                else
                    openLocalFiles(files, format);
            });
    input->open();
}

void ChartsPage::chooseLocalFiles(bool comparison)
{
    auto *dialog = new QFileDialog(this,
                                   comparison ? tr("Compare with log files")
                                              : tr("Open nginx log files"),
                                   QString(),
                                   tr("Logs (*.log *.log.* *.gz *.txt);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    connect(dialog,
            &QFileDialog::filesSelected,
            this,
            [this, comparison](const QStringList &files) {
                if (!files.isEmpty())
                    askFormat(files, comparison);
            });
    dialog->open();
}

void ChartsPage::reload()
{
    ChartSource::Range range;
    const ChartRangeBar::Preset preset = m_rangeBar->preset();
    range.bucketSeconds = m_rangeBar->bucketSeconds();
    if (preset == ChartRangeBar::Custom) {
        range.since = m_rangeBar->customFrom();
        range.until = m_rangeBar->customTo();
    } else {
        range.window = m_rangeBar->window();
    }
    m_keepView = false;
    for (ChartSource *source : {m_primary, m_compare}) {
        if (!source)
            continue;
        ChartSource::Range sourceRange = range;
        // Local logs are read whole once at one-minute resolution; ranges are views of them.
        if (source->kind() == ChartSource::Kind::Local)
            sourceRange = ChartSource::Range();
        source->load(sourceRange);
    }
    showStatus();
}

void ChartsPage::showData()
{
    if (!m_primary || !m_primary->snapshot()) {
        showStatus();
        return;
    }
    const logs::ErrorRatesSnapshot &snapshot = *m_primary->snapshot();
    std::optional<qint64> from;
    std::optional<qint64> to;
    qint64 display = 0;
    const ChartRangeBar::Preset preset = m_rangeBar->preset();
    if (m_primary->kind() == ChartSource::Kind::Local) {
        const ChartSeriesData whole = ChartSeriesData::fromSnapshot(snapshot);
        if (preset == ChartRangeBar::Custom) {
            from = m_rangeBar->customFrom();
            to = m_rangeBar->customTo();
        } else if (const std::optional<qint64> window = m_rangeBar->window();
                   window && !whole.isEmpty()) {
            to = whole.end(); // "the last hour" of a log someone sent is its last hour
            from = *to - *window;
        } else if (!whole.isEmpty()) {
            from = whole.first();
            to = whole.end();
        }
        if (from && to)
            display = ChartSeriesData::niceBucket(*to - *from, 400);
    }
    const ChartSeriesData series = ChartSeriesData::fromSnapshot(snapshot, display, from, to);
    std::optional<ChartSeriesData> comparison;
    if (m_compare && m_compare->snapshot()) {
        const logs::ErrorRatesSnapshot &other = *m_compare->snapshot();
        comparison = ChartSeriesData::fromSnapshot(other,
                                                   qMax(display, series.bucketSeconds()),
                                                   series.isEmpty() ? from : series.first(),
                                                   series.isEmpty() ? to : series.end());
    }
    const qint64 viewFrom = m_chart->viewFrom();
    const qint64 viewTo = m_chart->viewTo();
    m_chart->setData(series,
                     m_primary->name(),
                     comparison,
                     m_compare ? m_compare->name() : QString(),
                     snapshot.events);
    if (m_keepView)
        m_chart->setViewRange(viewFrom, viewTo);
    m_stack->setCurrentIndex(1);
    showStatus();
    Q_EMIT dataShown();
}

void ChartsPage::showStatus()
{
    const bool busy = (m_primary && m_primary->isBusy()) || (m_compare && m_compare->isBusy());
    m_refresh->setEnabled(m_primary && !busy);
    if (!m_primary) {
        m_title->setText(m_serverName.isEmpty() ? tr("No log open") : m_serverName);
        m_status->setText(m_serverName.isEmpty()
                                  ? tr("Open a log file, or pick a server to read its logs over "
                                       "SSH.")
                                  : tr("Not connected: open a log file, or connect to %1 to read "
                                       "its access log.")
                                            .arg(m_serverName));
        return;
    }
    m_title->setText(m_primary->name());
    if (busy && !m_primary->snapshot()) {
        m_status->setText(m_primary->kind() == ChartSource::Kind::Remote
                                  ? tr("Reading the access log over SSH…")
                                  : tr("Reading the log files…"));
        return;
    }
    if (!m_primary->snapshot())
        return;
    const logs::ErrorRatesSnapshot &s = *m_primary->snapshot();
    QStringList parts;
    parts << s.source << tr("format %1").arg(s.formatName.left(40))
          << tr("%n request(s)", nullptr, static_cast<int>(s.summary.requests));
    if (s.summary.unparsed > 0)
        parts << tr("%n unparsed line(s)", nullptr, static_cast<int>(s.summary.unparsed));
    if (s.transfer.remote) {
        parts << tr("%1 over SSH for a %2 log in %3 s")
                         .arg(humanBytes(s.transfer.networkBytes), humanBytes(s.transfer.logBytes))
                         .arg(static_cast<double>(s.transfer.durationMs) / 1000.0, 0, 'f', 1);
    }
    if (!s.errorSources.isEmpty())
        parts << tr("error logs: %1").arg(s.errorSources.join(QStringLiteral(", ")));
    QString text = parts.join(QStringLiteral(" · "));
    if (!s.warnings.isEmpty())
        text += QStringLiteral("\n") + s.warnings.join(QStringLiteral("\n"));
    if (busy)
        text += QStringLiteral("  ") + tr("(updating…)");
    m_status->setText(text);
}

void ChartsPage::onBucketClicked(qint64 start, qint64 seconds)
{
    if (!m_primary)
        return;
    m_linesTitle->setText(tr("Reading the lines of %1…")
                                  .arg(QDateTime::fromSecsSinceEpoch(start).toString(
                                          QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    m_primary->requestLines(start, start + seconds, kMaxTableLines);
}

void ChartsPage::refreshAfterDiagnosis()
{
    if (!m_primary || m_primary->kind() != ChartSource::Kind::Remote)
        return;
    if (!isVisible()) {
        m_reloadWhenShown = true;
        return;
    }
    // Read what was added and keep the user's zoom; a chart not read yet is loaded whole.
    m_keepView = m_chart->isZoomed();
    if (m_primary->snapshot())
        m_primary->follow();
    else
        reload();
}

void ChartsPage::setLive(bool live)
{
    if (m_live->isChecked() != live)
        m_live->setChecked(live);
    if (live)
        m_liveTimer->start();
    else
        m_liveTimer->stop();
}

bool ChartsPage::isLive() const
{
    return m_liveTimer->isActive();
}

QString ChartsPage::csv() const
{
    const ChartSeriesData &series = m_chart->data();
    if (!m_chart->comparison())
        return series.toCsv();
    return series.toCsv(m_primary ? m_primary->name() : QString())
           + m_chart->comparison()->toCsv(m_compare ? m_compare->name() : QString(), false);
}

bool ChartsPage::exportCsv(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const QByteArray bytes = csv().toUtf8();
    return file.write(bytes) == bytes.size();
}

bool ChartsPage::exportPng(const QString &path) const
{
    // A PNG travels alone (a ticket, a chat): it says whose chart it is, of which log, over
    // which time, in a header above the chart.
    const ChartSeriesData &series = m_chart->data();
    const QString title
            = tr("Error rates — %1").arg(m_serverName.isEmpty() ? tr("local files") : m_serverName);
    const QString log = m_primary ? m_primary->name() : m_remoteLogPath;
    // In this computer's time zone, as the chart's axis shows it.
    const auto local = [](qint64 epoch) {
        return QDateTime::fromSecsSinceEpoch(epoch).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    };
    const QString range = series.points().isEmpty()
                                  ? tr("no data")
                                  : tr("%1 to %2 (%3)")
                                            .arg(local(series.first()),
                                                 local(series.end()),
                                                 QDateTime::fromSecsSinceEpoch(series.first())
                                                         .timeZoneAbbreviation());
    return titledImage(m_chart->grab(), title, QStringLiteral("%1 · %2").arg(log, range), palette())
            .save(path, "PNG");
}

QImage ChartsPage::titledImage(const QPixmap &chart,
                               const QString &title,
                               const QString &subtitle,
                               const QPalette &colors)
{
    QFont titleFont;
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    const QFont subtitleFont;
    const int margin = 12;
    const int titleHeight = QFontMetrics(titleFont).height();
    const int subtitleHeight = QFontMetrics(subtitleFont).height();
    const int header = margin + titleHeight + 4 + subtitleHeight + margin;
    const qreal ratio = chart.devicePixelRatio();
    const QSize size(static_cast<int>(chart.width() / ratio),
                     static_cast<int>(chart.height() / ratio) + header);
    QImage image(size * ratio, QImage::Format_ARGB32);
    image.setDevicePixelRatio(ratio);
    image.fill(colors.color(QPalette::Base));
    QPainter painter(&image);
    painter.setPen(colors.color(QPalette::Text));
    painter.setFont(titleFont);
    const QRect titleRect(margin, margin, size.width() - 2 * margin, titleHeight);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.setFont(subtitleFont);
    const QRect subtitleRect(
            margin, margin + titleHeight + 4, size.width() - 2 * margin, subtitleHeight);
    painter.drawText(
            subtitleRect,
            Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(subtitleFont).elidedText(subtitle, Qt::ElideMiddle, subtitleRect.width()));
    painter.drawPixmap(QPoint(0, header), chart);
    painter.end();
    return image;
}

void ChartsPage::saveAs(const QString &title,
                        const QString &name,
                        const QString &filter,
                        const std::function<bool(const QString &)> &write)
{
    auto *dialog = new QFileDialog(this, title, name, filter);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    connect(dialog, &QFileDialog::fileSelected, this, [this, title, write](const QString &path) {
        if (path.isEmpty() || write(path))
            return;
        auto *box = new QMessageBox(QMessageBox::Warning,
                                    title,
                                    tr("Could not write %1.").arg(path),
                                    QMessageBox::Ok,
                                    this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    dialog->open();
}

void ChartsPage::exportPngInteractive()
{
    saveAs(tr("Export chart"),
           QStringLiteral("error-rates.png"),
           tr("PNG images (*.png)"),
           [this](const QString &path) { return exportPng(path); });
}

void ChartsPage::exportCsvInteractive()
{
    saveAs(tr("Export series"),
           QStringLiteral("error-rates.csv"),
           tr("CSV files (*.csv)"),
           [this](const QString &path) { return exportCsv(path); });
}

} // namespace gs::gui
