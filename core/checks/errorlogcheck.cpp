#include "checks/errorlogcheck.h"

#include "nginx/errorclassifier.h"
#include "nginx/sizetime.h"

#include <QMap>

namespace gs::checks {

using findings::FindingId;

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

// The location whose pass directive is the target's.
const nginx::ConfigModel::Location *locationOf(const DiagnosisModel &model,
                                               const UpstreamTarget &target)
{
    if (!model.nginx)
        return nullptr;
    for (const auto &server : model.nginx->servers) {
        for (const auto &location : server.locations) {
            if (location.pass && location.pass->source.line == target.pass.source.line
                && location.pass->source.file == target.pass.source.file)
                return &location;
        }
    }
    return nullptr;
}

// The guided fix for "upstream sent too big header": a header buffer of at least 32k (the
// catalog's 16k is too small for the big cookies and JWTs seen in practice), twice what is in
// force if that is more, with buffers and busy buffers sized so that `nginx -t` accepts them
// (busy < all buffers minus one, and at least the header buffer).
std::optional<findings::ConfigEdit> headerBufferEdit(const DiagnosisModel &model,
                                                     const UpstreamTarget &target)
{
    const QString &pass = target.pass.directive;
    if (!pass.endsWith(QLatin1String("_pass")) || pass == QLatin1String("memcached_pass"))
        return std::nullopt;
    const QString family = pass.chopped(5);
    const auto *location = locationOf(model, target);
    const qint64 current
            = location
                      ? nginx::parseSize(location->setting(family + QStringLiteral("_buffer_size")))
                                .value_or(4096)
                      : 4096;
    const qint64 kb = std::max<qint64>(32, current * 2 / 1024);
    const QString size = QStringLiteral("%1k").arg(kb);
    findings::ConfigEdit edit;
    edit.file = target.pass.source.file;
    edit.line = target.pass.source.line;
    edit.settings.append({family + QStringLiteral("_buffer_size"), size});
    if (family != QLatin1String("grpc")) {
        edit.settings.append({family + QStringLiteral("_buffers"), QStringLiteral("8 ") + size});
        edit.settings.append(
                {family + QStringLiteral("_busy_buffers_size"), QStringLiteral("%1k").arg(kb * 2)});
    }
    edit.summary = QStringLiteral("Raise %1_buffer_size to %2 (now %3) for location %4, so the "
                                  "upstream's response header fits.")
                           .arg(family, size)
                           .arg(QStringLiteral("%1k").arg(current / 1024))
                           .arg(target.location);
    return edit;
}

} // namespace

CheckResult ErrorLogCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (model.errorLogsRead.isEmpty()) {
        if (!model.nginx && model.facts.nginx.installed)
            return result(CheckStatus::Skip,
                          QStringLiteral("the nginx configuration could not be read, so its error "
                                         "log is unknown"));
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
        if (!classification.findingId || classification.clientSide)
            continue;
        const FindingId id = *classification.findingId;
        QString peer = logged.entry.upstreamPeer();
        const QString name = findings::findingName(id);
        const bool aboutUpstream = name.startsWith(QLatin1String("upstream."))
                                   || name.startsWith(QLatin1String("phpfpm."));
        if (!aboutUpstream)
            peer.clear();
        auto &finding = findings.get(id, peer);
        finding.addOccurrence(logged.source, logged.entry.raw, logged.utc);
        const UpstreamTarget *target = peer.isEmpty() ? nullptr : model.targetForPeer(peer);
        if (target && finding.configFile.isEmpty()) {
            finding.configFile = target->pass.source.file;
            finding.configLine = target->pass.source.line;
        }
        if (target && !finding.edit && id == FindingId::UpstreamHeaderTooBig)
            finding.edit = headerBufferEdit(model, *target);
        if (id == FindingId::UpstreamTimeout) {
            if (finding.count >= kFrequentTimeouts)
                finding.severity = findings::Finding::Severity::Critical;
            const QString directive = timeoutDirective(target, classification.phase);
            if (const auto *location = target ? locationOf(model, *target) : nullptr) {
                const auto setting = location->settings.value(directive);
                const QString note
                        = QStringLiteral("nginx gave up after %1 = %2 (%3) while %4.")
                                  .arg(directive,
                                       setting.value.isEmpty() ? QStringLiteral("60s")
                                                               : setting.value,
                                       setting.isDefault() ? QStringLiteral("the default")
                                                           : QStringLiteral("set at %1:%2")
                                                                     .arg(setting.source.file)
                                                                     .arg(setting.source.line),
                                       logged.entry.action);
                if (!finding.explanation.contains(note))
                    finding.explanation += QLatin1Char(' ') + note;
            }
        }
        ++perId[name];
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
