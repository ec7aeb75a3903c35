// The Charts page on a server of the practice lab over SSH: the access log's series, live mode
// picking up new requests, and the lines of a clicked bucket. Skips when the lab is not running
// (ctest starts it for the integration label; run `gslab start --dir $GS_LAB_DIR` by hand).

#include "charts/chartlinesmodel.h"
#include "charts/chartseriesdata.h"
#include "charts/chartspage.h"
#include "charts/chartview.h"
#include "remote/remotehost.h"

#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QtTest>

using gs::gui::ChartPoint;
using gs::gui::ChartsPage;

namespace {

QJsonObject labJson()
{
    QFile file(qEnvironmentVariable("GS_LAB_DIR", QStringLiteral(GS_LAB_DIR))
               + QStringLiteral("/lab.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonValue at(const QJsonObject &json, const QString &path)
{
    QJsonValue value = json;
    for (const QString &key : path.split(QLatin1Char('.')))
        value = value.toObject().value(key);
    return value;
}

int get(const QString &url, int times)
{
    int ok = 0;
    for (int i = 0; i < times; ++i) {
        QProcess curl;
        curl.start(QStringLiteral("curl"),
                   {QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"), url});
        ok += curl.waitForFinished(10000) && curl.exitCode() == 0 ? 1 : 0;
    }
    return ok;
}

qint64 status200(const gs::gui::ChartSeriesData &data)
{
    qint64 total = 0;
    for (const ChartPoint &p : data.points())
        total += p.classes[0];
    return total;
}

} // namespace

class TestChartsRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void labServer_SeriesLiveModeAndLines()
    {
        const QJsonObject lab = labJson();
        if (lab.isEmpty())
            QSKIP("the practice lab is not running (tests/lab/gslab start --dir $GS_LAB_DIR)");
        const QJsonObject users = at(lab, QStringLiteral("users")).toObject();
        const QString role = users.contains(QStringLiteral("sudo_nopasswd"))
                                     ? QStringLiteral("sudo_nopasswd")
                                     : QStringLiteral("key");
        gs::ssh::ConnectOptions options;
        options.host = at(lab, QStringLiteral("ssh.host")).toString();
        options.port = at(lab, QStringLiteral("ssh.port")).toInt();
        options.user
                = at(lab, QStringLiteral("users.") + role + QStringLiteral(".name")).toString();
        options.identityFiles
                = {at(lab, QStringLiteral("users.") + role + QStringLiteral(".key")).toString()};
        options.identitiesOnly = true;
        options.useAgent = false;
        options.knownHostsFile = at(lab, QStringLiteral("ssh.known_hosts")).toString();
        auto host = std::make_shared<gs::remote::RemoteHost>(options);
        const QString app = at(lab, QStringLiteral("nginx.sites.app.url")).toString();
        const QString accessLog = at(lab, QStringLiteral("nginx.access_log")).toString();

        QCOMPARE(get(app, 4), 4);
        ChartsPage page;
        page.resize(1100, 700);
        page.show();
        QSignalSpy shown(&page, &ChartsPage::dataShown);
        page.setRemoteLog(accessLog, at(lab, QStringLiteral("nginx.conf")).toString());
        page.setHost(host);
        QVERIFY(shown.wait(30000));
        const qint64 before = status200(page.chartView()->data());
        QVERIFY(before >= 4);
        QVERIFY(page.logCombo()->isVisible());
        QVERIFY(page.logCombo()->findData(accessLog) > 0);
        QVERIFY(page.statusLabel()->text().contains(QStringLiteral("over SSH")));

        // Live: the next round (every 5 s) adds what was requested meanwhile.
        page.setLive(true);
        QCOMPARE(get(app, 3), 3);
        QTRY_COMPARE_WITH_TIMEOUT(status200(page.chartView()->data()), before + 3, 20000);
        page.setLive(false);

        // A diagnosis that just finished reads what was added since, Live or not (issue 11:
        // the chart only updated on Refresh).
        QCOMPARE(get(app, 2), 2);
        QTest::qWait(6000); // longer than a Live round: nothing follows by itself now
        QCOMPARE(status200(page.chartView()->data()), before + 3);
        page.refreshAfterDiagnosis();
        QTRY_COMPARE_WITH_TIMEOUT(status200(page.chartView()->data()), before + 5, 20000);

        // The newest bucket's lines come from the server.
        QSignalSpy lines(&page, &ChartsPage::linesShown);
        const auto &points = page.chartView()->data().points();
        qint64 newest = 0;
        for (const ChartPoint &p : points) {
            if (p.classes[0] > 0)
                newest = p.start;
        }
        QTest::qWait(100);
        const QRectF plot = page.chartView()->chart()->plotArea();
        const qint64 bucket = page.chartView()->data().bucketSeconds();
        QTest::mouseClick(page.chartView()->viewport(),
                          Qt::LeftButton,
                          {},
                          QPoint(static_cast<int>(page.chartView()->xOf(newest + bucket / 2)),
                                 static_cast<int>(plot.center().y())));
        QVERIFY(lines.count() > 0 || lines.wait(30000));
        int access = 0;
        for (const gs::logs::LogLine &line : page.linesModel()->lines())
            access += !line.errorLog && line.status == 200 ? 1 : 0;
        QVERIFY(access >= 1);
    }
};

QTEST_MAIN(TestChartsRemote)
#include "tst_chartsremote.moc"
