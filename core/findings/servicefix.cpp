#include "findings/servicefix.h"

#include <QJsonArray>

namespace gs::findings {

namespace {

const QLatin1String kStart("start");
const QLatin1String kRestart("restart");

} // namespace

QJsonObject ServiceFix::toJson() const
{
    QJsonObject o{{QStringLiteral("service"), service},
                  {QStringLiteral("action"), action == Action::Restart ? kRestart : kStart},
                  {QStringLiteral("journal"), journal}};
    if (!logFiles.isEmpty())
        o.insert(QStringLiteral("log_files"), QJsonArray::fromStringList(logFiles));
    return o;
}

std::optional<ServiceFix> ServiceFix::fromJson(const QJsonObject &o)
{
    ServiceFix fix;
    fix.service = o.value(QStringLiteral("service")).toString();
    const QString action = o.value(QStringLiteral("action")).toString();
    // An action this version does not know is not guessed at: no button rather than a wrong one.
    if (fix.service.isEmpty() || (action != kStart && action != kRestart))
        return std::nullopt;
    fix.action = action == kRestart ? Action::Restart : Action::Start;
    fix.journal = o.value(QStringLiteral("journal")).toBool();
    const QJsonArray files = o.value(QStringLiteral("log_files")).toArray();
    for (const QJsonValue &v : files) {
        if (v.isString())
            fix.logFiles << v.toString();
    }
    return fix;
}

} // namespace gs::findings
