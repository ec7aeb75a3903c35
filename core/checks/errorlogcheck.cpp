#include "checks/errorlogcheck.h"

#include "nginx/errorclassifier.h"

#include <QMap>

namespace gs::checks {

namespace {

// The timeout directive in force for the phase nginx was in, for the finding's remedy.
QString timeoutDirective(const UpstreamTarget *target, const QString &phase)
{
    const QString family = target && target->pass.directive.endsWith(QLatin1String("_pass"))
                                   ? target->pass.directive.chopped(5)
                                   : QStringLiteral("proxy");
    if (phase == QLatin1String("connect"))
        return family + QStringLiteral("_connect_timeout");
    if (phase == QLatin1String("send"))
        return family + QStringLiteral("_send_timeout");
    return family + QStringLiteral("_read_timeout");
}

} // namespace

CheckResult ErrorLogCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (model.errorLogsRead.isEmpty()) {
        if (!model.errorLogsMissing.isEmpty()) {
            const bool denied = model.errorLogsMissing.join(QLatin1Char(' '))
                                        .contains(QLatin1String("Permission denied"));
            return result(CheckStatus::Skip,
                          QStringLiteral("%1could not read %2")
                                  .arg(denied ? QStringLiteral("needs sudo: ") : QString(),
                                       model.errorLogsMissing.join(QLatin1String(", "))));
        }
        return result(CheckStatus::Skip,
                      QStringLiteral("no error log file is configured (logs go "
                                     "to syslog or stderr)"));
    }

    QMap<QString, int> perId;
    int upstreamErrors = 0;
    for (const LoggedError &logged : model.errors) {
        const auto classification = nginx::ErrorClassifier::classify(logged.entry);
        if (classification.findingId.isEmpty() || classification.clientSide)
            continue;
        QString peer = logged.entry.upstreamPeer();
        const bool aboutUpstream = classification.findingId.startsWith(QLatin1String("upstream."))
                                   || classification.findingId.startsWith(QLatin1String("phpfpm."));
        if (!aboutUpstream)
            peer.clear();
        auto &finding = findings.get(classification.findingId, peer);
        finding.addOccurrence(logged.source, logged.entry.raw, logged.utc);
        const UpstreamTarget *target = peer.isEmpty() ? nullptr : model.targetForPeer(peer);
        if (target && finding.configFile.isEmpty()) {
            finding.configFile = target->pass.source.file;
            finding.configLine = target->pass.source.line;
        }
        if (classification.findingId == QLatin1String("upstream.timeout")) {
            if (finding.count >= kFrequentTimeouts)
                finding.severity = findings::Finding::Severity::Critical;
            const QString directive = timeoutDirective(target, classification.phase);
            if (model.nginx && target) {
                for (const auto &server : model.nginx->servers) {
                    for (const auto &location : server.locations) {
                        if (location.pass && location.pass->source.line == target->pass.source.line
                            && location.pass->source.file == target->pass.source.file) {
                            const auto setting = location.settings.value(directive);
                            const QString note
                                    = QStringLiteral("nginx gave up after %1 = %2 (%3) while %4.")
                                              .arg(directive,
                                                   setting.value.isEmpty() ? QStringLiteral("60s")
                                                                           : setting.value,
                                                   setting.isDefault()
                                                           ? QStringLiteral("the default")
                                                           : QStringLiteral("set at %1:%2")
                                                                     .arg(setting.source.file)
                                                                     .arg(setting.source.line),
                                                   logged.entry.action);
                            if (!finding.explanation.contains(note))
                                finding.explanation += QLatin1Char(' ') + note;
                        }
                    }
                }
            }
        }
        ++perId[classification.findingId];
        ++upstreamErrors;
    }

    const QString window = QStringLiteral("%1 entries in the window from %2")
                                   .arg(model.errors.size())
                                   .arg(model.errorLogsRead.join(QLatin1String(", ")));
    if (upstreamErrors == 0)
        return result(CheckStatus::Pass, window + QStringLiteral(", none about upstreams"));
    QStringList parts;
    for (auto it = perId.begin(); it != perId.end(); ++it)
        parts << QStringLiteral("%1 × %2").arg(it.value()).arg(it.key());
    return result(CheckStatus::Fail,
                  QStringLiteral("%1 gateway errors: %2")
                          .arg(upstreamErrors)
                          .arg(parts.join(QLatin1String(", "))));
}

} // namespace gs::checks
