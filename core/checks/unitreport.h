#pragma once

#include "checks/rawobservations.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace gs::checks {

// A systemd unit as remotescripts::unitOfPid, unitForAddress and unitState report it: its
// properties (systemctl show) and its journal lines inside the window.
struct UnitReport
{
    QString unit;
    QHash<QString, QString> properties; // systemctl show
    QList<QPair<QDateTime, QString>> journal;
    int crashes = 0; // abnormal exits or scheduled restarts in the window

    // nullopt when the command did not run or found no unit.
    static std::optional<UnitReport> parse(const CommandOutput &output,
                                           const QDateTime &windowStart);
};

} // namespace gs::checks
