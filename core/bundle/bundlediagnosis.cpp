#include "bundle/bundlediagnosis.h"

#include "discovery/factsscript.h"

namespace gs::bundle {

QString BundleDiagnosis::bundleKey(const QString &plannedKey, const checks::RawObservations &raw)
{
    // A bundle keeps each nginx's configuration apart: "nginx_T@/etc/nginx/nginx.conf".
    using checks::ProbeId;
    if (plannedKey != checks::probeName(ProbeId::NginxDump)
        && plannedKey != checks::probeName(ProbeId::NginxFiles))
        return plannedKey;
    const checks::CommandOutput *facts = raw.get(checks::ProbeId::Facts);
    auto parsed = discovery::FactsScript::parse(facts ? facts->out : QByteArray());
    if (!raw.nginxConfig.isEmpty())
        parsed.selectNginx(raw.nginxConfig);
    return plannedKey + QLatin1Char('@') + parsed.nginx.config;
}

checks::DiagnosisReport BundleDiagnosis::run(const SupportBundle &bundle,
                                             const checks::DiagnosisRunner::Options &options,
                                             const checks::DiagnosisRunner::Progress &progress)
{
    checks::RawObservations raw;
    raw.privileged = bundle.asRoot();
    raw.privilegeDetail
            = bundle.asRoot() ? QStringLiteral("collected as root")
                              : QStringLiteral("collected as %1, without root").arg(bundle.user());
    const auto gather = [&bundle](const QList<checks::Gatherer::Command> &batch,
                                  checks::RawObservations &into) {
        for (const checks::Gatherer::Command &command : batch) {
            checks::CommandOutput output;
            if (const checks::CommandOutput *kept = bundle.output(bundleKey(command.key, into)))
                output = *kept;
            else
                output.error = QStringLiteral("Not in the support bundle: its collection script "
                                              "did not run this.");
            output.command = command.command;
            into.outputs.insert(command.key, output);
        }
    };
    checks::DiagnosisRunner::Options bundleOptions = options;
    bundleOptions.settleSeconds = 0; // a bundle does not change while it is read
    return checks::DiagnosisRunner::runRounds(gather, std::move(raw), bundleOptions, progress);
}

} // namespace gs::bundle
