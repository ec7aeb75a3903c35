#include "checks/diagnosisreport.h"

#include <QJsonArray>

namespace gs::checks {

std::optional<findings::Finding::Severity> DiagnosisReport::worstSeverity() const
{
    std::optional<findings::Finding::Severity> worst;
    for (const auto &finding : findings) {
        if (finding.state == findings::Finding::State::Past)
            continue;
        if (!worst || finding.severity > *worst)
            worst = finding.severity;
    }
    return worst;
}

int DiagnosisReport::exitCode() const
{
    const auto worst = worstSeverity();
    if (!worst)
        return 0;
    switch (*worst) {
    case findings::Finding::Severity::Critical: return 2;
    case findings::Finding::Severity::Warning: return 1;
    case findings::Finding::Severity::Info: return 0;
    }
    return 0;
}

bool DiagnosisReport::noProblems() const
{
    return exitCode() == 0 && coverage.complete;
}

QJsonObject DiagnosisReport::toJson() const
{
    QJsonArray checkArray;
    for (const CheckResult &check : checks)
        checkArray.append(check.toJson());
    QJsonArray findingArray;
    for (const auto &finding : findings)
        findingArray.append(finding.toJson());
    QJsonObject factsJson = facts.toJson();
    return QJsonObject{{QStringLiteral("duration_ms"), durationMs},
                       {QStringLiteral("facts"), factsJson},
                       {QStringLiteral("checks"), checkArray},
                       {QStringLiteral("findings"), findingArray},
                       {QStringLiteral("coverage"), coverage.toJson()}};
}

} // namespace gs::checks
