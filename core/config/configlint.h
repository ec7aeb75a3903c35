#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace gs::config {

// Quick checks of configuration text while it is being typed (the editor's lint). Not a
// validator: `nginx -t` / `php-fpm -t` on the server have the last word. Pure.
class ConfigLint
{
public:
    struct Problem
    {
        enum class Severity { Error, Warning };
        int line = 0;   // 1-based
        int column = 0; // 1-based; 0 for the whole line
        int length = 0; // characters to mark from column; 0 for the rest of the line
        Severity severity = Severity::Error;
        QString message;
    };

    // Unbalanced braces, a statement without its ';' (before '}', at the end, or where the next
    // line starts with a directive), unterminated quotes, directives nginx does not know.
    static QList<Problem> lintNginx(QStringView text);
    // Lines that are neither "[section]", "key = value" nor comments; keys FPM does not know.
    static QList<Problem> lintFpm(QStringView text);

    static bool isKnownNginxDirective(QStringView name);
    static bool isKnownFpmKey(QStringView key);
};

} // namespace gs::config
