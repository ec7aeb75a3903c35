#include "logs/remoteaccesslog.h"

#include "discovery/factsscript.h"
#include "logs/bucketstart.h"
#include "logs/errorlineclassifier.h"
#include "logs/gzipstreamdecoder.h"
#include "logs/remotelogscripts.h"
#include "logs/rotatedlogs.h"
#include "nginx/accesslogfields.h"
#include "nginx/configparser.h"
#include "phpfpm/poolconfigparser.h"
#include "remote/remotehost.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

namespace gs::logs {

namespace {

constexpr int kMaxEvents = 2000;

Error commandError(const QString &what, const remote::CommandResult &result)
{
    const QString detail = remotelogscripts::otherStderr(result.stdErr).trimmed();
    const ErrorCode code
            = result.exitStatus == 66 ? ErrorCode::PermissionDenied : ErrorCode::CommandFailed;
    return makeError(code,
                     QStringLiteral("%1 failed (exit %2)%3")
                             .arg(what)
                             .arg(result.exitStatus)
                             .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail),
                     code == ErrorCode::PermissionDenied
                             ? QStringLiteral("log in as a user that can read the log, or one "
                                              "with sudo (the 'adm' group reads /var/log/nginx on "
                                              "Debian)")
                             : QString());
}

bool isFilePath(const QString &path)
{
    return path.startsWith(QLatin1Char('/')) && !path.contains(QLatin1Char('$'));
}

} // namespace

struct RemoteAccessLog::Discovery
{
    discovery::HostFacts facts;
    std::optional<nginx::ConfigModel> config;
    QString accessLog;
    QByteArray format;
    QString formatName;
    QStringList accessSet; // oldest first
    QStringList errorLogs;
    qint64 liveSize = -1;
};

RemoteAccessLog::RemoteAccessLog(RemoteAccessLogRequest request)
    : m_request(std::move(request))
{
    if (m_request.bucketSeconds < 1)
        m_request.bucketSeconds = 60;
}

RemoteAccessLog::~RemoteAccessLog() = default;

bool RemoteAccessLog::privileged(remote::RemoteHost &host) const
{
    return host.canRunPrivileged();
}

Result<RemoteAccessLog::Discovery> RemoteAccessLog::discover(remote::RemoteHost &host,
                                                             const Progress &progress)
{
    Discovery d;
    const auto say = [&progress](const QString &step) {
        if (progress)
            progress(step);
    };
    const bool sudo = privileged(host);
    auto counted = [this, &host](remote::CommandRequest request) -> Result<remote::CommandResult> {
        Result<remote::CommandResult> result = host.run(std::move(request));
        if (result)
            m_meta.transfer.networkBytes += result->bytesReceived;
        return result;
    };

    // One round trip: the masters, the clock, nginx -T and FPM's error_log settings, and the
    // named log's size and siblings.
    say(QStringLiteral("finding nginx and reading its configuration"));
    remote::CommandRequest discoveryRequest;
    discoveryRequest.command = remotelogscripts::discovery(m_request.nginxConfig, m_request.log);
    discoveryRequest.privileged = sudo;
    discoveryRequest.maxOutputBytes = 64 * 1024 * 1024;
    discoveryRequest.label = QStringLiteral("log discovery");
    const Result<remote::CommandResult> found = counted(discoveryRequest);
    if (!found)
        return found.error();
    const QByteArray &output = found->stdOut;
    d.facts = discovery::FactsScript::parse(output);
    const auto [offset, now] = remotelogscripts::parseClock(output);
    m_meta.utcOffsetSeconds = offset;
    m_meta.serverNow = now > 0 ? now : QDateTime::currentSecsSinceEpoch();

    QString dumpError;
    if (const std::optional<QString> dump = remotelogscripts::parseNginxDump(output, &dumpError)) {
        if (auto parsed = nginx::ConfigParser::parseDump(*dump)) {
            nginx::ConfigModel::Options options;
            options.prefix = m_request.nginxConfig.isEmpty() ? d.facts.nginx.prefix
                                                             : d.facts.nginx.compiledPrefix;
            d.config = nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*parsed),
                                                 options);
        }
    } else if (d.facts.nginx.installed || !m_request.nginxConfig.isEmpty()) {
        m_meta.warnings.append(QStringLiteral("nginx -T failed: %1").arg(dumpError.left(300)));
    } else if (m_request.log.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         QStringLiteral("no nginx found on the server"),
                         QStringLiteral("name the access log with --log PATH"));
    }
    QStringList fpmLogs;
    for (const QString &conf : remotelogscripts::parseFpmConfigs(output)) {
        const QString log = phpfpm::PoolConfigParser::parse(conf, QString()).errorLog();
        if (isFilePath(log) && !fpmLogs.contains(log))
            fpmLogs.append(log);
    }

    if (d.config)
        m_meta.candidates = accessLogCandidates(*d.config, d.facts.nginx.prefix);
    if (!m_request.log.isEmpty()) {
        d.accessLog = m_request.log;
    } else if (m_meta.candidates.isEmpty()) {
        return makeError(ErrorCode::NotFound,
                         d.config ? QStringLiteral("the nginx configuration writes no access log "
                                                   "to a file")
                                  : QStringLiteral("the nginx configuration could not be read"),
                         QStringLiteral("name the access log with --log PATH"));
    }
    if (d.config) {
        for (const nginx::ConfigModel::LogFile &log : d.config->errorLogs) {
            if (isFilePath(log.path) && !d.errorLogs.contains(log.path))
                d.errorLogs.append(log.path);
        }
    }
    if (d.errorLogs.isEmpty() && isFilePath(d.facts.nginx.compiledErrorLog))
        d.errorLogs.append(d.facts.nginx.compiledErrorLog);
    d.errorLogs += fpmLogs;

    // Sizes pick the busiest log; listings find the rotated siblings. A named log's came with
    // the discovery.
    remotelogscripts::SizesAndListings sizes = remotelogscripts::parseSizesAndListings(output);
    if (d.accessLog.isEmpty()) {
        say(QStringLiteral("listing the access logs"));
        QStringList files;
        QStringList dirs;
        for (const AccessLogCandidate &candidate : std::as_const(m_meta.candidates)) {
            files.append(candidate.path);
            const QString dir = QFileInfo(candidate.path).path();
            if (!dirs.contains(dir))
                dirs.append(dir);
        }
        remote::CommandRequest listRequest;
        listRequest.command = remotelogscripts::sizesAndListings(files, dirs);
        listRequest.privileged = sudo;
        listRequest.label = QStringLiteral("log sizes");
        const Result<remote::CommandResult> listed = counted(listRequest);
        if (!listed)
            return listed.error();
        sizes = remotelogscripts::parseSizesAndListings(listed->stdOut);
    }
    for (AccessLogCandidate &candidate : m_meta.candidates) {
        for (const auto &[path, size] : sizes.sizes) {
            if (path == candidate.path)
                candidate.size = size;
        }
    }
    if (d.accessLog.isEmpty())
        d.accessLog = m_meta.candidates.at(busiestCandidate(m_meta.candidates)).path;
    for (const auto &[path, size] : sizes.sizes) {
        if (path == d.accessLog)
            d.liveSize = size;
    }
    if (d.liveSize < 0) {
        return makeError(ErrorCode::PermissionDenied,
                         QStringLiteral("cannot read %1 on the server").arg(d.accessLog),
                         sudo ? QString()
                              : QStringLiteral("log in as a user that can read it, or one "
                                               "with sudo"));
    }

    // The format: the configuration's entry for this path, else the one asked for, else combined.
    d.format = m_request.format.isEmpty() ? QByteArrayLiteral("combined") : m_request.format;
    d.formatName
            = d.format == "combined" ? QStringLiteral("combined") : QString::fromUtf8(d.format);
    for (const AccessLogCandidate &candidate : std::as_const(m_meta.candidates)) {
        if (candidate.path == d.accessLog && m_request.format.isEmpty()) {
            d.format = candidate.format;
            d.formatName = candidate.formatName;
        }
    }

    const QFileInfo live(d.accessLog);
    QStringList names;
    for (const auto &[dir, listing] : sizes.listings) {
        if (dir == live.path())
            names = listing;
    }
    for (const QString &name : selectRotated(live.fileName(), names))
        d.accessSet.append(live.path() + QLatin1Char('/') + name);
    if (!d.accessSet.contains(d.accessLog))
        d.accessSet.append(d.accessLog);
    return d;
}

void RemoteAccessLog::countErrorLine(QByteArrayView line, const QString &id)
{
    if (!ErrorLineClassifier::isEvent(id) || m_meta.events.size() >= kMaxEvents)
        return;
    const std::optional<qint64> time = ErrorLogSeries::lineTime(line, m_meta.utcOffsetSeconds);
    if (!time)
        return;
    // A reload logs both "signal process started" and "reconfiguring": one marker.
    for (auto it = m_meta.events.crbegin(); it != m_meta.events.crend() && it->time >= *time - 2;
         ++it) {
        if (it->kind == id)
            return;
    }
    m_meta.events.append(
            {*time, id, QString::fromUtf8(line.first(qMin<qsizetype>(line.size(), 400)))});
}

Result<void> RemoteAccessLog::readWindow(remote::RemoteHost &host, const Discovery &d)
{
    const bool sudo = privileged(host);
    std::optional<qint64> since = m_request.since;
    if (!since && m_request.window)
        since = m_meta.serverNow - *m_request.window;

    // The error logs' tails travel at the same time as the window, on a second channel.
    QFuture<Result<remote::CommandResult>> errorFuture;
    const bool readErrors = m_request.errorLogs && !d.errorLogs.isEmpty();
    if (readErrors) {
        remote::CommandRequest request;
        request.command
                = remotelogscripts::tailFiles(d.errorLogs,
                                              m_request.errorLogTailBytes,
                                              since ? *since : m_meta.serverNow - 7 * 86400);
        request.privileged = sudo;
        request.maxOutputBytes = 64 * 1024 * 1024;
        request.timeoutMs = m_request.transferTimeoutMs;
        request.label = QStringLiteral("error log tails");
        errorFuture = host.start(request);
    }

    WindowCommandOptions window;
    window.paths = d.accessSet;
    window.since = since ? *since : 0;
    window.timeKind = m_format->timeKind();
    window.compress = true;
    std::optional<Error> streamError;
    GzipStreamDecoder decoder([this](QByteArrayView text) { m_aggregator->feed(text); });
    remote::CommandRequest request;
    request.command = buildWindowCommand(window);
    request.privileged = sudo;
    request.timeoutMs = m_request.transferTimeoutMs;
    request.label = QStringLiteral("access log window");
    request.onStdout = [&decoder, &streamError](const QByteArray &chunk) {
        if (streamError)
            return;
        if (const Result<void> fed = decoder.feed(chunk); !fed)
            streamError = fed.error();
    };
    m_aggregator->beginSource(d.accessLog);
    const Result<remote::CommandResult> result = host.run(std::move(request));
    if (!result)
        return result.error();
    m_meta.transfer.networkBytes += result->bytesReceived;
    if (result->exitStatus != 0)
        return commandError(QStringLiteral("reading %1").arg(d.accessLog), *result);
    if (!streamError) {
        if (const Result<void> finished = decoder.finish(); !finished)
            streamError = finished.error();
    }
    if (streamError)
        return *streamError;
    m_meta.transfer.compressedBytes += decoder.compressedBytes();
    m_meta.transfer.textBytes += decoder.textBytes();
    m_meta.windowFiles = remotelogscripts::parseFileHeaders(result->stdErr);
    m_meta.sources.clear();
    for (const WindowFile &file : std::as_const(m_meta.windowFiles)) {
        m_meta.sources.append(file.path);
        m_meta.transfer.logBytes += file.size;
        m_meta.transfer.scannedBytes += file.size - file.offset;
    }
    if (m_meta.sources.isEmpty())
        m_meta.sources.append(d.accessLog);

    // Follow from exactly where the window stopped reading the live file.
    qint64 liveSize = d.liveSize;
    for (const WindowFile &file : std::as_const(m_meta.windowFiles)) {
        if (file.path == d.accessLog)
            liveSize = file.size;
    }
    m_follower.emplace(d.accessLog, liveSize);

    ErrorLogSeries::Options errorOptions;
    errorOptions.bucketSeconds = m_request.bucketSeconds;
    errorOptions.utcOffsetSeconds = m_meta.utcOffsetSeconds;
    errorOptions.since = since;
    errorOptions.until = m_request.until;
    m_errors = std::make_unique<ErrorLogSeries>(
            [this](QByteArrayView line) {
                const QString id = ErrorLineClassifier::classify(line);
                countErrorLine(line, id);
                return id;
            },
            errorOptions);
    m_errorFollowers.clear();
    if (readErrors) {
        errorFuture.waitForFinished();
        const Result<remote::CommandResult> errors = errorFuture.result();
        if (!errors) {
            m_meta.warnings.append(
                    QStringLiteral("the error logs were not read: %1").arg(errors.error().message));
            return {};
        }
        m_meta.transfer.networkBytes += errors->bytesReceived;
        GzipStreamDecoder errorDecoder([this](QByteArrayView text) { m_errors->feed(text); });
        const Result<void> fed = errorDecoder.feed(errors->stdOut);
        const Result<void> finished = fed ? errorDecoder.finish() : fed;
        m_errors->endSource();
        if (!finished)
            m_meta.warnings.append(QStringLiteral("error logs: %1").arg(finished.error().message));
        for (const WindowFile &file : remotelogscripts::parseFileHeaders(errors->stdErr)) {
            m_meta.errorSources.append(file.path);
            m_errorFollowers.emplace_back(file.path, file.size);
            if (file.offset > 0) {
                m_meta.warnings.append(
                        QStringLiteral("%1: only its last %2 MB were read for the error series")
                                .arg(file.path)
                                .arg(m_request.errorLogTailBytes / (1024 * 1024)));
            }
        }
        const QString other = remotelogscripts::otherStderr(errors->stdErr).trimmed();
        if (!other.isEmpty())
            m_meta.warnings.append(QStringLiteral("error logs: %1").arg(other.left(300)));
    }
    return {};
}

Result<void> RemoteAccessLog::load(remote::RemoteHost &host, const Progress &progress)
{
    QElapsedTimer timer;
    timer.start();
    m_meta = ErrorRatesSnapshot();
    m_meta.transfer.remote = true;
    m_aggregator.reset();
    m_errors.reset();
    m_follower.reset();

    QFuture<Result<ssh::SessionInfo>> opened = host.open();
    opened.waitForFinished();
    if (!opened.result())
        return opened.result().error();

    Result<Discovery> discovered = discover(host, progress);
    if (!discovered)
        return discovered.error();
    const Discovery &d = *discovered;
    m_meta.source = d.accessLog;
    m_meta.formatName = d.formatName;
    m_accessFiles = d.accessSet;
    m_loadedAt = QDateTime::currentSecsSinceEpoch();

    Result<nginx::LogFormat> format = nginx::LogFormat::compile(d.format);
    if (!format) {
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("the log_format of %1 cannot be read: %2")
                                 .arg(d.accessLog, format.error().message));
    }
    m_format = *format;
    AccessLogOptions options;
    options.bucketSeconds = m_request.bucketSeconds;
    options.since = m_request.since;
    if (!options.since && m_request.window)
        options.since = m_meta.serverNow - *m_request.window;
    options.until = m_request.until;
    Result<AccessLogAggregator> aggregator = AccessLogAggregator::create(*m_format, options);
    if (!aggregator)
        return aggregator.error();
    m_aggregator.emplace(std::move(*aggregator));

    if (progress)
        progress(QStringLiteral("reading %1").arg(d.accessLog));
    if (Result<void> read = readWindow(host, d); !read)
        return read;
    m_meta.transfer.durationMs = timer.elapsed();
    m_meta.generation = 1;
    return {};
}

Result<RemoteAccessLog::FollowRound> RemoteAccessLog::follow(remote::RemoteHost &host)
{
    if (!m_aggregator || !m_follower)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("follow() before load()"));
    const bool sudo = privileged(host);
    FollowRound round;
    // One follower's round: (new bytes, rotated or truncated).
    const auto step
            = [&](LogFollower &follower, const auto &feed) -> Result<std::pair<qint64, bool>> {
        remote::CommandRequest request;
        request.command = follower.command();
        request.privileged = sudo;
        request.maxOutputBytes = 256 * 1024 * 1024;
        request.label = QStringLiteral("follow %1").arg(follower.path());
        const Result<remote::CommandResult> result = host.run(std::move(request));
        if (!result)
            return result.error();
        m_meta.transfer.networkBytes += result->bytesReceived;
        if (result->exitStatus != 0)
            return commandError(QStringLiteral("following %1").arg(follower.path()), *result);
        Result<FollowChunk> chunk = follower.consume(result->stdOut);
        if (!chunk)
            return chunk.error();
        if (!chunk->data.isEmpty())
            feed(chunk->data);
        m_meta.transfer.textBytes += chunk->data.size();
        return std::make_pair(static_cast<qint64>(chunk->data.size()),
                              chunk->rotated || chunk->truncated);
    };
    const auto access
            = step(*m_follower, [this](QByteArrayView data) { m_aggregator->feed(data); });
    if (!access)
        return access.error();
    round.accessBytes = access->first;
    round.rotated = access->second;
    for (LogFollower &follower : m_errorFollowers) {
        // A missing error log is not worth stopping the chart for.
        const auto errors = step(follower, [this](QByteArrayView data) { m_errors->feed(data); });
        if (errors)
            round.errorBytes += errors->first;
    }
    if (round.any())
        ++m_meta.generation;
    return round;
}

Result<QList<LogLine>>
RemoteAccessLog::lines(remote::RemoteHost &host, qint64 since, qint64 until, int maxLines)
{
    if (!m_format)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("lines() before load()"));
    const bool sudo = privileged(host);
    QList<LogLine> result;

    QFuture<Result<remote::CommandResult>> errorFuture;
    if (!m_meta.errorSources.isEmpty()) {
        remote::CommandRequest request;
        request.command = remotelogscripts::grepFixed(
                m_meta.errorSources,
                remotelogscripts::minutePrefixes(since, until, m_meta.utcOffsetSeconds),
                maxLines,
                remotelogscripts::wallTime(since, m_meta.utcOffsetSeconds),
                remotelogscripts::wallTime(until, m_meta.utcOffsetSeconds));
        request.privileged = sudo;
        request.label = QStringLiteral("error log lines");
        errorFuture = host.start(request);
    }

    WindowCommandOptions window;
    window.paths = m_accessFiles;
    window.since = since;
    window.timeKind = m_format->timeKind();
    remote::CommandRequest request;
    request.command = remotelogscripts::windowLines(window, until, maxLines * 4);
    request.privileged = sudo;
    request.timeoutMs = m_request.transferTimeoutMs;
    request.label = QStringLiteral("access log lines");
    const Result<remote::CommandResult> access = host.run(std::move(request));
    if (!access)
        return access.error();
    m_meta.transfer.networkBytes += access->bytesReceived;

    LineSplitter splitter;
    nginx::AccessLogRecord record;
    const auto addAccess = [&](QByteArrayView line, qsizetype) {
        if (result.size() >= maxLines || !m_format->match(line, record))
            return;
        std::optional<qint64> time;
        const QByteArrayView value = record.field(m_format->timeField());
        switch (m_format->timeKind()) {
        case nginx::LogFormat::TimeKind::Local: time = nginx::parseTimeLocal(value); break;
        case nginx::LogFormat::TimeKind::Iso8601: time = nginx::parseTimeIso8601(value); break;
        case nginx::LogFormat::TimeKind::Msec: time = nginx::parseMsec(value); break;
        case nginx::LogFormat::TimeKind::None: break;
        }
        if (!time || *time < since || *time >= until)
            return;
        result.append({*time,
                       false,
                       nginx::parseStatus(record.field(nginx::AccessLogField::Status)),
                       {},
                       QString::fromUtf8(line)});
    };
    GzipStreamDecoder decoder([&](QByteArrayView text) { splitter.feed(text, addAccess); });
    if (Result<void> fed = decoder.feed(access->stdOut); !fed)
        return fed.error();
    splitter.finish(addAccess);

    if (errorFuture.isValid()) {
        errorFuture.waitForFinished();
        const Result<remote::CommandResult> errors = errorFuture.result();
        if (errors && errors->exitStatus == 0) {
            m_meta.transfer.networkBytes += errors->bytesReceived;
            LineSplitter errorSplitter;
            int count = 0;
            const auto addError = [&](QByteArrayView line, qsizetype) {
                const std::optional<qint64> time
                        = ErrorLogSeries::lineTime(line, m_meta.utcOffsetSeconds);
                if (count >= maxLines || !time || *time < since || *time >= until)
                    return;
                ++count;
                result.append({*time,
                               true,
                               0,
                               ErrorLineClassifier::classify(line),
                               QString::fromUtf8(line)});
            };
            GzipStreamDecoder errorDecoder(
                    [&](QByteArrayView text) { errorSplitter.feed(text, addError); });
            if (errorDecoder.feed(errors->stdOut))
                errorSplitter.finish(addError);
        }
    }
    std::stable_sort(result.begin(), result.end(), [](const LogLine &a, const LogLine &b) {
        return a.time < b.time;
    });
    return result;
}

ErrorRatesSnapshot RemoteAccessLog::snapshot() const
{
    ErrorRatesSnapshot snapshot = m_meta;
    // The server's clock moves on while following.
    if (m_loadedAt > 0)
        snapshot.serverNow += qMax<qint64>(0, QDateTime::currentSecsSinceEpoch() - m_loadedAt);
    if (m_aggregator) {
        snapshot.summary = m_aggregator->summary();
        // The window ends with the bucket holding the server's "now", so a quiet end still
        // shows as zeros.
        if (!snapshot.summary.until && snapshot.summary.since) {
            snapshot.summary.until = bucketStartOf(snapshot.serverNow, m_request.bucketSeconds)
                                     + m_request.bucketSeconds;
            if (!snapshot.summary.buckets.empty()) {
                snapshot.summary.until
                        = qMax(*snapshot.summary.until,
                               snapshot.summary.buckets.rbegin()->first + m_request.bucketSeconds);
            }
        }
    }
    if (m_errors) {
        snapshot.errorBuckets = m_errors->buckets();
        snapshot.errorLines = m_errors->lines();
    }
    return snapshot;
}

} // namespace gs::logs
