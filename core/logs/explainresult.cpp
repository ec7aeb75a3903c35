#include "logs/explainresult.h"

#include <QJsonArray>

namespace gs::logs {

std::optional<findings::Finding::Severity> ExplainResult::worstSeverity() const
{
    std::optional<findings::Finding::Severity> worst;
    for (const Cause &cause : causes) {
        if (!worst || cause.severity > *worst)
            worst = cause.severity;
    }
    return worst;
}

QJsonValue ExplainResult::timeJson(const QDateTime &time)
{
    if (!time.isValid())
        return QJsonValue::Null;
    return time.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
}

QJsonObject ExplainResult::toJson() const
{
    QJsonArray causeArray;
    for (const Cause &cause : causes) {
        causeArray.append(QJsonObject{
                {QStringLiteral("id"), cause.id},
                {QStringLiteral("severity"), findings::Finding::severityName(cause.severity)},
                {QStringLiteral("title"), cause.title},
                {QStringLiteral("count"), cause.count},
                {QStringLiteral("first_seen"), timeJson(cause.firstSeen)},
                {QStringLiteral("last_seen"), timeJson(cause.lastSeen)},
                {QStringLiteral("examples"), QJsonArray::fromStringList(cause.examples)},
                {QStringLiteral("remedy"), QJsonArray::fromStringList(cause.remedy)},
        });
    }
    return QJsonObject{
            {QStringLiteral("files"), QJsonArray::fromStringList(files)},
            {QStringLiteral("lines"), lines},
            {QStringLiteral("unrecognised"), unrecognised},
            {QStringLiteral("causes"), causeArray},
            {QStringLiteral("unrecognised_examples"),
             QJsonArray::fromStringList(unrecognisedExamples)},
    };
}

} // namespace gs::logs
