// gatescope-cli errors on a TARGET and the RemoteAccessLog behind it, against the lab: traffic with
// known outcomes gives the expected counts through SSH in the right bucket, a small window moves
// a small fraction of a big log (rotated siblings included), and follow mode picks up new lines
// and survives nginx's log rotation.

#include "labtest.h"

#include "logs/remoteaccesslog.h"
#include "remote/remotehost.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <zlib.h>

using namespace gs;
using gs::test::LabTest;

namespace {

struct ErrorsRun
{
    int exitCode = -1;
    QJsonObject json;
    QString err;
};

QJsonObject statusOf(const QJsonObject &object)
{
    return object.value(QStringLiteral("status")).toObject();
}

// A combined line at epoch t in UTC.
QByteArray combinedLine(qint64 t, int status, int n)
{
    const QString local = QDateTime::fromSecsSinceEpoch(t, Qt::UTC)
                                  .toString(QStringLiteral("dd/MMM/yyyy:HH:mm:ss"));
    return "10.1.2.3 - - [" + local.toUtf8() + " +0000] \"GET /page/" + QByteArray::number(n)
           + " HTTP/1.1\" " + QByteArray::number(status)
           + " 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) gatescope-test\"\n";
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

bool writeGzip(const QString &path, const QByteArray &bytes)
{
    gzFile file = gzopen(QFile::encodeName(path).constData(), "wb1");
    if (!file)
        return false;
    const bool ok = gzwrite(file, bytes.constData(), static_cast<unsigned>(bytes.size()))
                    == static_cast<int>(bytes.size());
    return gzclose(file) == Z_OK && ok;
}

class ErrorsTest : public LabTest
{
protected:
    void SetUp() override
    {
        LabTest::SetUp();
        // The window starts a second before this test (log times have one-second resolution):
        // let a quiet second pass first, so the last requests of the test before (a diagnosis's
        // site probes, its FPM status page) are not counted as this test's.
        QThread::msleep(1000);
        // Requests of this test land in one minute: start well inside one, on a fresh second.
        const qint64 second = QDateTime::currentSecsSinceEpoch() % 60;
        if (second > 40)
            QThread::sleep(static_cast<unsigned long>(61 - second));
        QThread::msleep(
                static_cast<unsigned long>(1000 - QDateTime::currentMSecsSinceEpoch() % 1000));
        m_started = QDateTime::currentSecsSinceEpoch();
    }

    QString role() const
    {
        return lab().hasUser(QStringLiteral("sudo_nopasswd")) ? QStringLiteral("sudo_nopasswd")
                                                              : QStringLiteral("key");
    }

    QString target() const
    {
        return QStringLiteral("%1@%2:%3")
                .arg(lab().user(role()).name, lab().sshHost())
                .arg(lab().sshPort());
    }

    // The CLI with a window that starts when this test did, unless `since` says otherwise.
    ErrorsRun errors(QStringList extra, const QString &since = {})
    {
        QStringList args{QStringLiteral("errors"), target(), QStringLiteral("--json")};
        args << QStringLiteral("--since")
             << (since.isEmpty() ? QStringLiteral("%1s").arg(QDateTime::currentSecsSinceEpoch()
                                                             - m_started + 1)
                                 : since);
        args << QStringLiteral("-i") << lab().user(role()).key << QStringLiteral("--known-hosts")
             << lab().knownHostsPath();
        args << extra;
        const Command command = run(QStringLiteral(GS_CLI_PATH), args);
        ErrorsRun result;
        result.exitCode = command.exitCode;
        result.json = QJsonDocument::fromJson(command.out.toUtf8()).object();
        result.err = command.err;
        return result;
    }

    ssh::ConnectOptions connectOptions() const
    {
        ssh::ConnectOptions options;
        options.host = lab().sshHost();
        options.port = lab().sshPort();
        options.user = lab().user(role()).name;
        options.identityFiles = {lab().user(role()).key};
        options.identitiesOnly = true;
        options.useAgent = false;
        options.knownHostsFile = lab().knownHostsPath();
        return options;
    }

    int getApp(int times)
    {
        int ok = 0;
        for (int i = 0; i < times; ++i)
            ok += httpGet(lab().appUrl()).curlExit == 0 ? 1 : 0;
        return ok;
    }

    qint64 m_started = 0;
};

} // namespace

TEST_F(ErrorsTest, KnownOutcomes_CountedThroughSshInTheirBucket)
{
    constexpr int kFailing = 7;
    constexpr int kHealthy = 5;
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    for (int i = 0; i < kFailing; ++i)
        ASSERT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("502"));
    ASSERT_TRUE(gs::test::LabEnv::fix(QStringLiteral("app_down")).ok());
    for (int i = 0; i < kHealthy; ++i)
        ASSERT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("200"));

    const ErrorsRun result = errors({QStringLiteral("--log"),
                                     lab().nginxAccessLog(),
                                     QStringLiteral("--nginx-conf"),
                                     lab().nginxConf(),
                                     QStringLiteral("--bucket"),
                                     QStringLiteral("1m")});
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject &json = result.json;
    // The format came from the configuration's entry for this log.
    EXPECT_EQ(json[QStringLiteral("format")].toString(),
              lab().string(QStringLiteral("nginx.access_log_format_name")));
    EXPECT_EQ(json[QStringLiteral("source")].toString(), lab().nginxAccessLog());
    EXPECT_EQ(json[QStringLiteral("unparsed")].toInt(), 0);
    const QJsonObject totals = json[QStringLiteral("totals")].toObject();
    EXPECT_EQ(totals[QStringLiteral("requests")].toInt(), kFailing + kHealthy);
    EXPECT_EQ(statusOf(totals)[QStringLiteral("502")].toInt(), kFailing);
    EXPECT_EQ(statusOf(totals)[QStringLiteral("200")].toInt(), kHealthy);

    // Every request in the minute the test ran in.
    const QString minute = QDateTime::fromSecsSinceEpoch(m_started - m_started % 60, Qt::UTC)
                                   .toString(Qt::ISODate);
    int found = 0;
    for (const QJsonValue &value : json[QStringLiteral("series")].toArray()) {
        const QJsonObject bucket = value.toObject();
        if (bucket[QStringLiteral("start")].toString() != minute) {
            EXPECT_EQ(bucket[QStringLiteral("requests")].toInt(), 0);
            continue;
        }
        ++found;
        EXPECT_EQ(statusOf(bucket)[QStringLiteral("502")].toInt(), kFailing);
        EXPECT_EQ(bucket[QStringLiteral("classes")][QStringLiteral("5xx")].toInt(), kFailing);
        EXPECT_EQ(bucket[QStringLiteral("classes")][QStringLiteral("2xx")].toInt(), kHealthy);
    }
    EXPECT_EQ(found, 1) << minute.toStdString();

    // The error log as the second series: one refused connect per 502, in the same bucket.
    const QJsonObject errorLog = json[QStringLiteral("error_log")].toObject();
    EXPECT_TRUE(errorLog[QStringLiteral("sources")].toArray().contains(lab().nginxErrorLog()));
    EXPECT_EQ(errorLog[QStringLiteral("totals")][QStringLiteral("upstream.connection_refused")]
                      .toInt(),
              kFailing);
    const QJsonObject transfer = json[QStringLiteral("transfer")].toObject();
    EXPECT_GT(transfer[QStringLiteral("bytes")].toInt(), 0);
    EXPECT_GT(transfer[QStringLiteral("log_bytes")].toInt(), 0);
}

TEST_F(ErrorsTest, Discovery_PicksTheBusiestAccessLogAndItsFormat)
{
    ASSERT_EQ(getApp(3), 3);
    // Either log may be the bigger one (a reused lab keeps its old logs): both get lines now.
    ASSERT_EQ(httpGet(lab().string(QStringLiteral("nginx.sites.static.url"))).status,
              QStringLiteral("200"));
    const ErrorsRun result
            = errors({QStringLiteral("--nginx-conf"), lab().nginxConf()}, QStringLiteral("10m"));
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QString app = lab().nginxAccessLog();
    const QString staticLog = lab().string(QStringLiteral("nginx.sites.static.access_log"));
    QStringList candidates;
    for (const QJsonValue &value : result.json[QStringLiteral("candidates")].toArray())
        candidates << value[QStringLiteral("path")].toString();
    EXPECT_TRUE(candidates.contains(app) && candidates.contains(staticLog))
            << candidates.join(QLatin1Char(' ')).toStdString();
    const QString busiest = fileSize(staticLog) > fileSize(app) ? staticLog : app;
    EXPECT_EQ(result.json[QStringLiteral("source")].toString(), busiest);
    EXPECT_EQ(result.json[QStringLiteral("format")].toString(),
              busiest == app ? lab().string(QStringLiteral("nginx.access_log_format_name"))
                             : QStringLiteral("combined"));
    EXPECT_GT(result.json[QStringLiteral("lines")].toInt(), 0);
}

TEST_F(ErrorsTest, SmallWindow_MovesASmallFractionOfABigRotatedLog)
{
    // 30 hours of one line every 2 seconds across three files; the window is the last 20 minutes,
    // which starts in access.log.1 and ends in access.log. 02:00 of yesterday is in .2.gz.
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const qint64 first = now - 30 * 3600;
    const qint64 windowStart = now - 20 * 60;
    QByteArray older;
    QByteArray previous;
    QByteArray live;
    int expected = 0;
    int expected502 = 0;
    int n = 0;
    for (qint64 t = first; t < now - 1; t += 2, ++n) {
        const int status = n % 10 == 0 ? 502 : 200;
        const QByteArray line = combinedLine(t, status, n);
        if (t < now - 24 * 3600)
            older += line;
        else if (t < now - 10 * 60)
            previous += line;
        else
            live += line;
        if (t >= windowStart) {
            ++expected;
            expected502 += status == 502 ? 1 : 0;
        }
    }
    const QString base = dir.filePath(QStringLiteral("access.log"));
    ASSERT_TRUE(writeGzip(base + QStringLiteral(".2.gz"), older));
    ASSERT_TRUE(writeFile(base + QStringLiteral(".1"), previous));
    ASSERT_TRUE(writeFile(base, live));
    // The gz is a day old, as logrotate would leave it: the window skips it.
    QFile gz(base + QStringLiteral(".2.gz"));
    ASSERT_TRUE(gz.open(QIODevice::ReadWrite));
    ASSERT_TRUE(gz.setFileTime(QDateTime::fromSecsSinceEpoch(now - 24 * 3600, Qt::UTC),
                               QFileDevice::FileModificationTime));
    gz.close();

    const ErrorsRun result = errors({QStringLiteral("--log"), base}, QStringLiteral("20m"));
    ASSERT_EQ(result.exitCode, 0) << result.err.toStdString();
    const QJsonObject &json = result.json;
    EXPECT_EQ(json[QStringLiteral("format")].toString(), QStringLiteral("combined"));
    const QJsonObject totals = json[QStringLiteral("totals")].toObject();
    // The window begins at the CLI's "now", a moment after ours: a line or two may fall out.
    EXPECT_NEAR(totals[QStringLiteral("requests")].toInt(), expected, 3);
    EXPECT_NEAR(statusOf(totals)[QStringLiteral("502")].toInt(), expected502, 1);
    EXPECT_EQ(json[QStringLiteral("unparsed")].toInt(), 0);
    QStringList sources;
    for (const QJsonValue &value : json[QStringLiteral("sources")].toArray())
        sources << value.toString();
    EXPECT_EQ(sources, QStringList({base + QStringLiteral(".1"), base}));

    const QJsonObject transfer = json[QStringLiteral("transfer")].toObject();
    const qint64 logBytes = previous.size() + live.size();
    EXPECT_EQ(transfer[QStringLiteral("log_bytes")].toInteger(), logBytes);
    const qint64 bytes = transfer[QStringLiteral("bytes")].toInteger();
    EXPECT_GT(bytes, 0);
    // 20 minutes of 30 hours is 1.1 %; compressed and with discovery it must stay well under 5 %.
    EXPECT_LT(bytes * 20, logBytes) << bytes << " of " << logBytes;
    EXPECT_LT(transfer[QStringLiteral("scanned_bytes")].toInteger() * 10, logBytes);
}

TEST_F(ErrorsTest, Follow_PicksUpNewLinesAndSurvivesRotation)
{
    remote::RemoteHost host(connectOptions());
    logs::RemoteAccessLogRequest request;
    request.log = lab().nginxAccessLog();
    request.nginxConfig = lab().nginxConf();
    request.window = 60;
    logs::RemoteAccessLog log(request);
    const Result<void> loaded = log.load(host);
    ASSERT_TRUE(loaded.ok()) << loaded.error().text().toStdString();
    const logs::AccessLogSummary before = log.snapshot().summary;

    const auto idle = log.follow(host);
    ASSERT_TRUE(idle.ok()) << idle.error().text().toStdString();
    EXPECT_EQ(idle->accessBytes, 0);

    ASSERT_EQ(getApp(3), 3);
    const auto first = log.follow(host);
    ASSERT_TRUE(first.ok()) << first.error().text().toStdString();
    EXPECT_GT(first->accessBytes, 0);
    EXPECT_FALSE(first->rotated);
    logs::AccessLogSummary now = log.snapshot().summary;
    EXPECT_EQ(now.requests, before.requests + 3);
    EXPECT_EQ(now.status.count(200), before.status.count(200) + 3);

    // logrotate's way: rename, then USR1 makes nginx reopen. Requests between the two still go
    // to the renamed file; the follower must read its tail, then the new file from the start.
    const QString path = lab().nginxAccessLog();
    const QString rotated = path + QStringLiteral(".1");
    QFile::remove(rotated);
    ASSERT_TRUE(QFile::rename(path, rotated));
    ASSERT_EQ(getApp(2), 2);
    QFile pidFile(lab().nginxPidFile());
    ASSERT_TRUE(pidFile.open(QIODevice::ReadOnly));
    const QString pid = QString::fromLatin1(pidFile.readAll()).trimmed();
    ASSERT_EQ(run(QStringLiteral("kill"), {QStringLiteral("-USR1"), pid}).exitCode, 0);
    for (int i = 0; i < 100 && !QFileInfo::exists(path); ++i)
        QThread::msleep(50);
    ASSERT_TRUE(QFileInfo::exists(path));
    QThread::msleep(200); // the workers reopen after the master
    ASSERT_EQ(getApp(4), 4);

    const auto afterRotation = log.follow(host);
    ASSERT_TRUE(afterRotation.ok()) << afterRotation.error().text().toStdString();
    EXPECT_TRUE(afterRotation->rotated);
    now = log.snapshot().summary;
    EXPECT_EQ(now.requests, before.requests + 9);
    EXPECT_EQ(now.status.count(200), before.status.count(200) + 9);
    EXPECT_EQ(now.unparsed, before.unparsed);

    const auto quiet = log.follow(host);
    ASSERT_TRUE(quiet.ok());
    EXPECT_EQ(quiet->accessBytes, 0);
    EXPECT_EQ(log.snapshot().summary.requests, before.requests + 9);
}

TEST_F(ErrorsTest, ClickedBucket_ListsItsAccessAndErrorLines)
{
    ASSERT_TRUE(breakLab(QStringLiteral("app_down")));
    for (int i = 0; i < 2; ++i)
        ASSERT_EQ(httpGet(lab().appUrl()).status, QStringLiteral("502"));
    remote::RemoteHost host(connectOptions());
    logs::RemoteAccessLogRequest request;
    request.log = lab().nginxAccessLog();
    request.nginxConfig = lab().nginxConf();
    request.window = 120;
    logs::RemoteAccessLog log(request);
    ASSERT_TRUE(log.load(host).ok());
    const Result<QList<logs::LogLine>> lines
            = log.lines(host, m_started, QDateTime::currentSecsSinceEpoch() + 1, 100);
    ASSERT_TRUE(lines.ok()) << lines.error().text().toStdString();
    int access502 = 0;
    int refused = 0;
    for (const logs::LogLine &line : *lines) {
        EXPECT_GE(line.time, m_started);
        if (!line.errorLog && line.status == 502)
            ++access502;
        if (line.errorLog && line.what == QLatin1String("upstream.connection_refused"))
            ++refused;
    }
    EXPECT_EQ(access502, 2);
    EXPECT_EQ(refused, 2);
}

TEST_F(ErrorsTest, UnreadableLog_IsAClearErrorWithExit3)
{
    const ErrorsRun result
            = errors({QStringLiteral("--log"), QStringLiteral("/nonexistent/access.log")});
    EXPECT_EQ(result.exitCode, 3);
    EXPECT_TRUE(result.err.contains(QLatin1String("/nonexistent/access.log")))
            << result.err.toStdString();
    EXPECT_EQ(result.json[QStringLiteral("status")].toString(), QStringLiteral("error"));
}
