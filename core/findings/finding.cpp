#include "findings/finding.h"

#include <QJsonArray>

namespace gs::findings {

namespace {

QJsonValue timeJson(const QDateTime &t)
{
    if (!t.isValid())
        return QJsonValue::Null;
    return t.toUTC().toString(Qt::ISODate);
}

QDateTime timeFromJson(const QJsonValue &v)
{
    if (!v.isString())
        return {};
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

void Finding::addOccurrence(const QString &source, const QString &text, const QDateTime &when)
{
    ++count;
    if (evidence.size() < kMaxEvidence)
        evidence.append(Evidence{source, text});
    if (when.isValid()) {
        const QDateTime utc = when.toUTC();
        if (!firstSeen.isValid() || utc < firstSeen)
            firstSeen = utc;
        if (!lastSeen.isValid() || utc > lastSeen)
            lastSeen = utc;
    }
}

bool Finding::is(FindingId kind) const
{
    return id == findingName(kind);
}

QString Finding::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Critical: return QStringLiteral("critical");
    }
    return QStringLiteral("warning");
}

std::optional<Finding::Severity> Finding::severityFromName(QStringView name)
{
    if (name == QLatin1String("info"))
        return Severity::Info;
    if (name == QLatin1String("warning"))
        return Severity::Warning;
    if (name == QLatin1String("critical"))
        return Severity::Critical;
    return std::nullopt;
}

QString Finding::stateName(State state)
{
    switch (state) {
    case State::Current: return QStringLiteral("current");
    case State::Intermittent: return QStringLiteral("intermittent");
    case State::Past: return QStringLiteral("past");
    }
    return QStringLiteral("current");
}

std::optional<Finding::State> Finding::stateFromName(QStringView name)
{
    if (name == QLatin1String("current"))
        return State::Current;
    if (name == QLatin1String("intermittent"))
        return State::Intermittent;
    if (name == QLatin1String("past"))
        return State::Past;
    return std::nullopt;
}

QJsonObject Finding::toJson() const
{
    QJsonArray ev;
    for (const Evidence &e : evidence)
        ev.append(QJsonObject{{QStringLiteral("source"), e.source},
                              {QStringLiteral("text"), e.text}});
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("severity"), severityName(severity)},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("explanation"), explanation},
                  {QStringLiteral("evidence"), ev},
                  {QStringLiteral("count"), count},
                  {QStringLiteral("first_seen"), timeJson(firstSeen)},
                  {QStringLiteral("last_seen"), timeJson(lastSeen)},
                  {QStringLiteral("remedy"), QJsonArray::fromStringList(remedy)},
                  {QStringLiteral("state"), stateName(state)}};
    if (state == State::Past)
        o.insert(QStringLiteral("resolved_by"), resolvedBy);
    // spec/cli.md: "upstream and config are present when they apply".
    if (!upstream.isEmpty())
        o.insert(QStringLiteral("upstream"), upstream);
    if (!configFile.isEmpty())
        o.insert(QStringLiteral("config"),
                 QJsonObject{{QStringLiteral("file"), configFile},
                             {QStringLiteral("line"), configLine}});
    // An extension of the spec's finding object: the guided fix, when there is one.
    if (edit)
        o.insert(QStringLiteral("edit"), edit->toJson());
    if (serviceFix)
        o.insert(QStringLiteral("service_fix"), serviceFix->toJson());
    if (series)
        o.insert(QStringLiteral("series"), series->toJson());
    return o;
}

std::optional<Finding> Finding::fromJson(const QJsonObject &o)
{
    Finding f;
    f.id = o.value(QStringLiteral("id")).toString();
    const auto sev = severityFromName(o.value(QStringLiteral("severity")).toString());
    if (f.id.isEmpty() || !sev)
        return std::nullopt;
    f.severity = *sev;
    f.title = o.value(QStringLiteral("title")).toString();
    f.explanation = o.value(QStringLiteral("explanation")).toString();
    const QJsonArray ev = o.value(QStringLiteral("evidence")).toArray();
    for (const QJsonValue &v : ev) {
        const QJsonObject e = v.toObject();
        f.evidence.append(Evidence{e.value(QStringLiteral("source")).toString(),
                                   e.value(QStringLiteral("text")).toString()});
    }
    f.count = o.value(QStringLiteral("count")).toInt();
    f.firstSeen = timeFromJson(o.value(QStringLiteral("first_seen")));
    f.lastSeen = timeFromJson(o.value(QStringLiteral("last_seen")));
    f.upstream = o.value(QStringLiteral("upstream")).toString();
    const QJsonObject config = o.value(QStringLiteral("config")).toObject();
    f.configFile = config.value(QStringLiteral("file")).toString();
    f.configLine = config.value(QStringLiteral("line")).toInt();
    if (o.value(QStringLiteral("edit")).isObject())
        f.edit = ConfigEdit::fromJson(o.value(QStringLiteral("edit")).toObject());
    if (o.value(QStringLiteral("service_fix")).isObject())
        f.serviceFix = ServiceFix::fromJson(o.value(QStringLiteral("service_fix")).toObject());
    if (o.value(QStringLiteral("series")).isObject())
        f.series = RateSeries::fromJson(o.value(QStringLiteral("series")).toObject());
    f.state = stateFromName(o.value(QStringLiteral("state")).toString()).value_or(State::Current);
    f.resolvedBy = o.value(QStringLiteral("resolved_by")).toString();
    const QJsonArray remedy = o.value(QStringLiteral("remedy")).toArray();
    for (const QJsonValue &v : remedy)
        f.remedy.append(v.toString());
    return f;
}

} // namespace gs::findings
