#pragma once

#include "sys/parsediagnostic.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace gs::sys {

// Output of `ps -eo pid,ppid,user,args` (header optional). args keep their spaces.
class ProcessListParser
{
public:
    struct Process
    {
        qint64 pid = 0;
        qint64 ppid = 0;
        QString user;
        QString args; // "nginx: master process /usr/sbin/nginx -c /etc/nginx/nginx.conf"

        bool isKernelThread() const { return args.startsWith(QLatin1Char('[')); }
        bool isNginxMaster() const
        {
            return args.startsWith(QLatin1String("nginx: master process"));
        }
        bool isNginxWorker() const
        {
            return args.startsWith(QLatin1String("nginx: worker process"));
        }
        bool isFpmMaster() const
        {
            return args.startsWith(QLatin1String("php-fpm: master process"));
        }
        // "php-fpm: pool www" -> "www"; empty for other processes.
        QString fpmPool() const;
        // "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)" -> the path; nginx master:
        // the -c argument. Empty when not shown.
        QString masterConfigPath() const;
    };

    struct Result
    {
        QList<Process> processes;
        ParseDiagnostics diagnostics;
        QList<Process> children(qint64 ppid) const;
    };

    static Result parse(QStringView output);
};

} // namespace gs::sys
