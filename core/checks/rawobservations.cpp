#include "checks/rawobservations.h"

namespace gs::checks {

QJsonObject CommandOutput::toJson() const
{
    return QJsonObject{{QStringLiteral("command"), command},
                       {QStringLiteral("ran"), ran},
                       {QStringLiteral("exit_status"), exitStatus},
                       {QStringLiteral("stdout"), QString::fromUtf8(out)},
                       {QStringLiteral("stderr"), QString::fromUtf8(err)},
                       {QStringLiteral("error"), error},
                       {QStringLiteral("privileged"), privileged}};
}

CommandOutput CommandOutput::fromJson(const QJsonObject &json)
{
    CommandOutput output;
    output.command = json.value(QStringLiteral("command")).toString();
    output.ran = json.value(QStringLiteral("ran")).toBool();
    output.exitStatus = json.value(QStringLiteral("exit_status")).toInt(-1);
    output.out = json.value(QStringLiteral("stdout")).toString().toUtf8();
    output.err = json.value(QStringLiteral("stderr")).toString().toUtf8();
    output.error = json.value(QStringLiteral("error")).toString();
    output.privileged = json.value(QStringLiteral("privileged")).toBool();
    return output;
}

const CommandOutput *RawObservations::get(const QString &key) const
{
    auto it = outputs.constFind(key);
    return it == outputs.constEnd() ? nullptr : &it.value();
}

QList<std::pair<QString, const CommandOutput *>> RawObservations::each(ProbeId id) const
{
    // Keys of one kind share their prefix, so they sit together in the map.
    const QString prefix = probeName(id) + QLatin1Char(':');
    QList<std::pair<QString, const CommandOutput *>> found;
    for (auto it = outputs.lowerBound(prefix); it != outputs.end() && it.key().startsWith(prefix);
         ++it)
        found.append({it.key().mid(prefix.size()), &it.value()});
    return found;
}

QJsonObject RawObservations::toJson() const
{
    QJsonObject commands;
    for (auto it = outputs.begin(); it != outputs.end(); ++it)
        commands.insert(it.key(), it.value().toJson());
    return QJsonObject{{QStringLiteral("server_now"), serverNowEpoch},
                       {QStringLiteral("utc_offset"), utcOffsetSeconds},
                       {QStringLiteral("window_seconds"), windowSeconds},
                       {QStringLiteral("error_rate_threshold_percent"), errorRateThresholdPercent},
                       {QStringLiteral("privileged"), privileged},
                       {QStringLiteral("privilege_detail"), privilegeDetail},
                       {QStringLiteral("nginx_config"), nginxConfig},
                       {QStringLiteral("outputs"), commands}};
}

RawObservations RawObservations::fromJson(const QJsonObject &json)
{
    RawObservations raw;
    raw.serverNowEpoch = json.value(QStringLiteral("server_now")).toInteger();
    raw.utcOffsetSeconds = json.value(QStringLiteral("utc_offset")).toInt();
    raw.windowSeconds = json.value(QStringLiteral("window_seconds")).toInteger(3600);
    raw.errorRateThresholdPercent = json.value(QStringLiteral("error_rate_threshold_percent"))
                                            .toDouble(kDefaultErrorRateThresholdPercent);
    raw.privileged = json.value(QStringLiteral("privileged")).toBool();
    raw.privilegeDetail = json.value(QStringLiteral("privilege_detail")).toString();
    raw.nginxConfig = json.value(QStringLiteral("nginx_config")).toString();
    const QJsonObject commands = json.value(QStringLiteral("outputs")).toObject();
    for (auto it = commands.begin(); it != commands.end(); ++it)
        raw.outputs.insert(it.key(), CommandOutput::fromJson(it.value().toObject()));
    return raw;
}

} // namespace gs::checks
