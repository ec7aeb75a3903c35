// The Charts page drawn with a realistic day: traffic that rises and falls, a 502 outage ended by
// a reload, 504 spikes, an FPM restart and an OOM kill, a second server to compare and a clicked
// bucket. Checks what is painted (areas, lines, markers, the selection) in the grabbed image.
// With GS_CHARTS_SHOW_MS=N the window stays up N ms for a screenshot (xvfb-run + import);
// GS_CHARTS_PNG=PATH saves the page as rendered.

#include "charts/chartlinesmodel.h"
#include "charts/chartrangebar.h"
#include "charts/chartspage.h"
#include "charts/chartview.h"

#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using gs::gui::ChartRangeBar;
using gs::gui::ChartsPage;
using gs::gui::ChartView;

namespace {

constexpr qint64 kHours = 6;

QByteArray accessLine(qint64 t, int status, const char *path, quint32 n)
{
    const QString local = QDateTime::fromSecsSinceEpoch(t, Qt::UTC)
                                  .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss"));
    return "198.51.100." + QByteArray::number(n % 200 + 1) + " - - [" + local.toUtf8()
           + " +0000] \"GET " + path + " HTTP/1.1\" " + QByteArray::number(status) + " "
           + QByteArray::number(200 + n % 5000) + " \"-\" \"Mozilla/5.0\"\n";
}

QByteArray wall(qint64 t)
{
    return QDateTime::fromSecsSinceEpoch(t)
            .toString(QStringLiteral("yyyy/MM/dd HH:mm:ss"))
            .toUtf8();
}

// A day's shape: busier in the middle, a 502 outage, 504 spikes. Returns the outage's start.
qint64
writeLogs(const QString &access, const QString &errors, qint64 end, double scale, bool outage)
{
    const qint64 start = end - kHours * 3600;
    const qint64 outageStart = start + 4 * 3600 + 600;
    const qint64 outageEnd = outageStart + 17 * 60;
    QByteArray a;
    QByteArray e;
    quint32 n = 0;
    static const char *const paths[] = {"/", "/shop", "/api/cart", "/static/app.js", "/checkout"};
    for (qint64 t = start; t < end; t += 5) {
        const double phase = static_cast<double>(t - start) / (kHours * 3600.0);
        const int perTick = static_cast<int>(scale * (3.0 + 4.0 * std::sin(phase * 3.14159)));
        for (int i = 0; i < perTick; ++i, ++n) {
            int status = n % 9 == 0 ? 304 : (n % 23 == 0 ? 404 : 200);
            if (outage && t >= outageStart && t < outageEnd && n % 3 != 0)
                status = 502;
            if (outage && (t / 60) % 47 == 0 && n % 4 == 0)
                status = 504;
            if (!outage && (t / 60) % 53 == 0 && n % 5 == 0)
                status = 502;
            a += accessLine(t, status, paths[n % 5], n);
            if (status == 502 && outage) {
                e += wall(t) + " [error] 812#812: *" + QByteArray::number(n)
                     + " connect() failed (111: Connection refused) while connecting to upstream, "
                       "client: 198.51.100.7, server: shop, request: \"GET /api/cart HTTP/1.1\", "
                       "upstream: \"http://127.0.0.1:3000/api/cart\", host: \"shop\"\n";
            }
        }
    }
    if (outage) {
        e += wall(outageEnd) + " [notice] 9001#9001: signal process started\n";
        e += "["
             + QDateTime::fromSecsSinceEpoch(start + 2 * 3600 + 900)
                       .toString(QStringLiteral("dd-MMM-yyyy HH:mm:ss"))
                       .toUtf8()
             + "] NOTICE: fpm is running, pid 4242\n";
        e += QDateTime::fromSecsSinceEpoch(start + 4 * 3600, Qt::UTC)
                     .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss+0000"))
                     .toUtf8()
             + " shop kernel: Out of memory: Killed process 4311 (php-fpm8.2) total-vm:912344kB\n";
    }
    QFile af(access);
    af.open(QIODevice::WriteOnly);
    af.write(a);
    QFile ef(errors);
    ef.open(QIODevice::WriteOnly);
    ef.write(e);
    return outageStart;
}

int countColor(const QImage &image, const QRect &area, QRgb target, int tolerance = 18)
{
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (std::abs(qRed(p) - qRed(target)) <= tolerance
                && std::abs(qGreen(p) - qGreen(target)) <= tolerance
                && std::abs(qBlue(p) - qBlue(target)) <= tolerance)
                ++count;
        }
    }
    return count;
}

} // namespace

class TestChartsRender : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void realisticDay_PaintsAreasLinesMarkersAndSelection()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // Whole minutes, so the outage's buckets are the outage's.
        const qint64 end = QDateTime::currentSecsSinceEpoch() / 60 * 60;
        const QString access = dir.filePath(QStringLiteral("shop-access.log"));
        const QString errors = dir.filePath(QStringLiteral("shop-error.log"));
        const qint64 outage = writeLogs(access, errors, end, 1.0, true);
        const QString otherAccess = dir.filePath(QStringLiteral("web2-access.log"));
        const QString otherErrors = dir.filePath(QStringLiteral("web2-error.log"));
        writeLogs(otherAccess, otherErrors, end, 0.6, false);

        ChartsPage page;
        page.setWindowTitle(QStringLiteral("Gatescope — Error rates"));
        page.resize(1260, 780);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy shown(&page, &ChartsPage::dataShown);
        page.openLocalFiles({access, errors}, "combined");
        QVERIFY(shown.wait(20000));
        page.compareWithLocalFiles({otherAccess}, "combined");
        QTRY_VERIFY_WITH_TIMEOUT(page.chartView()->comparison().has_value(), 20000);
        ChartView *chart = page.chartView();
        QCOMPARE(chart->events().size(), 3);

        QSignalSpy lines(&page, &ChartsPage::linesShown);
        QTest::qWait(100);
        const QRectF plot = chart->chart()->plotArea();
        QTest::mouseClick(chart->viewport(),
                          Qt::LeftButton,
                          {},
                          QPoint(static_cast<int>(chart->xOf(outage + 300 + 30)),
                                 static_cast<int>(plot.center().y())));
        QVERIFY(lines.count() > 0 || lines.wait(20000));
        QVERIFY(page.linesModel()->rowCount() > 0);
        QTest::qWait(100);

        if (const QByteArray path = qgetenv("GS_CHARTS_PNG"); !path.isEmpty())
            QVERIFY(page.grab().save(QString::fromLocal8Bit(path), "PNG"));
        const QImage image = chart->grab().toImage();
        const QRect area = plot.toRect();
        // Stacked 2xx (green), the 502 line (dark red) and a reload marker (slate) are painted.
        QVERIFY(countColor(image, area, qRgb(158, 211, 168), 30) > 1000);
        QVERIFY(countColor(image, area, qRgb(0x9b, 0x11, 0x1e), 30) > 50);
        const int markerX = static_cast<int>(chart->xOf(outage + 17 * 60));
        QVERIFY(countColor(image,
                           QRect(markerX - 1, area.top() + 30, 3, area.height() - 40),
                           qRgb(0x45, 0x5a, 0x64),
                           30)
                > 10);

        if (const int ms = qEnvironmentVariableIntValue("GS_CHARTS_SHOW_MS"); ms > 0)
            QTest::qWait(ms);
    }
};

QTEST_MAIN(TestChartsRender)
#include "tst_chartsrender.moc"
