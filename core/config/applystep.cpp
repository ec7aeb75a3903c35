#include "config/applystep.h"

#include <array>
#include <utility>

namespace gs::config {

namespace {

constexpr std::array<std::pair<ApplyStep::Status, const char *>, 6> kNames{{
        {ApplyStep::Status::Running, "running"},
        {ApplyStep::Status::Waiting, "waiting"},
        {ApplyStep::Status::Ok, "ok"},
        {ApplyStep::Status::Warning, "warning"},
        {ApplyStep::Status::Failed, "failed"},
        {ApplyStep::Status::Skipped, "skipped"},
}};

} // namespace

QString ApplyStep::statusName(Status status)
{
    for (const auto &[value, name] : kNames) {
        if (value == status)
            return QLatin1String(name);
    }
    return QStringLiteral("failed");
}

std::optional<ApplyStep::Status> ApplyStep::statusFromName(QStringView name)
{
    for (const auto &[value, word] : kNames) {
        if (name == QLatin1String(word))
            return value;
    }
    return std::nullopt;
}

QJsonObject ApplyStep::toJson() const
{
    QJsonObject json{{QStringLiteral("name"), name},
                     {QStringLiteral("status"), statusName(status)},
                     {QStringLiteral("detail"), detail}};
    if (!output.isEmpty())
        json.insert(QStringLiteral("output"), output);
    return json;
}

} // namespace gs::config
