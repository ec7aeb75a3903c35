#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gs::phpfpm {

// The pool's slowlog (request_slowlog_timeout): one block per slow request,
//   [21-Nov-2026 13:02:04]  [pool www] pid 23480
//   script_filename = /var/www/app/index.php
//   [0x00007fbefe0130b0] sleep() /var/www/app/index.php:3
// separated by blank lines. Lines outside a block are ignored.
class SlowlogParser
{
public:
    struct Entry
    {
        int line = 0;
        QDateTime wallTime; // naive server wall clock in a Qt::UTC container; NOT UTC
        QString rawTime;
        QString pool;
        qint64 pid = 0;
        QString scriptFilename;
        QStringList frames; // "sleep() /var/www/app/index.php:3", innermost first
        QJsonObject toJson() const;
    };

    static QList<Entry> parse(QByteArrayView text);
};

} // namespace gs::phpfpm
