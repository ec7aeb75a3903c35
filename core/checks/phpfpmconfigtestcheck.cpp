#include "checks/phpfpmconfigtestcheck.h"

namespace gs::checks {

using findings::FindingId;

CheckResult PhpFpmConfigTestCheck::run(const DiagnosisModel &model, FindingSet &findings) const
{
    if (model.fpm.instances.isEmpty())
        return notApplicable(QStringLiteral("PHP-FPM is not installed"));
    QStringList passed;
    QStringList skipped;
    QStringList failed;
    for (const FpmInstance &instance : model.fpm.instances) {
        if (!instance.testRan) {
            skipped << QStringLiteral("%1: php-fpm -t could not run (%2)")
                               .arg(instance.config,
                                    model.whyNotRead(ProbeId::FpmTest, instance.config));
            continue;
        }
        if (instance.test.ok) {
            passed << instance.config;
            continue;
        }
        // As an ordinary user FPM cannot open its log or pid file and fails before the pools.
        if (!model.raw.privileged
            && (instance.testOutput.contains(QLatin1String("Permission denied"))
                || instance.testOutput.contains(QLatin1String("failed to open")))) {
            skipped << QStringLiteral("needs sudo: php-fpm -t cannot open its files as this user "
                                      "(%1)")
                               .arg(model.raw.privilegeDetail);
            continue;
        }
        if (instance.testOutput.contains(QLatin1String("not found"))
            && instance.testOutput.size() < 200 && instance.test.messages.isEmpty()) {
            skipped << QStringLiteral("%1: %2").arg(instance.binary, instance.testOutput);
            continue;
        }
        auto &finding = findings.get(FindingId::PhpFpmConfigInvalid);
        const auto errors = instance.test.errors();
        for (const auto &message : errors) {
            QString raw = QStringLiteral("%1: %2").arg(message.level, message.text);
            if (!message.pool.isEmpty())
                raw = QStringLiteral("[pool %1] ").arg(message.pool) + raw;
            finding.addOccurrence(QStringLiteral("php-fpm -t -y ") + instance.config, raw);
            if (finding.configFile.isEmpty() && !message.file.isEmpty()) {
                finding.configFile = message.file;
                finding.configLine = message.line;
            }
        }
        if (errors.isEmpty())
            finding.addOccurrence(QStringLiteral("php-fpm -t -y ") + instance.config,
                                  instance.testOutput.left(2000));
        if (finding.configFile.isEmpty())
            finding.configFile = instance.config;
        findings.confirmLive(finding);
        failed << QStringLiteral("%1: %2").arg(instance.config,
                                               errors.isEmpty() ? instance.testOutput.left(200)
                                                                : errors.first().text);
    }
    if (!failed.isEmpty())
        return result(CheckStatus::Fail,
                      QStringLiteral("the PHP-FPM configuration is invalid: %1")
                              .arg(failed.join(QLatin1String("; "))));
    if (passed.isEmpty())
        return result(CheckStatus::Skip, skipped.join(QLatin1String("; ")));
    QString summary = QStringLiteral("syntax is ok: %1").arg(passed.join(QLatin1String(", ")));
    if (!skipped.isEmpty())
        summary += QStringLiteral(" (not tested: %1)").arg(skipped.join(QLatin1String("; ")));
    return result(CheckStatus::Pass, summary);
}

} // namespace gs::checks
