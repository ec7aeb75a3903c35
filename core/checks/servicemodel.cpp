#include "checks/servicemodel.h"

namespace gs::checks {

namespace {

void readUnits(const RawObservations &raw,
               ProbeId id,
               const QDateTime &windowStart,
               QHash<QString, UnitReport> &into)
{
    for (const auto &[peer, output] : raw.each(id)) {
        if (auto unit = UnitReport::parse(*output, windowStart))
            into.insert(peer, *unit);
    }
}

} // namespace

void ServiceModel::readListening(const RawObservations &raw, const QDateTime &windowStart)
{
    readUnits(raw, ProbeId::UnitOfPid, windowStart, listening);
}

void ServiceModel::readMeant(const RawObservations &raw, const QDateTime &windowStart)
{
    readUnits(raw, ProbeId::UnitForAddress, windowStart, meant);
}

void ServiceModel::readInitScripts(const RawObservations &raw)
{
    for (const auto &[peer, output] : raw.each(ProbeId::InitScriptFor)) {
        if (auto script = InitScriptReport::parse(*output))
            initScripts.insert(peer, *script);
    }
}

void ServiceModel::readFailed(const RawObservations &raw, const QDateTime &windowStart)
{
    for (const auto &[name, output] : raw.each(ProbeId::UnitState)) {
        if (auto unit = UnitReport::parse(*output, windowStart))
            failed << *unit;
    }
}

} // namespace gs::checks
