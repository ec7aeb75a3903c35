#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

namespace gs::phpfpm {

// Reads the output of `php-fpm -t` (stderr; same line format as the FPM log).
class FpmTestOutputParser
{
public:
    struct Message
    {
        QString level; // NOTICE WARNING ERROR ALERT
        QString text;  // without the "[file:line] " or "[pool NAME] " prefix
        QString pool;
        QString file;
        int line = 0;
        int outputLine = 0;
    };

    struct Result
    {
        bool ok = false; // "configuration file F test is successful" and no ERROR/ALERT
        QString configFile;
        QList<Message> messages;
        QList<Message> errors() const; // ERROR and ALERT
        QJsonObject toJson() const;
    };

    static Result parse(QStringView output);
};

} // namespace gs::phpfpm
