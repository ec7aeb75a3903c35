#include "checks/trafficmodel.h"

#include "logs/accesslogaggregator.h"
#include "logs/accesslogcandidate.h"
#include "logs/remotelogscripts.h"

namespace gs::checks {

namespace {

// The probe's own complaint ("gs-tail: PATH: Permission denied"), else the gatherer's reason.
QString whyNotRead(const CommandOutput &output)
{
    if (!output.ran)
        return output.error.isEmpty() ? QStringLiteral("not run") : output.error;
    QString text = logs::remotelogscripts::otherStderr(output.err).trimmed();
    if (text.isEmpty())
        text = QString::fromUtf8(output.err).trimmed();
    const qsizetype colon = text.lastIndexOf(QLatin1String(": "));
    if (text.startsWith(QLatin1String("gs-tail: ")) && colon > 0)
        text = text.mid(colon + 2);
    return text.isEmpty() ? QStringLiteral("exit status %1").arg(output.exitStatus) : text;
}

} // namespace

QList<TrafficModel::Log> TrafficModel::configuredLogs(const nginx::ConfigModel &nginx,
                                                      const QString &prefix)
{
    QList<Log> list;
    for (const logs::AccessLogCandidate &candidate : logs::accessLogCandidates(nginx, prefix)) {
        Log log;
        log.path = candidate.path;
        log.formatName = candidate.formatName;
        log.format = candidate.format;
        list.append(log);
    }
    return list;
}

QString TrafficModel::formatProblem(const nginx::LogFormat &format)
{
    if (format.timeKind() == nginx::LogFormat::TimeKind::None)
        return QStringLiteral("it logs no $time_local, $time_iso8601 or $msec");
    if (!format.has(nginx::AccessLogField::Status))
        return QStringLiteral("it logs no $status");
    return QString();
}

qint64 TrafficModel::bucketSecondsFor(qint64 windowSeconds)
{
    constexpr qint64 kMaxPoints = 120;
    const qint64 minutes = (windowSeconds + 60 * kMaxPoints - 1) / (60 * kMaxPoints);
    return std::max<qint64>(1, minutes) * 60;
}

void TrafficModel::readAccessLogs(const RawObservations &raw,
                                  const std::optional<nginx::ConfigModel> &nginx,
                                  const QString &prefix)
{
    windowEnd = raw.serverNowEpoch + 1;
    windowStart = raw.serverNowEpoch - raw.windowSeconds;
    criticalPercent = raw.errorRateThresholdPercent;
    configured = nginx.has_value();
    if (!nginx)
        return;
    logs = configuredLogs(*nginx, prefix);
    logsNotRead = static_cast<int>(std::max<qsizetype>(0, logs.size() - kMaxLogs));
    logs = logs.mid(0, kMaxLogs);
    total = {};
    total.bucketSeconds = bucketSecondsFor(raw.windowSeconds);
    for (Log &log : logs) {
        const auto format = nginx::LogFormat::compile(log.format);
        const QString problem = format ? formatProblem(*format) : format.error().message;
        if (!problem.isEmpty()) {
            log.whyNot = QStringLiteral("its log_format %1 cannot be counted: %2")
                                 .arg(log.formatName, problem);
            continue;
        }
        const CommandOutput *output = raw.get(ProbeId::AccessLog, log.path);
        if (!output) {
            log.whyNot = QStringLiteral("not collected");
            continue;
        }
        if (!output->ok()) {
            log.whyNot = whyNotRead(*output);
            continue;
        }
        log = readLog(log, output->out, output->err, windowStart, windowEnd);
        if (log.read)
            total.merge(log.counts);
    }
}

TrafficModel::Log TrafficModel::readLog(Log log,
                                        const QByteArray &lines,
                                        const QByteArray &stderrText,
                                        qint64 windowStart,
                                        qint64 windowEnd)
{
    const auto format = nginx::LogFormat::compile(log.format);
    if (!format) {
        log.whyNot = QStringLiteral("its log_format %1 cannot be read: %2")
                             .arg(log.formatName, format.error().message);
        return log;
    }
    logs::AccessLogOptions options;
    options.bucketSeconds = bucketSecondsFor(windowEnd - 1 - windowStart);
    options.since = windowStart;
    options.until = windowEnd;
    options.maxExamples = TrafficCounts::kUnparsedExamples;
    auto aggregator = logs::AccessLogAggregator::create(*format, options);
    if (!aggregator) {
        log.whyNot = QStringLiteral("its log_format %1 cannot be counted: %2")
                             .arg(log.formatName, aggregator.error().message);
        return log;
    }
    aggregator->beginSource(log.path);
    aggregator->feed(lines);
    aggregator->endSource();
    const logs::AccessLogSummary summary = aggregator->takeSummary();
    log.read = true;
    log.counts = TrafficCounts::fromSummary(summary);
    // A tail that started inside the file and whose first request is inside the window: what
    // came before in the window was not read.
    for (const logs::WindowFile &file : logs::remotelogscripts::parseFileHeaders(stderrText)) {
        if (file.offset > 0 && !summary.buckets.empty()
            && summary.buckets.begin()->first > windowStart) {
            log.truncated = true;
            log.coveredFrom = summary.buckets.begin()->first;
        }
    }
    return log;
}

} // namespace gs::checks
