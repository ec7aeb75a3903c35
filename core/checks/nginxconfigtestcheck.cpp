#include "checks/nginxconfigtestcheck.h"

namespace gs::checks {

using findings::FindingId;

CheckResult NginxConfigTestCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (!model.facts.nginx.installed)
        return notApplicable(QStringLiteral("nginx is not installed"));
    if (!model.nginxTestRan)
        return result(CheckStatus::Skip,
                      QStringLiteral("nginx -t could not run: %1")
                              .arg(model.whyNotRead(
                                      ProbeId::NginxDump, QString(), QStringLiteral("no output"))));
    const auto &test = model.nginxTest;
    const QString source = QStringLiteral("nginx -t");
    if (!test.ok) {
        // A non-root nginx -t fails on the pid file and keys long before it reads the config.
        if (model.nginxTestDenied && !model.raw.privileged) {
            return result(CheckStatus::Skip,
                          QStringLiteral("needs root or sudo: nginx -t cannot open its files as "
                                         "this user (%1)")
                                  .arg(model.raw.privilegeDetail));
        }
        const auto errors = test.errors();
        for (const auto &message : errors) {
            const bool hostNotFound
                    = message.text.contains(QLatin1String("host not found in upstream"));
            auto &finding = findings.get(hostNotFound ? FindingId::NginxUpstreamHostNotFound
                                                      : FindingId::NginxConfigInvalid);
            finding.addOccurrence(source, message.raw);
            if (finding.configFile.isEmpty() && !message.file.isEmpty()) {
                finding.configFile = message.file;
                finding.configLine = message.line;
            }
            findings.confirmLive(finding);
        }
        if (errors.isEmpty()) {
            auto &finding = findings.get(FindingId::NginxConfigInvalid);
            finding.addOccurrence(source, model.nginxTestOutput);
            findings.confirmLive(finding);
        }
        const QString first = errors.isEmpty() ? model.nginxTestOutput : errors.first().raw;
        return result(CheckStatus::Fail,
                      QStringLiteral("the configuration on disk is invalid: %1").arg(first));
    }
    const auto warnings = test.warnings();
    if (!warnings.isEmpty()) {
        auto &finding = findings.get(FindingId::NginxConfigWarning);
        for (const auto &message : warnings) {
            finding.addOccurrence(source, message.raw);
            if (finding.configFile.isEmpty() && !message.file.isEmpty()) {
                finding.configFile = message.file;
                finding.configLine = message.line;
            }
        }
        return result(CheckStatus::Warn,
                      QStringLiteral("syntax is ok, with %1 warning(s): %2")
                              .arg(warnings.size())
                              .arg(warnings.first().text));
    }
    return result(CheckStatus::Pass, QStringLiteral("syntax is ok"));
}

} // namespace gs::checks
