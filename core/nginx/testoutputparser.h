#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

namespace gs::nginx {

// Reads what `nginx -t` (or -T) writes on stderr: whether the test passed, and every
// [emerg]/[alert]/[crit]/[warn]/[notice] message with the file and line it points at. Both forms
// nginx uses are understood: "nginx: [emerg] MSG in FILE:LINE" (before the error log is open) and
// "2026/11/21 12:56:02 [emerg] 123#123: MSG in FILE:LINE".
class TestOutputParser
{
public:
    struct Message
    {
        QString level; // emerg, alert, crit, error, warn, notice
        QString text;  // without " in FILE:LINE"
        QString file;
        int line = 0;       // line in file; 0 when the message names none
        int outputLine = 0; // 1-based line in the stderr text
        QString raw;
    };

    struct Result
    {
        bool ok = false;       // "test is successful" and no "test failed"
        bool syntaxOk = false; // "syntax is ok"
        QString configFile;    // from the summary lines
        QList<Message> messages;

        QList<Message> errors() const;   // emerg, alert, crit, error
        QList<Message> warnings() const; // warn
        QJsonObject toJson() const;
    };

    static Result parse(QStringView stderrText);
};

} // namespace gs::nginx
