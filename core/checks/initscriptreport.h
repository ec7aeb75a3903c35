#pragma once

#include "checks/rawobservations.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gs::checks {

// A SysV init script that names an upstream address, as remotescripts::initScriptFor reported
// it: where systemd is absent, this is how a service behind an upstream is found and run.
struct InitScriptReport
{
    struct LogTail
    {
        QString path;
        QStringList lines; // oldest first
    };

    QString script;          // /etc/init.d/NAME
    int status = -1;         // exit status of `SCRIPT status`: LSB 0 running, 1-3 not, 4 unknown
    QStringList statusLines; // what `status` printed
    QList<LogTail> logs;     // the *.log files the script names, with their last lines

    // NAME, what `service` and ServiceControl call it.
    QString name() const { return script.section(QLatin1Char('/'), -1); }
    bool running() const { return status == 0; }
    // LSB 1-3: dead with a pid file, dead with a lock file, not running; 4 means unknown.
    bool stopped() const { return status >= 1 && status <= 3; }

    // nullopt when the command did not run or found no script.
    static std::optional<InitScriptReport> parse(const CommandOutput &output);
};

} // namespace gs::checks
