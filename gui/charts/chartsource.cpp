#include "charts/chartsource.h"

#include "common/guiposter.h"

#include "logs/gzipstreamdecoder.h"
#include "logs/localerrorrates.h"
#include "logs/locallines.h"
#include "logs/remoteaccesslog.h"
#include "nginx/logformat.h"
#include "remote/remotehost.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace gs::gui {

namespace {

struct LoadResult
{
    std::optional<logs::ErrorRatesSnapshot> snapshot;
    QString error;
    std::shared_ptr<logs::RemoteAccessLog> log;
    qint64 localBytes = 0;
    bool unchanged = false; // local follow: nothing grew
};

struct LinesResult
{
    QList<logs::LogLine> lines;
    QString error;
};

// The first line of a local file, plain or gzip'ed.
QByteArray firstLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray head = file.read(64 * 1024);
    QByteArray text = head;
    if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f
        && static_cast<unsigned char>(head[1]) == 0x8b) {
        text.clear();
        logs::GzipStreamDecoder decoder(
                [&text](QByteArrayView chunk) { text += chunk.toByteArray(); });
        (void)decoder.feed(head);
    }
    for (const QByteArray &line : text.split('\n')) {
        if (!line.trimmed().isEmpty())
            return line;
    }
    return {};
}

void splitLogs(const QStringList &files, QStringList &access, QStringList &errors)
{
    for (const QString &path : files) {
        if (logs::looksLikeErrorLog(firstLine(path)))
            errors.append(path);
        else
            access.append(path);
    }
}

qint64 totalSize(const QStringList &files)
{
    qint64 total = 0;
    for (const QString &path : files)
        total += QFileInfo(path).size();
    return total;
}

int localUtcOffset()
{
    return QDateTime::currentDateTime().offsetFromUtc();
}

LoadResult loadLocal(const QStringList &files, const QByteArray &formatText, qint64 bucket)
{
    LoadResult result;
    Result<nginx::LogFormat> format = nginx::LogFormat::compile(formatText);
    if (!format) {
        result.error = QObject::tr("The log format cannot be used: %1").arg(format.error().message);
        return result;
    }
    QStringList access;
    QStringList errors;
    splitLogs(files, access, errors);
    logs::AccessLogOptions options;
    options.bucketSeconds = bucket;
    result.localBytes = totalSize(files);
    Result<logs::ErrorRatesSnapshot> snapshot
            = logs::analyzeLocalErrorRates(access, *format, errors, localUtcOffset(), options);
    if (!snapshot) {
        result.error = snapshot.error().text();
        return result;
    }
    result.snapshot = std::move(*snapshot);
    return result;
}

} // namespace

ChartSource::ChartSource(const QString &name, QObject *parent)
    : QObject(parent)
    , m_name(name)
    , m_poster(std::make_shared<GuiPoster>(this))
{}

ChartSource::~ChartSource()
{
    m_poster->detach();
}

void ChartSource::setLocalFiles(const QStringList &files, const QByteArray &format)
{
    m_kind = Kind::Local;
    m_files = files;
    m_format = format.isEmpty() ? QByteArrayLiteral("combined") : format;
    m_host.reset();
    m_remoteLog.reset();
    m_snapshot.reset();
}

void ChartSource::setRemote(std::shared_ptr<remote::RemoteHost> host)
{
    m_kind = host ? Kind::Remote : Kind::None;
    m_host = std::move(host);
    m_files.clear();
    m_remoteLog.reset();
    m_snapshot.reset();
}

void ChartSource::setRemoteLog(const QString &log, const QString &nginxConfig)
{
    m_remoteLogPath = log;
    m_nginxConfig = nginxConfig;
}

template<typename T>
void ChartSource::runTask(std::function<T()> work, std::function<void(const T &)> done)
{
    GuiPoster::run(m_poster, std::move(work), [this, done = std::move(done)](const T &result) {
        done(result);
        finishTask();
    });
}

void ChartSource::runNext()
{
    if (m_busy || m_queue.empty())
        return;
    m_busy = true;
    Q_EMIT busyChanged(true);
    std::function<void()> start = std::move(m_queue.front().start);
    m_queue.pop_front();
    start();
}

void ChartSource::finishTask()
{
    m_busy = false;
    Q_EMIT busyChanged(false);
    runNext();
}

void ChartSource::load(const Range &range)
{
    m_range = range;
    // A newer load makes queued reads pointless; asked-for lines still come.
    std::erase_if(m_queue, [](const Task &task) { return task.read; });
    m_queue.push_back({true, [this, range]() {
                           startLoad(range);
                       }});
    runNext();
}

void ChartSource::follow()
{
    if (m_busy || !m_snapshot)
        return;
    m_queue.push_back({true, [this]() {
                           startFollow();
                       }});
    runNext();
}

void ChartSource::requestLines(qint64 since, qint64 until, int maxLines)
{
    m_queue.push_back({false, [this, since, until, maxLines]() {
                           startLines(since, until, maxLines);
                       }});
    runNext();
}

void ChartSource::startLoad(const Range &range)
{
    const auto done = [this](const LoadResult &result) {
        if (!result.snapshot) {
            Q_EMIT failed(result.error);
            return;
        }
        m_snapshot = result.snapshot;
        m_remoteLog = result.log;
        m_localBytes = result.localBytes;
        Q_EMIT loaded();
    };
    if (m_kind == Kind::Local) {
        runTask<LoadResult>([files = m_files,
                             format = m_format,
                             range]() { return loadLocal(files, format, range.bucketSeconds); },
                            done);
        return;
    }
    if (m_kind != Kind::Remote || !m_host) {
        runTask<LoadResult>(
                []() {
                    LoadResult result;
                    result.error = tr("Nothing to read: open a log file or connect to the server.");
                    return result;
                },
                done);
        return;
    }
    logs::RemoteAccessLogRequest request;
    request.log = m_remoteLogPath;
    request.nginxConfig = m_nginxConfig;
    request.bucketSeconds = range.bucketSeconds;
    request.window = range.window;
    request.since = range.since;
    request.until = range.until;
    auto log = std::make_shared<logs::RemoteAccessLog>(request);
    runTask<LoadResult>(
            [host = m_host, log]() {
                LoadResult result;
                const Result<void> loaded = log->load(*host);
                if (!loaded) {
                    result.error = loaded.error().text();
                    return result;
                }
                result.snapshot = log->snapshot();
                result.log = log;
                return result;
            },
            done);
}

namespace {

LoadResult followRemote(const std::shared_ptr<remote::RemoteHost> &host,
                        const std::shared_ptr<logs::RemoteAccessLog> &log)
{
    LoadResult result;
    if (!host || !log) {
        result.unchanged = true;
        return result;
    }
    const Result<logs::RemoteAccessLog::FollowRound> round = log->follow(*host);
    if (!round) {
        result.error = round.error().text();
        return result;
    }
    result.unchanged = !round->any();
    result.snapshot = log->snapshot();
    return result;
}

} // namespace

void ChartSource::startFollow()
{
    const auto done = [this](const LoadResult &result) {
        if (result.unchanged)
            return;
        if (!result.snapshot) {
            Q_EMIT failed(result.error);
            return;
        }
        m_snapshot = result.snapshot;
        m_localBytes = result.localBytes;
        Q_EMIT loaded();
    };
    if (m_kind == Kind::Local) {
        runTask<LoadResult>(
                [files = m_files,
                 format = m_format,
                 bucket = m_range.bucketSeconds,
                 before = m_localBytes]() {
                    if (totalSize(files) == before) {
                        LoadResult result;
                        result.unchanged = true;
                        return result;
                    }
                    return loadLocal(files, format, bucket);
                },
                done);
        return;
    }
    runTask<LoadResult>([host = m_host, log = m_remoteLog]() { return followRemote(host, log); },
                        done);
}

namespace {

LinesResult localLinesOf(const QStringList &files,
                         const QByteArray &format,
                         qint64 since,
                         qint64 until,
                         int maxLines)
{
    LinesResult result;
    Result<nginx::LogFormat> compiled = nginx::LogFormat::compile(format);
    if (!compiled) {
        result.error = compiled.error().message;
        return result;
    }
    QStringList access;
    QStringList errors;
    splitLogs(files, access, errors);
    Result<QList<logs::LogLine>> lines
            = logs::localLines(access, *compiled, errors, localUtcOffset(), since, until, maxLines);
    if (lines)
        result.lines = std::move(*lines);
    else
        result.error = lines.error().text();
    return result;
}

} // namespace

void ChartSource::startLines(qint64 since, qint64 until, int maxLines)
{
    const auto done = [this, since](const LinesResult &result) {
        if (!result.error.isEmpty())
            Q_EMIT failed(result.error);
        Q_EMIT linesReady(since, result.lines);
    };
    if (m_kind == Kind::Local) {
        runTask<LinesResult>(
                [files = m_files, format = m_format, since, until, maxLines]() {
                    return localLinesOf(files, format, since, until, maxLines);
                },
                done);
        return;
    }
    runTask<LinesResult>(
            [host = m_host, log = m_remoteLog, since, until, maxLines]() {
                LinesResult result;
                if (!host || !log)
                    return result;
                Result<QList<logs::LogLine>> lines = log->lines(*host, since, until, maxLines);
                if (lines)
                    result.lines = std::move(*lines);
                else
                    result.error = lines.error().text();
                return result;
            },
            done);
}

} // namespace gs::gui
