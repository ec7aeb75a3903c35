// The Charts page on local log files, offscreen: a generated access log with known answers and an
// error log give the series, the markers, the lines of a clicked bucket, zoom, ranges, a second
// series set, and the PNG and CSV exports.

#include "charts/chartlinesmodel.h"
#include "charts/chartrangebar.h"
#include "charts/chartseriesdata.h"
#include "charts/chartsource.h"
#include "charts/chartspage.h"
#include "charts/chartview.h"
#include "common/emptystatewidget.h"
#include "remote/remotehost.h"

#include <QAbstractItemModelTester>
#include <QAbstractSeries>
#include <QChart>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QImage>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using gs::gui::ChartLinesModel;
using gs::gui::ChartPoint;
using gs::gui::ChartRangeBar;
using gs::gui::ChartsPage;
using gs::gui::ChartView;

namespace {

// 2026-11-21T10:00:00Z: three hours of one request every 10 seconds; the minute 12:30 adds
// kBurst 502s, and 11:00 one 504.
constexpr qint64 kStart = 1795255200;
constexpr qint64 kHours = 3;
constexpr qint64 kBurstMinute = kStart + 9000; // 12:30
constexpr int kBurst = 12;

QByteArray accessLine(qint64 t, int status, const QByteArray &path)
{
    const QString local = QDateTime::fromSecsSinceEpoch(t, Qt::UTC)
                                  .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss"));
    return "203.0.113.9 - - [" + local.toUtf8() + " +0000] \"GET " + path + " HTTP/1.1\" "
           + QByteArray::number(status) + " 321 \"-\" \"curl/8\"\n";
}

// nginx error-log time on this computer's clock (the page reads zone-less logs at local time).
QByteArray errorTime(qint64 t)
{
    return QDateTime::fromSecsSinceEpoch(t)
            .toString(QStringLiteral("yyyy/MM/dd HH:mm:ss"))
            .toUtf8();
}

struct Fixture
{
    QTemporaryDir dir;
    QString access;
    QString errors;
    qint64 requests = 0;
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

void makeLogs(Fixture &f, qint64 shift = 0)
{
    QByteArray access;
    for (qint64 t = kStart; t < kStart + kHours * 3600; t += 10) {
        access += accessLine(t + shift, t % 60 == 0 ? 304 : 200, "/shop");
        ++f.requests;
        if (t == kStart + 3600) {
            access += accessLine(t + shift, 504, "/slow");
            ++f.requests;
        }
        if (t == kBurstMinute) {
            for (int i = 0; i < kBurst; ++i)
                access += accessLine(t + shift + 5 + i % 40, 502, "/api/cart");
            f.requests += kBurst;
        }
    }
    f.access = f.dir.filePath(QStringLiteral("access.log"));
    QVERIFY(writeFile(f.access, access));
    QByteArray errors;
    for (int i = 0; i < kBurst; ++i) {
        errors += errorTime(kBurstMinute + 5 + i % 40)
                  + " [error] 41#41: *7 connect() failed (111: Connection refused) while "
                    "connecting to upstream, client: 203.0.113.9, server: shop, request: \"GET "
                    "/api/cart HTTP/1.1\", upstream: \"http://127.0.0.1:3000/api/cart\", host: "
                    "\"shop\"\n";
    }
    errors += errorTime(kBurstMinute + 50) + " [notice] 40#40: signal process started\n";
    f.errors = f.dir.filePath(QStringLiteral("error.log"));
    QVERIFY(writeFile(f.errors, errors));
}

qint64 sumRequests(const gs::gui::ChartSeriesData &data)
{
    qint64 total = 0;
    for (const ChartPoint &p : data.points())
        total += p.requests;
    return total;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private:
    static bool waitFor(QSignalSpy &spy, int count = 1)
    {
        return spy.count() >= count || spy.wait(20000);
    }

private Q_SLOTS:
    void localLog_SeriesMarkersLinesAndExports()
    {
        Fixture f;
        QVERIFY(f.dir.isValid());
        makeLogs(f);
        ChartsPage page;
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QAbstractItemModelTester tester(page.linesModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        QSignalSpy shown(&page, &ChartsPage::dataShown);
        page.openLocalFiles({f.access, f.errors}, "combined");
        QVERIFY(waitFor(shown));
        ChartView *chart = page.chartView();
        QCOMPARE(page.rangeBar()->preset(), ChartRangeBar::WholeLog);
        QCOMPARE(sumRequests(chart->data()), f.requests);

        // Series: the four classes stacked, then 502/503/504 of their own.
        QStringList names;
        for (QAbstractSeries *series : chart->chart()->series())
            names << series->name();
        QCOMPARE(names,
                 QStringList({QStringLiteral("2xx"),
                              QStringLiteral("3xx"),
                              QStringLiteral("4xx"),
                              QStringLiteral("5xx"),
                              QStringLiteral("502"),
                              QStringLiteral("503"),
                              QStringLiteral("504")}));
        // Three hours of a whole log: buckets of a minute or more, the burst in one of them.
        const ChartPoint *burst = chart->data().pointAt(kBurstMinute + 10);
        QVERIFY(burst);
        QCOMPARE(burst->s502, qint64(kBurst));
        QCOMPARE(burst->classes[3], qint64(kBurst));
        QCOMPARE(burst->errorEvents, qint64(kBurst));
        QVERIFY(chart->toolTipAt(kBurstMinute + 10).contains(QStringLiteral("502: 12")));
        QCOMPARE(chart->events().size(), 1);
        QCOMPARE(chart->events().first().kind, QStringLiteral("nginx.reload"));

        // A range preset is a view of the log's last hour, in minutes.
        QSignalSpy reshown(&page, &ChartsPage::dataShown);
        page.rangeBar()->setPreset(ChartRangeBar::LastHour);
        QVERIFY(waitFor(reshown));
        QCOMPARE(chart->data().bucketSeconds(), qint64(60));
        QCOMPARE(chart->data().points().size(), 60);
        QCOMPARE(chart->data().first(), kStart + 2 * 3600);
        QCOMPARE(chart->data().pointAt(kBurstMinute)->s502, qint64(kBurst));

        // Clicking the burst's bucket lists its access and error-log lines.
        QSignalSpy lines(&page, &ChartsPage::linesShown);
        QTest::qWait(100); // the chart lays out its new axes
        const QRectF plot = chart->chart()->plotArea();
        const QPoint click(static_cast<int>(chart->xOf(kBurstMinute + 30)),
                           static_cast<int>(plot.center().y()));
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, click);
        QVERIFY(waitFor(lines));
        const ChartLinesModel *model = page.linesModel();
        int access502 = 0;
        int accessOther = 0;
        int refused = 0;
        for (const gs::logs::LogLine &line : model->lines()) {
            QVERIFY(line.time >= kBurstMinute && line.time < kBurstMinute + 60);
            if (line.errorLog)
                refused += line.what == QLatin1String("upstream.connection_refused") ? 1 : 0;
            else if (line.status == 502)
                ++access502;
            else
                ++accessOther;
        }
        QCOMPARE(access502, kBurst);
        QCOMPARE(accessOther, 6); // one request every 10 s
        QCOMPARE(refused, kBurst);
        QCOMPARE(model->rowCount(), kBurst + 6 + kBurst + 1); // and the reload notice
        QCOMPARE(model->index(0, ChartLinesModel::LogColumn).data().toString(),
                 QStringLiteral("access"));

        // Rubber-band zoom to a quarter, then a double-click shows everything again.
        const int left = static_cast<int>(plot.left() + plot.width() * 0.25);
        const int right = static_cast<int>(plot.left() + plot.width() * 0.5);
        const int y = static_cast<int>(plot.center().y());
        QTest::mousePress(chart->viewport(), Qt::LeftButton, {}, QPoint(left, y));
        QMouseEvent move(QEvent::MouseMove,
                         QPointF(right, y),
                         chart->viewport()->mapToGlobal(QPointF(right, y)),
                         Qt::NoButton,
                         Qt::LeftButton,
                         Qt::NoModifier);
        QCoreApplication::sendEvent(chart->viewport(), &move);
        QTest::mouseRelease(chart->viewport(), Qt::LeftButton, {}, QPoint(right, y));
        QVERIFY(chart->isZoomed());
        QVERIFY(chart->viewTo() - chart->viewFrom() < 1200);
        QTest::mouseDClick(chart->viewport(), Qt::LeftButton, {}, QPoint(left, y));
        QVERIFY(!chart->isZoomed());

        // Exports.
        const QString csvPath = f.dir.filePath(QStringLiteral("series.csv"));
        QVERIFY(page.exportCsv(csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
        QCOMPARE(rows.size(), 61);
        QCOMPARE(rows.first(),
                 QByteArray("start,requests,2xx,3xx,4xx,5xx,502,503,504,error_log_events"));
        QVERIFY(rows.contains("2026-11-21T12:30:00Z,18,5,1,0,12,12,0,0,12"));
        const QString pngPath = f.dir.filePath(QStringLiteral("chart.png"));
        QVERIFY(page.exportPng(pngPath));
        QImage image(pngPath);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 400);
        // The PNG travels alone: a header above the chart names the log and the range.
        const QPixmap grab = page.chartView()->grab();
        const int header
                = image.height() - static_cast<int>(grab.height() / grab.devicePixelRatio());
        QVERIFY2(header > 20, qPrintable(QString::number(header)));
        int ink = 0;
        const QRgb background = image.pixel(0, 0);
        for (int row = 0; row < header; ++row) {
            for (int column = 0; column < image.width(); ++column)
                ink += image.pixel(column, row) != background ? 1 : 0;
        }
        QVERIFY2(ink > 200, qPrintable(QString::number(ink)));
        if (const QString keep = qEnvironmentVariable("GS_SCREENSHOT_DIR"); !keep.isEmpty())
            QFile::copy(pngPath, keep + QStringLiteral("/exported-chart.png"));
    }

    // Issue 11: "another server's data shows under this server's name". A chart and its lines
    // on show, then a server that cannot be reached: nothing of the first stays, and the page
    // says what went wrong with the second.
    void anotherServerThatFails_ShowsItsOwnErrorNotTheLastChart()
    {
        Fixture f;
        QVERIFY(f.dir.isValid());
        makeLogs(f);
        ChartsPage page;
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy shown(&page, &ChartsPage::dataShown);
        page.openLocalFiles({f.access, f.errors}, "combined");
        QVERIFY(waitFor(shown));
        QSignalSpy lines(&page, &ChartsPage::linesShown);
        QTest::qWait(100);
        ChartView *chart = page.chartView();
        QTest::mouseClick(chart->viewport(),
                          Qt::LeftButton,
                          {},
                          QPoint(static_cast<int>(chart->xOf(kBurstMinute + 30)),
                                 static_cast<int>(chart->chart()->plotArea().center().y())));
        QVERIFY(waitFor(lines));
        QVERIFY(page.linesModel()->rowCount() > 0);

        // A port nothing listens on: the connection is refused at once.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        page.setHostFactory([port](const gs::inventory::Server &server) {
            gs::ssh::ConnectOptions options;
            options.host = QStringLiteral("127.0.0.1");
            options.port = port;
            options.user = server.user;
            options.connectTimeoutMs = 5000;
            return std::make_shared<gs::remote::RemoteHost>(options);
        });
        gs::inventory::Server other;
        other.name = QStringLiteral("unreachable-web");
        other.user = QStringLiteral("nobody");
        page.setServer(other);
        QCOMPARE(page.linesModel()->rowCount(), 0);
        auto empty = page.findChild<gs::gui::EmptyStateWidget *>(QStringLiteral("chartEmptyState"));
        QVERIFY(empty);
        QTRY_VERIFY_WITH_TIMEOUT(
                empty->isVisible()
                        && empty->titleLabel()->text().contains(QLatin1String("could not be read")),
                30000);
        QVERIFY(empty->titleLabel()->text().contains(QLatin1String("unreachable-web")));
        QVERIFY(!empty->textLabel()->text().isEmpty());
        QCOMPARE(page.linesModel()->rowCount(), 0);
    }

    // Issue 11: reload labels close together were drawn on top of one another.
    void eventLabels_closeTogether_takeRowsAndNeverOverlap()
    {
        using gs::gui::ChartView;
        // Three reloads within a label's width, one far away, given out of order.
        const QList<qreal> lefts{100, 105, 400, 110, 112};
        const QList<qreal> widths{20, 20, 20, 20, 20};
        const QList<int> rows = ChartView::labelRows(lefts, widths, 3);
        QCOMPARE(rows.size(), lefts.size());
        QCOMPARE(rows.at(0), 0);
        QCOMPARE(rows.at(1), 1);
        QCOMPARE(rows.at(2), 0); // room again in the top row
        QCOMPARE(rows.at(3), 2);
        QCOMPARE(rows.at(4), -1); // no room left: its line stays, its label is not drawn
        for (qsizetype a = 0; a < rows.size(); ++a) {
            for (qsizetype b = a + 1; b < rows.size(); ++b) {
                if (rows.at(a) < 0 || rows.at(a) != rows.at(b))
                    continue;
                const bool apart = lefts.at(a) + widths.at(a) <= lefts.at(b)
                                   || lefts.at(b) + widths.at(b) <= lefts.at(a);
                QVERIFY(apart);
            }
        }
        QVERIFY(ChartView::labelRows({}, {}, 3).isEmpty());
    }

    void comparison_DrawsASecondSeriesSet()
    {
        Fixture a;
        Fixture b;
        makeLogs(a);
        makeLogs(b);
        ChartsPage page;
        page.resize(1000, 700);
        page.show();
        QSignalSpy shown(&page, &ChartsPage::dataShown);
        page.openLocalFiles({a.access}, "combined");
        QVERIFY(waitFor(shown));
        page.compareWithLocalFiles({b.access}, "combined");
        QTRY_VERIFY_WITH_TIMEOUT(page.chartView()->comparison().has_value(), 20000);
        QCOMPARE(sumRequests(*page.chartView()->comparison()), b.requests);
        QStringList names;
        for (QAbstractSeries *series : page.chartView()->chart()->series())
            names << series->name();
        QVERIFY(names.contains(QStringLiteral("access.log: 5xx")));
        QVERIFY(page.csv().startsWith(QStringLiteral("server,start,")));
        page.clearComparison();
        QVERIFY(!page.chartView()->comparison().has_value());
    }

    void openButton_AsksForFilesThenTheFormat()
    {
        Fixture f;
        makeLogs(f);
        ChartsPage page;
        page.resize(1000, 700);
        page.show();
        QSignalSpy shown(&page, &ChartsPage::dataShown);
        auto *open = page.findChild<QPushButton *>(QStringLiteral("openLogButton"));
        QVERIFY(open);
        open->click();
        QFileDialog *files = nullptr;
        QTRY_VERIFY((files = page.findChild<QFileDialog *>()) != nullptr);
        QVERIFY(files->isVisible()); // opened with open(), not exec(): this test goes on running
        Q_EMIT files->filesSelected({f.access});
        files->close();
        QInputDialog *format = nullptr;
        QTRY_VERIFY((format = page.findChild<QInputDialog *>(QStringLiteral("formatDialog")))
                    != nullptr);
        QCOMPARE(format->comboBoxItems().first(), QStringLiteral("combined"));
        format->setTextValue(QStringLiteral("combined"));
        format->accept();
        QVERIFY(waitFor(shown));
        QCOMPARE(sumRequests(page.chartView()->data()), f.requests);
    }

    void badFormat_IsAMessageNotACrash()
    {
        Fixture f;
        makeLogs(f);
        ChartsPage page;
        page.openLocalFiles({f.access}, "$remote_addr$status");
        QTRY_VERIFY_WITH_TIMEOUT(!page.primarySource()->isBusy(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(page.statusLabel()->text().contains(QStringLiteral("format")),
                                 20000);
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
