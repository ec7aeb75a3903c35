#include "checks/diagnosismodel.h"

#include "discovery/factsscript.h"
#include "nginx/configparser.h"
#include "nginx/errorlogparser.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

namespace gs::checks {

namespace {

QHash<QString, QString> keyValues(const QString &line)
{
    // "type=socket owner=www-data group=www-data mode=660"
    QHash<QString, QString> values;
    for (const QString &word : line.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype eq = word.indexOf(QLatin1Char('='));
        if (eq > 0)
            values.insert(word.left(eq), word.mid(eq + 1));
    }
    return values;
}

TcpProbe parseTcpProbe(const QString &peer, const CommandOutput &output)
{
    TcpProbe probe;
    probe.peer = peer;
    if (!output.ran) {
        probe.detail = output.error;
        return probe;
    }
    const QString text = QString::fromUtf8(output.out + output.err);
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("tcp="))) {
            const QString value = line.mid(4);
            if (value == QLatin1String("open")) {
                probe.outcome = TcpProbe::Outcome::Open;
            } else if (value == QLatin1String("timeout")) {
                probe.outcome = TcpProbe::Outcome::Timeout;
            } else if (value.startsWith(QLatin1String("failed"))) {
                probe.detail = value.mid(7).trimmed();
                if (probe.detail.contains(QLatin1String("refused"), Qt::CaseInsensitive))
                    probe.outcome = TcpProbe::Outcome::Refused;
                else if (probe.detail.contains(QLatin1String("No route"), Qt::CaseInsensitive)
                         || probe.detail.contains(QLatin1String("unreachable"),
                                                  Qt::CaseInsensitive))
                    probe.outcome = TcpProbe::Outcome::Unreachable;
                else
                    probe.outcome = TcpProbe::Outcome::Failed;
            }
        } else if (line.startsWith(QLatin1String("http="))) {
            const auto values = keyValues(line);
            probe.httpStatus = values.value(QStringLiteral("http")).toInt();
            probe.seconds = values.value(QStringLiteral("time")).toDouble();
        } else if (line.startsWith(QLatin1String("curl:")) && probe.detail.isEmpty()) {
            probe.detail = line;
        }
    }
    return probe;
}

UnixSocketProbe parseUnixProbe(const QString &path, const CommandOutput &output)
{
    UnixSocketProbe probe;
    probe.path = path;
    const QString text = QString::fromUtf8(output.out);
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (line.startsWith(QLatin1String("type="))) {
            if (line == QLatin1String("type=missing"))
                continue;
            probe.exists = true;
            probe.isSocket = line.startsWith(QLatin1String("type=socket"));
            const auto values = keyValues(line.mid(line.indexOf(QLatin1String(" owner="))));
            probe.owner = values.value(QStringLiteral("owner"));
            probe.group = values.value(QStringLiteral("group"));
            probe.mode = values.value(QStringLiteral("mode")).toInt(nullptr, 8);
        } else if (line.startsWith(QLatin1String("dir="))) {
            const auto values = keyValues(line);
            probe.parents.append({values.value(QStringLiteral("dir")),
                                  values.value(QStringLiteral("owner")),
                                  values.value(QStringLiteral("group")),
                                  values.value(QStringLiteral("mode")).toInt(nullptr, 8)});
        }
    }
    return probe;
}

// Every pass of the configuration with the addresses it dials and the limits in force.
QList<UpstreamTarget> upstreamTargets(const nginx::ConfigModel &config)
{
    QList<UpstreamTarget> targets;
    for (const auto &[server, location] : config.passLocations()) {
        UpstreamTarget target;
        target.pass = *location->pass;
        target.serverName = server->names.value(0);
        const QString family = target.pass.directive.endsWith(QLatin1String("_pass"))
                                       ? target.pass.directive.chopped(5)
                                       : QStringLiteral("proxy");
        target.readTimeoutDirective = family + QStringLiteral("_read_timeout");
        if (const auto ms = location->settings.value(target.readTimeoutDirective).milliseconds())
            target.readTimeoutMs = *ms;
        target.sslVerify = location->setting(QStringLiteral("proxy_ssl_verify"));
        target.sslServerName = location->setting(QStringLiteral("proxy_ssl_server_name"));
        target.location = location->modifier.isEmpty()
                                  ? location->path
                                  : location->modifier + QLatin1Char(' ') + location->path;
        if (const auto *group = config.upstream(target.pass.upstreamName);
            group && !target.pass.upstreamName.isEmpty()) {
            for (const auto &member : group->servers) {
                target.peers << (member.unixPath.isEmpty()
                                         ? QString(member.host + QLatin1Char(':')
                                                   + QString::number(member.effectivePort()))
                                         : QString(QLatin1String("unix:") + member.unixPath));
            }
        } else if (!target.pass.hasVariables) {
            target.peers << target.pass.peer();
        }
        targets << target;
    }
    return targets;
}

} // namespace

QStringList DiagnosisModel::errorLogPaths() const
{
    QStringList paths;
    if (nginx) {
        for (const auto &log : nginx->errorLogs) {
            if (log.off || log.path.isEmpty() || log.path == QLatin1String("stderr")
                || log.path.startsWith(QLatin1String("syslog:"))
                || log.path.startsWith(QLatin1String("memory:")) || paths.contains(log.path))
                continue;
            paths << log.path;
        }
    }
    // The compiled-in default applies only to a configuration read without error_log; with no
    // configuration the log is unknown, and "stderr" is no file.
    if (paths.isEmpty() && nginx && !facts.nginx.compiledErrorLog.isEmpty()
        && facts.nginx.compiledErrorLog != QLatin1String("stderr")) {
        QString path = facts.nginx.compiledErrorLog;
        if (!path.startsWith(QLatin1Char('/')) && !facts.nginx.prefix.isEmpty())
            path = facts.nginx.prefix + QLatin1Char('/') + path;
        paths << QDir::cleanPath(path);
    }
    return paths;
}

const UpstreamTarget *DiagnosisModel::targetForPeer(const QString &peer) const
{
    for (const UpstreamTarget &target : upstreams) {
        if (target.pass.peer() == peer || target.peers.contains(peer))
            return &target;
    }
    return nullptr;
}

DiagnosisModel DiagnosisModel::build(const RawObservations &raw)
{
    DiagnosisModel model;
    model.absorb(raw, Round::Facts);
    model.absorb(raw, Round::Host);
    model.absorb(raw, Round::Targets);
    return model;
}

void DiagnosisModel::absorb(const RawObservations &observations,
                            Round round,
                            const std::optional<QSet<ProbeId>> &only)
{
    raw = observations;
    nowUtc = QDateTime::fromSecsSinceEpoch(raw.serverNowEpoch, Qt::UTC);
    windowStartUtc = nowUtc.addSecs(-raw.windowSeconds);
    for (const ProbeCatalog::Entry &entry : ProbeCatalog::entries()) {
        const bool inRound
                = entry.round == round || (entry.againInTargets && round == Round::Targets);
        if (inRound && entry.absorb && (!only || only->contains(entry.id)))
            entry.absorb(*this, raw, round);
    }
}

void DiagnosisModel::readFacts(const RawObservations &observed, Round)
{
    if (const CommandOutput *output = observed.get(ProbeId::Facts))
        facts = discovery::FactsScript::parse(output->out);
    if (!observed.nginxConfig.isEmpty())
        facts.selectNginx(observed.nginxConfig);
}

void DiagnosisModel::readNginxDump(const RawObservations &observed, Round)
{
    const CommandOutput *dump = observed.get(ProbeId::NginxDump);
    if (!dump || !dump->ran)
        return;
    nginxTestRan = true;
    nginxTest = nginx::TestOutputParser::parse(QString::fromUtf8(dump->err));
    nginxTestOutput = QString::fromUtf8(dump->err).trimmed();
    nginxTestDenied = nginxTestOutput.contains(QLatin1String("Permission denied"));
    if (dump->exitStatus != 0)
        return;
    if (auto parsed = nginx::ConfigParser::parseDump(QString::fromUtf8(dump->out))) {
        nginx::ConfigModel::Options options;
        options.prefix = facts.nginx.prefix;
        nginx = nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*parsed), options);
    }
}

void DiagnosisModel::readNginxFiles(const RawObservations &observed, Round)
{
    if (!nginx) {
        if (const CommandOutput *files = observed.get(ProbeId::NginxFiles); files && files->ok()) {
            if (auto parsed = nginx::ConfigParser::parseDump(QString::fromUtf8(files->out))) {
                nginx::ConfigModel::Options options;
                options.prefix = facts.nginx.prefix;
                nginx = nginx::ConfigModel::build(nginx::ConfigParser::expandIncludes(*parsed),
                                                  options);
                nginxFromFiles = true;
            }
        }
    }
    if (nginx)
        upstreams = upstreamTargets(*nginx);
}

void DiagnosisModel::readFpmConfigs(const RawObservations &observed, Round round)
{
    fpm.readConfigs(observed, facts, round == Round::Targets);
}

void DiagnosisModel::readErrorLogs(const RawObservations &observed, Round)
{
    for (const QString &path : errorLogPaths()) {
        const CommandOutput *log = observed.get(ProbeId::ErrorLog, path);
        if (!log)
            continue;
        if (!log->ok()) {
            errorLogsMissing << QStringLiteral("%1 (%2)").arg(
                    path, log->ran ? QString::fromUtf8(log->err).trimmed() : log->error);
            continue;
        }
        errorLogsRead << path;
        const auto parsed = nginx::ErrorLogParser::parse(log->out);
        for (const auto &entry : parsed.entries) {
            const QDateTime utc = entry.toUtc(observed.utcOffsetSeconds);
            if (utc.isValid() && utc >= windowStartUtc)
                errors.append({path, entry, utc});
        }
    }
    std::stable_sort(errors.begin(), errors.end(), [](const LoggedError &a, const LoggedError &b) {
        return a.utc < b.utc;
    });
}

void DiagnosisModel::readUnixSockets(const RawObservations &observed, Round)
{
    for (const auto &[path, output] : observed.each(ProbeId::UnixSocket)) {
        // A probe that did not run (timeout, lost connection, not in a bundle) says nothing
        // about the socket: never read it as "missing".
        if (!output->ran || !output->out.contains("type="))
            continue;
        unixProbes.insert(path, parseUnixProbe(path, *output));
    }
}

void DiagnosisModel::readTcpUpstreams(const RawObservations &observed, Round)
{
    for (const auto &[peer, output] : observed.each(ProbeId::TcpUpstream))
        tcpProbes.insert(peer, parseTcpProbe(peer, *output));
}

void DiagnosisModel::readWorkerGroups(const RawObservations &observed, Round)
{
    const CommandOutput *groups = observed.get(ProbeId::WorkerGroups);
    if (!groups || !groups->ok())
        return;
    const QStringList lines = QString::fromUtf8(groups->out).split(QLatin1Char('\n'));
    workerGroups << lines.value(0).trimmed();
    workerGroups << lines.value(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

void DiagnosisModel::readSites(const RawObservations &observed, Round)
{
    for (const auto &[subject, output] : observed.each(ProbeId::Site)) {
        SiteProbe site;
        site.url = subject.section(QLatin1Char('|'), 0, 0);
        site.serverName = subject.section(QLatin1Char('|'), 1);
        const auto values = keyValues(QString::fromUtf8(output->out).trimmed());
        site.httpStatus = values.value(QStringLiteral("http"), QStringLiteral("-1")).toInt();
        site.detail = QString::fromUtf8(output->out).trimmed();
        sites << site;
    }
}

QString
DiagnosisModel::whyNotRead(ProbeId id, const QString &subject, const QString &unplanned) const
{
    const CommandOutput *output = raw.get(id, subject);
    return output ? output->error : unplanned;
}

} // namespace gs::checks
