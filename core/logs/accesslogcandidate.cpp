#include "logs/accesslogcandidate.h"

#include <QDir>

namespace gs::logs {

QList<AccessLogCandidate> accessLogCandidates(const nginx::ConfigModel &model,
                                              const QString &prefix)
{
    QList<AccessLogCandidate> result;
    for (const nginx::ConfigModel::LogFile &log : model.accessLogs) {
        if (log.off || log.path.isEmpty() || log.path.contains(QLatin1Char('$'))
            || log.path.startsWith(QLatin1String("syslog:"))
            || log.path.startsWith(QLatin1String("memory:")) || log.path.startsWith(u'|')
            || log.path == QLatin1String("stderr") || log.path == QLatin1String("/dev/stdout")
            || log.path == QLatin1String("/dev/stderr")) {
            continue;
        }
        const QString name = log.formatName.isEmpty() ? QStringLiteral("combined") : log.formatName;
        auto existing
                = std::find_if(result.begin(), result.end(), [&](const AccessLogCandidate &c) {
                      return c.path == log.path;
                  });
        if (existing != result.end()) {
            if (!existing->servers.contains(log.serverName))
                existing->servers.append(log.serverName);
            continue;
        }
        AccessLogCandidate candidate;
        candidate.path = log.path;
        candidate.formatName = name;
        const auto format = model.logFormats.constFind(name);
        if (name == QLatin1String("combined") || format == model.logFormats.constEnd())
            candidate.format = QByteArrayLiteral("combined");
        else
            candidate.format = format->format.toUtf8();
        candidate.servers.append(log.serverName);
        result.append(candidate);
    }
    if (model.accessLogs.isEmpty() && !prefix.isEmpty()) {
        AccessLogCandidate candidate;
        candidate.path = QDir::cleanPath(prefix + QStringLiteral("/logs/access.log"));
        candidate.formatName = QStringLiteral("combined");
        candidate.format = QByteArrayLiteral("combined");
        result.append(candidate);
    }
    return result;
}

qsizetype busiestCandidate(const QList<AccessLogCandidate> &candidates)
{
    qsizetype best = -1;
    for (qsizetype i = 0; i < candidates.size(); ++i) {
        if (best < 0 || candidates.at(i).size > candidates.at(best).size)
            best = i;
    }
    return best;
}

} // namespace gs::logs
