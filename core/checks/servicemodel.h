#pragma once

#include "checks/initscriptreport.h"
#include "checks/rawobservations.h"
#include "checks/unitreport.h"

#include <QHash>
#include <QList>

namespace gs::checks {

// The services behind the upstreams as the diagnosis saw them: the systemd unit of the process
// listening on each address, the unit or SysV init script meant to listen where nothing does, and
// the failed units. Pure: read from the UnitOfPid, UnitForAddress, InitScriptFor and UnitState
// probes.
struct ServiceModel
{
    QHash<QString, UnitReport> listening;         // by peer
    QHash<QString, UnitReport> meant;             // by peer: the unit whose file names it
    QHash<QString, InitScriptReport> initScripts; // by peer: the init script that names it
    QList<UnitReport> failed;                     // systemctl --failed, in unit name order

    void readListening(const RawObservations &raw, const QDateTime &windowStart);
    void readMeant(const RawObservations &raw, const QDateTime &windowStart);
    void readInitScripts(const RawObservations &raw);
    void readFailed(const RawObservations &raw, const QDateTime &windowStart);
};

} // namespace gs::checks
