#include "checks/checkresult.h"

namespace gs::checks {

QString checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pass: return QStringLiteral("pass");
    case CheckStatus::Warn: return QStringLiteral("warn");
    case CheckStatus::Fail: return QStringLiteral("fail");
    case CheckStatus::Skip: return QStringLiteral("skip");
    case CheckStatus::Error: return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

QJsonObject CheckResult::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("status"), checkStatusName(status)},
                       {QStringLiteral("summary"), summary},
                       {QStringLiteral("duration_ms"), durationMs}};
}

} // namespace gs::checks
